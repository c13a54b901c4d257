import { localDayOf } from "../../domain/shared/local-time.js";
import { type RequestContext, requireActor } from "./context.js";

/**
 * Today (YYYY-MM-DD) for the organisation the request acts for, on its own clock: at 01:00 in
 * Bishkek it is still yesterday in UTC, and a certificate, a card's default day or a link's check
 * must carry the day the clerk sees on the wall. The zone comes with the actor (read with the
 * session); `now` is the instant to read (tests pass one).
 */
export function organisationToday(ctx: RequestContext, now: Date = new Date()): string {
  return localDayOf(now, requireActor(ctx).timeZone);
}
