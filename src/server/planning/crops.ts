import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { CROPS, type Crop, cropByCode } from "../../domain/planning/crops.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import { assertWaterProvider } from "./climate.js";
import { cropAdjustment } from "./tables.js";

/**
 * Crops are reference data in code (FAO-56 Tables 11 and 12, `domain/planning/crops.ts`); a WUA
 * keeps only its differences from them, so a corrected table reaches every WUA that changed nothing.
 */
export interface CropAdjustmentInput {
  typicalPlanting: string | null;
  stagesDays: Partial<Crop["stagesDays"]>;
  kc: Partial<Crop["kc"]>;
}

type AdjustmentRow = typeof cropAdjustment.$inferSelect;

function applied(crop: Crop, adjustment: AdjustmentRow | undefined): Crop {
  if (!adjustment) return crop;
  return {
    ...crop,
    typicalPlanting: adjustment.typicalPlanting ?? crop.typicalPlanting,
    stagesDays: { ...crop.stagesDays, ...adjustment.stagesDays },
    kc: { ...crop.kc, ...adjustment.kc },
  };
}

/** Every reference crop as the organisation uses it, with the table's values beside its own. */
export async function organisationCrops(tx: Tx, orgId: string) {
  const adjustments = await tx.select().from(cropAdjustment).where(eq(cropAdjustment.orgId, orgId));
  const byCode = new Map(adjustments.map((a) => [a.cropCode, a]));
  return CROPS.map((crop) => {
    const adjustment = byCode.get(crop.code);
    return {
      reference: crop,
      crop: applied(crop, adjustment),
      adjustment: adjustment
        ? {
            typicalPlanting: adjustment.typicalPlanting,
            stagesDays: adjustment.stagesDays,
            kc: adjustment.kc,
            version: adjustment.version,
          }
        : null,
    };
  });
}

/** The crops a plan uses, by code. */
export async function cropsForPlanning(tx: Tx, orgId: string): Promise<Map<string, Crop>> {
  return new Map((await organisationCrops(tx, orgId)).map((c) => [c.crop.code, c.crop]));
}

/** Saves the organisation's adjustment of a crop; `version` null creates it. */
export async function adjustCrop(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  code: string,
  input: CropAdjustmentInput & { version: number | null },
) {
  await assertWaterProvider(tx, orgId);
  if (!cropByCode(code)) throw new DomainError("notFound.crop", { code });
  const [before] = await tx
    .select()
    .from(cropAdjustment)
    .where(and(eq(cropAdjustment.orgId, orgId), eq(cropAdjustment.cropCode, code)));
  const values = { typicalPlanting: input.typicalPlanting, stagesDays: input.stagesDays, kc: input.kc };
  let after: AdjustmentRow | undefined;
  if (!before) {
    if (input.version !== null) throw new DomainError("conflict.version", { current: 0 });
    [after] = await tx
      .insert(cropAdjustment)
      .values({ id: uuidv7(), orgId, cropCode: code, ...values })
      .returning();
  } else {
    [after] = await tx
      .update(cropAdjustment)
      .set({ ...values, version: sql`${cropAdjustment.version} + 1`, updatedAt: new Date() })
      .where(and(eq(cropAdjustment.id, before.id), eq(cropAdjustment.version, input.version ?? 0)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
  }
  await recordAudit(tx, ctx, {
    action: before ? "update" : "create",
    entity: "crop_adjustment",
    entityId: after!.id,
    before,
    after,
  });
  return (await organisationCrops(tx, orgId)).find((c) => c.crop.code === code)!;
}
