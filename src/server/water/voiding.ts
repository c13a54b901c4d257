import { and, eq, sql } from "drizzle-orm";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { gaugeReading, headReceipt } from "./tables.js";

const VOIDABLE = {
  gauge_reading: { table: gaugeReading, notFound: "notFound.gaugeReading" },
  head_receipt: { table: headReceipt, notFound: "notFound.headReceipt" },
} as const;
type Voidable = keyof typeof VOIDABLE;
type RowOf<E extends Voidable> = (typeof VOIDABLE)[E]["table"]["$inferSelect"];

/**
 * A wrong measurement stays on record, voided with the reason (never deleted); from then on it
 * counts in no volume or balance.
 */
export async function voidMeasurement<E extends Voidable>(
  database: Database,
  ctx: RequestContext,
  entity: E,
  id: string,
  input: { version: number; reason: string },
): Promise<RowOf<E>> {
  const actor = requireActor(ctx);
  // Both tables carry the same tenant and void columns; one of them types the statements.
  const table = VOIDABLE[entity].table as unknown as typeof gaugeReading;
  return withTenant(database, actor, async (tx) => {
    const [before] = await tx
      .select()
      .from(table)
      .where(and(eq(table.orgId, actor.orgId), eq(table.id, id)));
    if (!before) throw new DomainError(VOIDABLE[entity].notFound);
    if (before.voidedAt) throw new DomainError("water.alreadyVoided");
    const [after] = await tx
      .update(table)
      .set({
        voidedAt: new Date(),
        voidReason: input.reason,
        version: sql`${table.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(table.id, id), eq(table.version, input.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await recordAudit(tx, ctx, { action: "void", entity, entityId: id, before, after });
    return after as unknown as RowOf<E>;
  });
}
