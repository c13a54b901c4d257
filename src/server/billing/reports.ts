import { and, desc, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { ageDebts, ageDebtsBy, collectionRatesBy } from "../../domain/billing/ageing.js";
import { daysBetween, earlierDay } from "../../domain/billing/calendar.js";
import type { DocumentKind } from "../../domain/billing/invoice.js";
import { ratePercent } from "../../domain/billing/rounding.js";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { formatMoney } from "../../domain/shared/money.js";
import { flagsOfWaterUsers } from "../allocation/runs.js";
import { recordAudit } from "../audit/service.js";
import { enqueueSmsOnce, queuedUnder } from "../messaging/outbox.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { waterUsersByIds } from "../water/billing-facts.js";
import { accountingPeriods, balancesOf, openDocuments, tyiynOfSum, withBilling } from "./ledger.js";
import { billingClosedPeriod, billingDocument } from "./tables.js";
import { usersById, withUserNames } from "./water-users.js";

/** Seasons as billing sees them: their period and whether it is closed. */
export function listSeasons(database: Database, ctx: RequestContext) {
  return withBilling(database, ctx, async (tx, orgId) =>
    (await accountingPeriods(tx, orgId)).map((p) => ({
      id: p.id,
      name: p.season.name,
      year: p.season.year,
      startsOn: p.season.startsOn,
      endsOn: p.season.endsOn,
      periodTo: p.to,
      closed: p.closed,
    })),
  );
}

/** Closes a season: its period's postings are locked (the database refuses more); corrections go to the next open one. */
export function closeSeason(database: Database, ctx: RequestContext, seasonId: string) {
  const actor = requireActor(ctx);
  return withBilling(database, ctx, async (tx, orgId) => {
    const period = (await accountingPeriods(tx, orgId)).find((p) => p.id === seasonId);
    if (!period) throw new DomainError("notFound.season");
    if (period.closed) throw new DomainError("billing.alreadyClosed", { season: period.season.name });
    const id = uuidv7();
    await tx
      .insert(billingClosedPeriod)
      .values({ id, orgId, periodId: seasonId, closedAt: new Date(), closedBy: actor.userId });
    await recordAudit(tx, ctx, {
      action: "close",
      entity: "billingPeriod",
      entityId: seasonId,
      after: { season: period.season.name },
    });
    return { id: seasonId, closed: true };
  });
}

export function listDocuments(
  database: Database,
  ctx: RequestContext,
  query: { seasonId?: string; waterUserId?: string; kind?: DocumentKind; before?: number; limit: number },
) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const found = await tx
      .select()
      .from(billingDocument)
      .where(
        and(
          eq(billingDocument.orgId, orgId),
          query.seasonId ? eq(billingDocument.seasonId, query.seasonId) : undefined,
          query.waterUserId ? eq(billingDocument.waterUserId, query.waterUserId) : undefined,
          query.kind ? eq(billingDocument.kind, query.kind) : undefined,
          query.before ? sql`${billingDocument.number} < ${query.before}` : undefined,
        ),
      )
      .orderBy(desc(billingDocument.number))
      .limit(query.limit + 1);
    const more = found.length > query.limit;
    const page = more ? found.slice(0, query.limit) : found;
    return { items: await withUserNames(tx, orgId, page), nextCursor: more ? page.at(-1)!.number : null };
  });
}

/** The days a statement covers; either end left out is open. */
export interface StatementRange {
  from?: string;
  to?: string;
}

/**
 * A water user's statement for a range of days: the balance brought forward from before it, every
 * document, payment and reversal in it in order with the running balance, and the balance at its
 * end; `balanceTyiyn` is the ledger's balance now (what the user owes today, whatever the range).
 */
export function userStatement(
  database: Database,
  ctx: RequestContext,
  waterUserId: string,
  range: StatementRange = {},
) {
  if (range.from && range.to && range.from > range.to)
    throw new DomainError("billing.rangeReversed", { from: range.from, to: range.to });
  return withBilling(database, ctx, async (tx, orgId) => {
    const [user] = await waterUsersByIds(tx, orgId, [waterUserId]);
    if (!user) throw new DomainError("notFound.waterUser");
    // A reversal's day is the organisation's local day of the moment it was made.
    const timeZone = requireActor(ctx).timeZone;
    const entries = await rows<{
      kind: string;
      id: string;
      on: string;
      ref: string;
      amount: string;
      reason: string | null;
    }>(
      tx,
      sql`select d.kind, d.id, to_char(d.issued_on, 'YYYY-MM-DD') as on, d.number::text as ref, d.total_tyiyn as amount,
            null as reason, d.created_at
          from billing_document d where d.org_id = ${orgId} and d.water_user_id = ${waterUserId}
          union all
          select 'payment', p.id, to_char(p.received_on, 'YYYY-MM-DD'), coalesce(p.details->>'receiptNumber', p.details->>'reference', p.details->>'commodity', ''),
            -p.amount_tyiyn, null, p.created_at
          from billing_payment p where p.org_id = ${orgId} and p.water_user_id = ${waterUserId}
          union all
          select 'reversal', p.id, to_char((p.reversed_at at time zone ${timeZone})::date, 'YYYY-MM-DD'),
            coalesce(p.details->>'receiptNumber', p.details->>'reference', p.details->>'commodity', ''), p.amount_tyiyn, p.reversal_reason, p.reversed_at
          from billing_payment p where p.org_id = ${orgId} and p.water_user_id = ${waterUserId} and p.reversed_at is not null
          order by 3, 7`,
    );
    let running = 0;
    let opening = 0;
    const lines = [];
    for (const e of entries) {
      running += Number(e.amount);
      if (range.from && e.on < range.from) opening = running;
      else if (!range.to || e.on <= range.to)
        lines.push({
          kind: e.kind,
          id: e.id,
          on: e.on,
          ref: e.ref,
          amountTyiyn: Number(e.amount),
          reason: e.reason,
          balanceTyiyn: running,
        });
    }
    const ledgerBalance = (await balancesOf(tx, orgId, [waterUserId])).get(waterUserId) ?? 0;
    return {
      user: {
        id: user.id,
        number: user.number,
        displayName: user.displayName,
        villageCode: user.villageCode,
      },
      from: range.from ?? null,
      to: range.to ?? null,
      openingBalanceTyiyn: opening,
      lines,
      closingBalanceTyiyn: lines.at(-1)?.balanceTyiyn ?? opening,
      balanceTyiyn: ledgerBalance,
    };
  });
}

/** Debtors as of a day: what each owes, aged 0–30, 31–90 and over 90 days past due. */
export async function debtors(
  database: Database,
  ctx: RequestContext,
  query: { asOf: string; villageCode?: string },
) {
  return withBilling(database, ctx, (tx, orgId) => debtorsIn(tx, orgId, query));
}

async function debtorsIn(tx: Tx, orgId: string, query: { asOf: string; villageCode?: string }) {
  const open = await openDocuments(tx, orgId);
  const users = await usersById(
    tx,
    orgId,
    open.map((d) => d.waterUserId),
  );
  const inVillage = open.filter(
    (d) => !query.villageCode || users.get(d.waterUserId)?.villageCode === query.villageCode,
  );
  const byUser = ageDebtsBy(inVillage, query.asOf, (d) => d.waterUserId);
  const oldest = new Map<string, string>();
  for (const d of inVillage)
    if ((oldest.get(d.waterUserId) ?? "9999") > d.dueOn) oldest.set(d.waterUserId, d.dueOn);
  const items = byUser
    .map(({ key, buckets }) => {
      const u = users.get(key);
      return {
        waterUserId: key,
        number: u?.number ?? 0,
        displayName: u?.displayName ?? "",
        villageCode: u?.villageCode ?? null,
        phone: u?.phone ?? null,
        locale: u?.locale ?? "ky",
        oldestDueOn: oldest.get(key) ?? query.asOf,
        ...buckets,
      };
    })
    .sort((a, b) => b.total - a.total || a.number - b.number);
  return { asOf: query.asOf, items, totals: ageDebts(inVillage, query.asOf) };
}

/**
 * The collection rate of a season: paid / charged (invoices, supplementary invoices and penalties
 * less credit notes), overall, per village, and for vulnerable households against the others.
 * Vulnerable means what the municipality's register says through the confirmed link: the linked
 * person's household carries a vulnerability flag on the season's last day (or today, during the
 * season), the same reading as the allocation's guarantee and equity; users without a confirmed
 * link form their own group.
 */
export async function collectionReport(database: Database, ctx: RequestContext, seasonId: string) {
  const actor = requireActor(ctx);
  const season = await withBilling(database, ctx, async (tx, orgId) =>
    (await accountingPeriods(tx, orgId)).find((p) => p.id === seasonId),
  );
  if (!season) throw new DomainError("notFound.season");
  const onDay = earlierDay(season.season.endsOn, organisationToday(ctx));
  const flags = await flagsOfWaterUsers(database, actor, onDay);
  return withBilling(database, ctx, async (tx, orgId) => {
    const found = await rows<{ water_user_id: string; charged: string; paid: string }>(
      tx,
      sql`select d.water_user_id, sum(d.total_tyiyn) as charged, coalesce(sum(a.paid), 0) as paid
          from billing_document d
          left join (select document_id, sum(amount_tyiyn) as paid from billing_allocation
                     where org_id = ${orgId} and source_kind = 'payment' and voided_at is null group by document_id) a
            on a.document_id = d.id
          where d.org_id = ${orgId} and d.season_id = ${seasonId}
          group by d.water_user_id`,
    );
    const users = await usersById(
      tx,
      orgId,
      found.map((r) => r.water_user_id),
    );
    const rowsOut = found.map((r) => {
      const codes = flags.get(r.water_user_id);
      return {
        chargedTyiyn: tyiynOfSum(r.charged),
        paidTyiyn: tyiynOfSum(r.paid),
        village: users.get(r.water_user_id)?.villageCode ?? "",
        vulnerability: codes === undefined ? "not-linked" : codes.length > 0 ? "vulnerable" : "other",
      };
    });
    const percent = <T extends { rate: { numerator: number; denominator: number } }>(g: T) => ({
      ...g,
      ratePercent: ratePercent(g.rate),
    });
    const byVillage = collectionRatesBy(rowsOut, (r) => r.village);
    const byGroup = collectionRatesBy(rowsOut, (r) => r.vulnerability);
    return {
      seasonId,
      flagsOn: onDay,
      total: percent(byVillage.total),
      byVillage: byVillage.groups.map(percent),
      byVulnerability: byGroup.groups.map(percent),
      confirmedLinks: flags.size,
    };
  });
}

/**
 * Queues an SMS reminder to every debtor with a phone whose debt is at least `minDaysPastDue` days
 * past due, in the user's language; one per user and day (the idempotency key), so a repeat queues nothing new.
 * A `dryRun` counts the same way and queues nothing: what the page asks its user to confirm.
 */
export function queueReminders(
  database: Database,
  ctx: RequestContext,
  input: { asOf: string; minDaysPastDue: number; dryRun?: boolean },
) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const list = await debtorsIn(tx, orgId, { asOf: input.asOf });
    let queued = 0;
    // Reminded already on this day (the key is the user's and the day's): not queued again.
    let queuedBefore = 0;
    let withoutPhone = 0;
    for (const d of list.items) {
      if (daysBetween(d.oldestDueOn, input.asOf) < input.minDaysPastDue) continue;
      if (!d.phone) {
        withoutPhone++;
        continue;
      }
      const idempotencyKey = `billing-reminder:${d.waterUserId}:${input.asOf}`;
      if (input.dryRun) {
        if (await queuedUnder(tx, orgId, idempotencyKey)) queuedBefore++;
        else queued++;
        continue;
      }
      const locale = d.locale as Locale;
      const { queuedBefore: before } = await enqueueSmsOnce(tx, ctx, {
        to: d.phone,
        locale,
        body: translate(locale, "billing.sms.reminder", {
          number: d.number,
          amount: formatMoney(d.total - d.notDue, locale),
        }),
        purpose: "billing-reminder",
        refEntity: "waterUser",
        refId: d.waterUserId,
        idempotencyKey,
      });
      if (before) queuedBefore++;
      else queued++;
    }
    return { queued, queuedBefore, withoutPhone };
  });
}
