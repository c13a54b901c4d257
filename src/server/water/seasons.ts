import { and, asc, desc, eq, gte, lte } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { isUniqueViolation } from "../platform/pg-errors.js";
import { lockKey } from "../platform/transactions.js";
import { season } from "./tables.js";
import { assertProvider, withWater } from "./users.js";

export interface NewSeason {
  year: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

/**
 * Opens an irrigation season: contracts, plans and invoices belong to one. Its year numbers its
 * contracts ("2026-000123"), so it is the year the season starts or ends in (a winter season runs
 * into the next). Seasons do not overlap: a day's delivery, request or payment belongs to one, and
 * billing's accounting periods run from one season's start to the next's.
 */
export async function createSeason(database: Database, ctx: RequestContext, input: NewSeason) {
  const range = { from: input.startsOn, to: input.endsOn };
  if (input.startsOn > input.endsOn)
    throw new DomainError("validation.fields", {}, [
      { path: ["endsOn"], code: "rangeReversed", params: range },
    ]);
  if (![input.startsOn, input.endsOn].some((day) => Number(day.slice(0, 4)) === input.year))
    throw new DomainError("validation.fields", {}, [
      { path: ["year"], code: "seasonYearOffDates", params: range },
    ]);
  try {
    return await withWater(database, ctx, async (tx) => {
      const actor = requireActor(ctx);
      await assertProvider(tx, actor.orgId);
      // Two seasons opened at once would each find the other not there yet.
      await lockKey(tx, `seasons:${actor.orgId}`);
      const [overlapping] = await tx
        .select({ name: season.name, startsOn: season.startsOn, endsOn: season.endsOn })
        .from(season)
        .where(
          and(
            eq(season.orgId, actor.orgId),
            lte(season.startsOn, input.endsOn),
            gte(season.endsOn, input.startsOn),
          ),
        )
        .orderBy(asc(season.startsOn))
        .limit(1);
      if (overlapping)
        throw new DomainError("water.seasonOverlaps", {
          name: overlapping.name,
          from: overlapping.startsOn,
          to: overlapping.endsOn,
        });
      const [created] = await tx
        .insert(season)
        .values({ id: uuidv7(), orgId: actor.orgId, ...input, name: input.name.trim() })
        .returning();
      await recordAudit(tx, ctx, {
        action: "create",
        entity: "season",
        entityId: created!.id,
        after: created,
      });
      return created!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict.seasonName", { name: input.name.trim() });
    throw error;
  }
}

/** The provider's seasons, newest first. */
export async function listSeasons(database: Database, ctx: RequestContext) {
  return withWater(database, ctx, (tx) =>
    tx
      .select()
      .from(season)
      .where(eq(season.orgId, requireActor(ctx).orgId))
      .orderBy(desc(season.startsOn)),
  );
}

export async function loadSeason(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(season)
    .where(and(eq(season.id, id), eq(season.orgId, orgId)));
  if (!row) throw new DomainError("notFound.season");
  return row;
}
