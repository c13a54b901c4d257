import { and, desc, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { isUniqueViolation } from "../platform/pg-errors.js";
import { season } from "./tables.js";
import { assertProvider, withWater } from "./users.js";

export interface NewSeason {
  year: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** Opens an irrigation season: contracts, plans and invoices belong to one. */
export async function createSeason(database: Database, ctx: RequestContext, input: NewSeason) {
  if (input.startsOn > input.endsOn)
    throw new DomainError("validation.fields", {}, [
      { path: ["endsOn"], code: "rangeReversed", params: { from: input.startsOn, to: input.endsOn } },
    ]);
  try {
    return await withWater(database, ctx, async (tx) => {
      const actor = requireActor(ctx);
      await assertProvider(tx, actor.orgId);
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
