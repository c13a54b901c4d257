import { localDayOf } from "../../domain/shared/local-time.js";
import { orgTimeZone } from "../orgs/service.js";
import { type RequestContext, requireActor } from "./context.js";
import type { Database } from "./db.js";
import { withTenant } from "./transactions.js";

/**
 * Today (YYYY-MM-DD) for the organisation the request acts for, on its own clock: at 01:00 in
 * Bishkek it is still yesterday in UTC, and a certificate, a card's default day or a link's check
 * must carry the day the clerk sees on the wall. `now` is the instant to read (tests pass one).
 */
export async function organisationToday(
  database: Database,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<string> {
  const actor = requireActor(ctx);
  const timeZone = await withTenant(database, actor, (tx) => orgTimeZone(tx, actor.orgId));
  return localDayOf(now, timeZone);
}
