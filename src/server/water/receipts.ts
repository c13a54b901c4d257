import { and, asc, eq, gte, isNull, lte } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { decadeKey, decadeOf } from "../../domain/shared/decade.js";
import { DomainError } from "../../domain/shared/errors.js";
import { daysWindow } from "../../domain/shared/local-time.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { DEFAULT_MAX_GAP_HOURS, flowSeries, loadGaugingPost, periodVolume } from "./readings.js";
import { canalReach, headReceipt } from "./tables.js";

interface ReceiptCommon {
  reachId: string;
  fromDay: string;
  toDay: string;
  actNumber?: string | null | undefined;
  note?: string | null | undefined;
}
/** Typed from the department's act, or integrated from the head gauging post's readings. */
export type ReceiptInput =
  | (ReceiptCommon & { source: "act"; volumeM3: number })
  | (ReceiptCommon & { source: "gauge"; structureId: string });

async function loadHeadReach(tx: Tx, orgId: string, reachId: string) {
  const [reach] = await tx
    .select()
    .from(canalReach)
    .where(and(eq(canalReach.orgId, orgId), eq(canalReach.id, reachId)));
  if (!reach) throw new DomainError("notFound.reach");
  if (reach.kind !== "head") throw new DomainError("water.notAHeadReach", { code: reach.code });
  return reach;
}

/**
 * Records water received at the head for a day or a decade. The balance is kept by decade, so a
 * receipt lies within one; two receipts of one head may not cover the same day (counted twice).
 */
export async function recordHeadReceipt(database: Database, ctx: RequestContext, input: ReceiptInput) {
  const actor = requireActor(ctx);
  if (input.fromDay > input.toDay)
    throw new DomainError("date.rangeReversed", { from: input.fromDay, to: input.toDay });
  if (decadeKey(decadeOf(input.fromDay)) !== decadeKey(decadeOf(input.toDay))) {
    throw new DomainError("water.receiptSpansDecades", { from: input.fromDay, to: input.toDay });
  }
  return withTenant(database, actor, async (tx) => {
    const reach = await loadHeadReach(tx, actor.orgId, input.reachId);
    const [overlap] = await tx
      .select({ id: headReceipt.id })
      .from(headReceipt)
      .where(
        and(
          eq(headReceipt.orgId, actor.orgId),
          eq(headReceipt.reachId, reach.id),
          isNull(headReceipt.voidedAt),
          lte(headReceipt.fromDay, input.toDay),
          gte(headReceipt.toDay, input.fromDay),
        ),
      );
    if (overlap) throw new DomainError("water.receiptOverlaps", { from: input.fromDay, to: input.toDay });

    let measured: { volumeM3: number; structureId: string | null; gapSeconds: number | null };
    if (input.source === "act") {
      measured = { volumeM3: input.volumeM3, structureId: null, gapSeconds: null };
    } else {
      const post = await loadGaugingPost(tx, actor.orgId, input.structureId);
      if (post.reachId !== reach.id)
        throw new DomainError("water.gaugingPostNotOnReach", { code: post.code });
      const maxGapMs = DEFAULT_MAX_GAP_HOURS * 3_600_000;
      const period = { key: input.fromDay, from: input.fromDay, to: input.toDay };
      const timeZone = actor.timeZone;
      const { fromMs, toMs } = daysWindow(input.fromDay, input.toDay, timeZone);
      const series = await flowSeries(tx, actor.orgId, [post.id], fromMs, toMs, maxGapMs);
      const v = periodVolume(series.get(post.id)!, period, DEFAULT_MAX_GAP_HOURS, timeZone);
      if (v.coveredSeconds === 0) throw new DomainError("water.noReadingsInPeriod", { code: post.code });
      measured = {
        volumeM3: v.volumeM3,
        structureId: post.id,
        gapSeconds: v.windowSeconds - v.coveredSeconds,
      };
    }
    const [row] = await tx
      .insert(headReceipt)
      .values({
        id: uuidv7(),
        orgId: actor.orgId,
        reachId: reach.id,
        fromDay: input.fromDay,
        toDay: input.toDay,
        actNumber: input.actNumber ?? null,
        note: input.note ?? null,
        source: input.source,
        ...measured,
      })
      .returning();
    await recordAudit(tx, ctx, { action: "create", entity: "head_receipt", entityId: row!.id, after: row });
    return row!;
  });
}

/** Receipts whose period overlaps [from, to], voided ones included (marked), oldest first. */
export async function listHeadReceipts(
  database: Database,
  ctx: RequestContext,
  filter: { from: string; to: string },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) =>
    headReceiptsBetween(tx, actor.orgId, filter.from, filter.to, true),
  );
}

export async function headReceiptsBetween(
  tx: Tx,
  orgId: string,
  from: string,
  to: string,
  withVoided: boolean,
) {
  return tx
    .select({
      receipt: headReceipt,
      reachCode: canalReach.code,
      reachName: canalReach.name,
    })
    .from(headReceipt)
    .innerJoin(canalReach, eq(canalReach.id, headReceipt.reachId))
    .where(
      and(
        eq(headReceipt.orgId, orgId),
        lte(headReceipt.fromDay, to),
        gte(headReceipt.toDay, from),
        withVoided ? undefined : isNull(headReceipt.voidedAt),
      ),
    )
    .orderBy(asc(headReceipt.fromDay))
    .then((found) => found.map((r) => ({ ...r.receipt, reachCode: r.reachCode, reachName: r.reachName })));
}
