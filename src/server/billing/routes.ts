import type { FastifyReply } from "fastify";
import { z } from "zod";
import { MAX_PAYMENT_TYIYN, MAX_RATE_TYIYN, MAX_RATE_TYIYN_PER_KG } from "../../domain/billing/bounds.js";
import { MAX_INSTALMENTS } from "../../domain/billing/instalment.js";
import { DOCUMENT_KINDS } from "../../domain/billing/invoice.js";
import { isQuantity } from "../../domain/billing/rounding.js";
import { FEE_KINDS } from "../../domain/billing/tariff.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps, RouteApp } from "../app.js";
import type { RequestContext } from "../platform/context.js";
import { organisationToday } from "../platform/local-day.js";
import { daySchema, localeSchema, uuidSchema, versionSchema } from "../platform/schemas.js";
import { exportCollection, exportDebtors, exportDocuments, exportPayments } from "./exports.js";
import { loadTrialBalance } from "./ledger.js";
import { cashierSearch, listPayments, recordPayment, reversePayment } from "./payments.js";
import { paymentReceipt, statementPdf } from "./receipts.js";
import {
  closeSeason,
  collectionReport,
  debtors,
  listDocuments,
  listSeasons,
  queueReminders,
  userStatement,
} from "./reports.js";
import { chargePenalties, listRuns, runBilling } from "./runs.js";
import {
  endDiscount,
  getSettings,
  grantDiscount,
  listDiscounts,
  listTariffs,
  saveSettings,
  saveTariff,
} from "./tariffs.js";

const tyiynSchema = z.number().int().describe("money in integer tyiyn (1 som = 100 tyiyn)");
/** Money a person enters, up to a bound (domain/billing/bounds.ts) refused as "far too large to be real". */
const enteredTyiyn = (min: number, max: number) =>
  z.number().int().min(min).max(max, { message: "moneyAboveMax" });
const text = (max = 200) => z.string().trim().min(1).max(max);
const limitQuery = z.coerce.number().int().min(1).max(200).default(50);

const tariffInput = z
  .object({
    kind: z.enum(FEE_KINDS),
    tariffClass: text(60).optional(),
    crop: text(60).optional(),
    payers: z.enum(["members", "non-members", "all"]),
    validFrom: daySchema,
    validTo: daySchema,
    rateTyiyn: enteredTyiyn(0, MAX_RATE_TYIYN).describe("tyiyn per ha, per m³ or per member and season"),
    decisionBody: z.enum(["general-meeting", "state"]),
    decisionRef: text(200),
    decidedOn: daySchema,
  })
  .strict();

const tariffSchema = z
  .object({
    id: uuidSchema,
    kind: z.enum(FEE_KINDS),
    tariffClass: z.string().nullable(),
    crop: z.string().nullable(),
    payers: z.enum(["members", "non-members", "all"]),
    validFrom: z.string(),
    validTo: z.string(),
    rateTyiyn: tyiynSchema,
    decisionBody: z.enum(["general-meeting", "state"]),
    decisionRef: z.string(),
    decidedOn: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "BillingTariff" });

const discountSchema = z
  .object({
    id: uuidSchema,
    waterUserId: uuidSchema,
    userNumber: z.number().int(),
    userName: z.string(),
    basis: z.enum(["percent", "fixed"]),
    percent: z.number().nullable(),
    amountTyiyn: tyiynSchema.nullable(),
    reason: z.string(),
    decisionRef: z.string(),
    vulnerable: z.boolean(),
    validFrom: z.string(),
    validTo: z.string(),
    endedAt: z.date().nullable(),
    version: z.number().int(),
    register: z
      .object({ on: z.string(), linked: z.boolean(), flags: z.array(z.string()) })
      .nullable()
      .describe(
        "for a discount granted for vulnerability: the linked household's flags in the municipality's register on a day (today)",
      ),
  })
  .meta({ id: "BillingDiscount" });

const penaltyRuleSchema = z.union([
  z
    .object({
      kind: z.literal("daily"),
      basisPointsPerDay: z.number().min(0).max(10_000),
      graceDays: z.number().int().min(0).max(3650),
      capPercent: z.number().min(0).max(1000),
    })
    .strict(),
  z
    .object({
      kind: z.literal("monthly"),
      percentPerMonth: z.number().min(0).max(100),
      graceDays: z.number().int().min(0).max(3650),
      capPercent: z.number().min(0).max(1000),
    })
    .strict(),
]);
const inKindRateSchema = z
  .object({
    commodity: text(60),
    rateTyiynPerKg: enteredTyiyn(1, MAX_RATE_TYIYN_PER_KG),
    decisionRef: text(200),
    validFrom: daySchema,
  })
  .strict();
const instalmentPlanSchema = z
  .object({
    seasonId: uuidSchema,
    parts: z
      .array(
        z
          .object({
            percent: z.number().describe("share of every line, percent with at most two decimals"),
            dueOn: daySchema,
          })
          .strict(),
      )
      .min(1)
      .max(MAX_INSTALMENTS),
  })
  .strict();
const settingsSchema = z
  .object({
    penaltyRule: penaltyRuleSchema.nullable(),
    penaltyDecisionRef: z.string().nullable(),
    inKindRates: z.array(inKindRateSchema),
    dueDays: z.number().int(),
    instalments: z.array(instalmentPlanSchema),
    tariffClasses: z
      .array(z.string())
      .describe("the association's own tariff classes, beside the membership classes (member, non-member)"),
    version: z.number().int(),
  })
  .meta({ id: "BillingSettings" });

const runSchema = z
  .object({
    id: uuidSchema,
    seasonId: uuidSchema,
    runOn: z.string(),
    users: z.number().int(),
    invoices: z.number().int(),
    supplementary: z.number().int(),
    creditNotes: z.number().int(),
    unchanged: z.number().int(),
    netTyiyn: tyiynSchema,
    createdAt: z.date(),
  })
  .meta({ id: "BillingRun" });

const lineSchema = z.object({
  code: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  amountTyiyn: tyiynSchema,
  quantity: z.number().optional(),
  unit: z.string().optional(),
  rateTyiyn: tyiynSchema.optional(),
});
const documentSchema = z
  .object({
    id: uuidSchema,
    kind: z.enum(DOCUMENT_KINDS),
    number: z.number().int(),
    waterUserId: uuidSchema,
    userNumber: z.number().int(),
    userName: z.string(),
    seasonId: uuidSchema,
    issuedOn: z.string(),
    dueOn: z.string(),
    totalTyiyn: tyiynSchema,
    lines: z.array(lineSchema),
    correctsId: z.string().nullable(),
  })
  .meta({ id: "BillingDocument" });

/**
 * Goods paid in kind, in kg: billing values a quantity to its fourth decimal (0.1 g, rounding.ts),
 * so one with more is refused on its field rather than by the valuation after it (a 422 for the
 * whole request before).
 */
const quantityKgSchema = z
  .number()
  .positive()
  .max(1_000_000)
  .refine(isQuantity, { message: "decimalQuantity" })
  .describe("kg, above 0, at most 4 decimals");

const paymentSchema = z
  .object({
    id: uuidSchema,
    waterUserId: uuidSchema,
    userNumber: z.number().int(),
    userName: z.string(),
    receivedOn: z.string(),
    amountTyiyn: tyiynSchema,
    method: z.enum(["cash", "bank", "in-kind"]),
    details: z.object({
      receiptNumber: z.string().optional(),
      reference: z.string().optional(),
      commodity: z.string().optional(),
      quantityKg: z.number().optional(),
      rateTyiynPerKg: z.number().optional(),
      valuationDecisionRef: z.string().optional(),
    }),
    takenByName: z.string(),
    reversedAt: z.date().nullable(),
    reversalReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "BillingPayment" });

const allocationSchema = z.object({ invoiceId: uuidSchema, amountTyiyn: tyiynSchema });

const bucketsShape = {
  notDue: tyiynSchema,
  d0_30: tyiynSchema,
  d31_90: tyiynSchema,
  d90plus: tyiynSchema,
  total: tyiynSchema,
};
const rateGroupSchema = z.object({
  key: z.string(),
  chargedTyiyn: tyiynSchema,
  paidTyiyn: tyiynSchema,
  ratePercent: z
    .string()
    .nullable()
    .describe("paid / charged in percent, one decimal; null when nothing was charged"),
});

const statementRangeSchema = z.object({
  from: daySchema.optional().describe("first day; left out: from the first entry"),
  to: daySchema.optional().describe("last day; left out: to the last entry"),
});

const sendWorkbook = (reply: FastifyReply, name: string, file: Buffer) =>
  reply
    .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    .header("content-disposition", `attachment; filename="${name}.xlsx"`)
    .send(file);

export function registerBillingRoutes(app: RouteApp, { database }: AppDeps) {
  // A day left out is today in the organisation's own zone, not the server's UTC day.
  const today = (request: { ctx: RequestContext }) => organisationToday(request.ctx);
  app.get(
    "/api/billing/tariffs",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "The fee's tariffs, each with the decision that set it",
        response: { 200: z.array(tariffSchema) },
      },
    },
    async (request) => listTariffs(database, request.ctx),
  );

  app.post(
    "/api/billing/tariffs",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary:
          "Add a tariff (per ha by class or crop, per m³ for a period of the year, or the membership fee)",
        body: tariffInput,
        response: { 201: tariffSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await saveTariff(database, request.ctx, request.body)),
  );

  app.put(
    "/api/billing/tariffs/:tariffId",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary: "Change a tariff; invoices already issued keep the rate they were computed with",
        params: z.object({ tariffId: uuidSchema }),
        body: tariffInput.extend({ version: versionSchema }),
        response: { 200: tariffSchema },
      },
    },
    async (request) => saveTariff(database, request.ctx, { ...request.body, id: request.params.tariffId }),
  );

  app.get(
    "/api/billing/discounts",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Exemptions and discounts with their reasons",
        response: { 200: z.array(discountSchema) },
      },
    },
    async (request) => listDiscounts(database, request.ctx),
  );

  app.post(
    "/api/billing/discounts",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary: "Grant an exemption or discount to a water user, by a decision, with its reason",
        body: z
          .object({
            waterUserId: uuidSchema,
            basis: z.enum(["percent", "fixed"]),
            percent: z.number().min(0).max(100).optional(),
            amountTyiyn: enteredTyiyn(0, MAX_PAYMENT_TYIYN).optional(),
            reason: text(500),
            decisionRef: text(200),
            vulnerable: z.boolean().default(false),
            validFrom: daySchema,
            validTo: daySchema,
          })
          .strict(),
        response: { 201: discountSchema.omit({ register: true }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await grantDiscount(database, request.ctx, request.body)),
  );

  app.post(
    "/api/billing/discounts/:discountId/end",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary: "End a discount; the next run corrects the season's invoices",
        params: z.object({ discountId: uuidSchema }),
        body: z.object({ version: versionSchema }).strict(),
        response: { 200: z.object({ id: uuidSchema, version: z.number().int() }) },
      },
    },
    async (request) => endDiscount(database, request.ctx, request.params.discountId, request.body.version),
  );

  app.get(
    "/api/billing/settings",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary:
          "Late-payment penalty rule, in-kind valuation rates, payment terms and the association's tariff classes",
        response: { 200: settingsSchema },
      },
    },
    async (request) => getSettings(database, request.ctx),
  );

  app.put(
    "/api/billing/settings",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary:
          "Set the penalty rule, in-kind rates, payment terms, instalments per season and the association's tariff classes (version 0 the first time)",
        body: z
          .object({
            version: z.number().int().min(0),
            penaltyRule: penaltyRuleSchema.nullable(),
            penaltyDecisionRef: z.string().trim().max(200).nullable(),
            inKindRates: z.array(inKindRateSchema).max(50),
            dueDays: z.number().int().min(0).max(365),
            instalments: z
              .array(instalmentPlanSchema)
              .max(100)
              .optional()
              .describe("per season: the shares (summing to 100 %) and due days; omitted keeps them"),
            tariffClasses: z
              .array(z.string().trim().min(1).max(60))
              .max(50)
              .optional()
              .describe("the association's own tariff classes, as its people name them; omitted keeps them"),
          })
          .strict(),
        response: { 200: settingsSchema },
      },
    },
    async (request) => saveSettings(database, request.ctx, request.body),
  );

  app.get(
    "/api/billing/seasons",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Seasons as accounting periods, and whether each is closed",
        response: {
          200: z.array(
            z.object({
              id: uuidSchema,
              name: z.string(),
              year: z.number().int(),
              startsOn: z.string(),
              endsOn: z.string(),
              periodTo: z.string(),
              closed: z.boolean(),
            }),
          ),
        },
      },
    },
    async (request) => listSeasons(database, request.ctx),
  );

  app.post(
    "/api/billing/seasons/:seasonId/close",
    {
      config: { guard: "billing.close" },
      schema: {
        tags: ["billing"],
        summary: "Close a season: its postings are locked; later corrections go to the next open period",
        params: z.object({ seasonId: uuidSchema }),
        response: { 200: z.object({ id: uuidSchema, closed: z.boolean() }) },
      },
    },
    async (request) => closeSeason(database, request.ctx, request.params.seasonId),
  );

  app.get(
    "/api/billing/runs",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Billing runs, newest first",
        response: { 200: z.array(runSchema) },
      },
    },
    async (request) => listRuns(database, request.ctx),
  );

  app.post(
    "/api/billing/runs",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary:
          "Bill a season from contracts and measured deliveries; a re-run changes nothing that is right and corrects the rest by credit notes or supplementary invoices",
        body: z.object({ seasonId: uuidSchema, runOn: daySchema.optional() }).strict(),
        response: { 201: runSchema.extend({ seasonName: z.string(), postedOn: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await runBilling(database, request.ctx, {
          seasonId: request.body.seasonId,
          runOn: request.body.runOn ?? (await today(request)),
        }),
      ),
  );

  app.post(
    "/api/billing/penalties",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary:
          "Charge the late-payment penalty on overdue debts as of a day (a repeat charges nothing more)",
        body: z.object({ asOf: daySchema }).strict(),
        response: { 200: z.object({ documents: z.number().int(), totalTyiyn: tyiynSchema }) },
      },
    },
    async (request) => chargePenalties(database, request.ctx, request.body),
  );

  app.get(
    "/api/billing/documents",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Invoices, supplementary invoices, credit notes and penalties, newest first",
        querystring: z.object({
          seasonId: uuidSchema.optional(),
          waterUserId: uuidSchema.optional(),
          kind: z.enum(DOCUMENT_KINDS).optional(),
          before: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .describe("cursor: the last number of the previous page"),
          limit: limitQuery,
        }),
        response: {
          200: z.object({ items: z.array(documentSchema), nextCursor: z.number().int().nullable() }),
        },
      },
    },
    async (request) => listDocuments(database, request.ctx, request.query),
  );

  app.get(
    "/api/billing/cashier",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Find a water user by number or name, with their balance and open invoices",
        querystring: z.object({ q: z.string().trim().min(1).max(100) }),
        response: {
          200: z.array(
            z.object({
              id: uuidSchema,
              number: z.number().int(),
              displayName: z.string(),
              villageCode: z.string().nullable(),
              balanceTyiyn: tyiynSchema,
              openInvoices: z.array(
                z.object({
                  id: uuidSchema,
                  number: z.number().int(),
                  dueOn: z.string(),
                  outstandingTyiyn: tyiynSchema,
                }),
              ),
            }),
          ),
        },
      },
    },
    async (request) => cashierSearch(database, request.ctx, request.query.q),
  );

  app.get(
    "/api/billing/payments",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Payments by the day received, newest first, then the last entered first",
        querystring: z.object({
          waterUserId: uuidSchema.optional(),
          before: uuidSchema.optional().describe("the last payment of the page read (nextCursor)"),
          limit: limitQuery,
        }),
        response: { 200: z.object({ items: z.array(paymentSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => listPayments(database, request.ctx, request.query),
  );

  app.post(
    "/api/billing/payments",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary:
          "Record a payment (cash, bank transfer or in kind); applied to the oldest debt first unless invoices are named; the same idempotency key twice records it once",
        body: z
          .object({
            waterUserId: uuidSchema,
            receivedOn: daySchema.optional(),
            method: z.enum(["cash", "bank", "in-kind"]),
            amountTyiyn: enteredTyiyn(1, MAX_PAYMENT_TYIYN).optional().describe("integer tyiyn"),
            receiptNumber: z.string().trim().max(40).optional(),
            reference: z.string().trim().max(100).optional(),
            commodity: text(60).optional(),
            quantityKg: quantityKgSchema.optional(),
            allocateTo: z.array(uuidSchema).max(50).optional(),
            idempotencyKey: z.string().min(8).max(100),
          })
          .strict(),
        response: {
          201: z.object({
            payment: paymentSchema.omit({ userNumber: true, userName: true }),
            allocations: z.array(allocationSchema),
            repeated: z.boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const recorded = await recordPayment(database, request.ctx, {
        ...request.body,
        receivedOn: request.body.receivedOn ?? (await today(request)),
      });
      return reply.status(201).send(recorded);
    },
  );

  app.post(
    "/api/billing/payments/:paymentId/reverse",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary: "Reverse a payment, with the reason: a mirror posting; nothing is deleted",
        params: z.object({ paymentId: uuidSchema }),
        body: z.object({ reason: text(500), version: versionSchema }).strict(),
        response: { 200: paymentSchema.omit({ userNumber: true, userName: true }) },
      },
    },
    async (request) =>
      reversePayment(database, request.ctx, request.params.paymentId, {
        ...request.body,
        reversedOn: await today(request),
      }),
  );

  app.get(
    "/api/billing/payments/:paymentId/receipt",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "The payment's receipt as PDF, on A4 or for an 80 mm receipt printer",
        params: z.object({ paymentId: uuidSchema }),
        querystring: z.object({
          format: z.enum(["a4", "80mm"]).default("a4"),
          locale: localeSchema.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { format, locale } = request.query;
      const pdf = await paymentReceipt(
        database,
        request.ctx,
        request.params.paymentId,
        format,
        locale ?? request.ctx.locale,
      );
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="receipt-${request.params.paymentId}-${format}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    "/api/billing/users/:waterUserId/statement",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary:
          "A water user's statement for a range of days: the balance brought forward, documents, payments and reversals with the running balance, the closing balance",
        params: z.object({ waterUserId: uuidSchema }),
        querystring: statementRangeSchema,
        response: {
          200: z.object({
            user: z.object({
              id: uuidSchema,
              number: z.number().int(),
              displayName: z.string(),
              villageCode: z.string().nullable(),
            }),
            lines: z.array(
              z.object({
                kind: z.string(),
                id: uuidSchema,
                on: z.string(),
                ref: z.string(),
                amountTyiyn: tyiynSchema,
                reason: z.string().nullable(),
                balanceTyiyn: tyiynSchema,
              }),
            ),
            from: z.string().nullable(),
            to: z.string().nullable(),
            openingBalanceTyiyn: tyiynSchema.describe("the balance at the start of `from`"),
            closingBalanceTyiyn: tyiynSchema.describe("the balance at the end of `to`"),
            balanceTyiyn: tyiynSchema.describe("the ledger's balance now, whatever the range"),
          }),
        },
      },
    },
    async (request) => userStatement(database, request.ctx, request.params.waterUserId, request.query),
  );

  app.get(
    "/api/billing/users/:waterUserId/statement/pdf",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "A water user's statement for a range of days as PDF on A4, in the asked language",
        params: z.object({ waterUserId: uuidSchema }),
        querystring: statementRangeSchema.extend({ locale: localeSchema.optional() }),
      },
    },
    async (request, reply) => {
      const { waterUserId } = request.params;
      const { locale, ...range } = request.query;
      const pdf = await statementPdf(database, request.ctx, waterUserId, range, locale ?? request.ctx.locale);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="statement-${waterUserId}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    "/api/billing/trial-balance",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Debits and credits per account (receivables summed); the totals are always equal",
        querystring: z.object({ periodId: uuidSchema.optional() }),
        response: {
          200: z.object({
            accounts: z.array(
              z.object({
                account: z.string(),
                debitTyiyn: tyiynSchema,
                creditTyiyn: tyiynSchema,
                balanceTyiyn: tyiynSchema,
              }),
            ),
            totalDebitTyiyn: tyiynSchema,
            totalCreditTyiyn: tyiynSchema,
          }),
        },
      },
    },
    async (request) => loadTrialBalance(database, request.ctx, request.query.periodId),
  );

  app.get(
    "/api/billing/debtors",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Debtors with their debts aged 0–30, 31–90 and over 90 days past due",
        querystring: z.object({ asOf: daySchema.optional(), villageCode: z.string().max(30).optional() }),
        response: {
          200: z.object({
            asOf: z.string(),
            items: z.array(
              z.object({
                waterUserId: uuidSchema,
                number: z.number().int(),
                displayName: z.string(),
                villageCode: z.string().nullable(),
                phone: z.string().nullable(),
                oldestDueOn: z.string(),
                ...bucketsShape,
              }),
            ),
            totals: z.object(bucketsShape),
          }),
        },
      },
    },
    async (request) =>
      debtors(database, request.ctx, {
        ...request.query,
        asOf: request.query.asOf ?? (await today(request)),
      }),
  );

  app.get(
    "/api/billing/debtors/export",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "The debtors list as an Excel workbook (amounts in som)",
        querystring: z.object({ asOf: daySchema.optional(), locale: localeSchema.optional() }),
      },
    },
    async (request, reply) => {
      const asOf = request.query.asOf ?? (await today(request));
      const file = await exportDebtors(database, request.ctx, {
        asOf,
        locale: request.query.locale ?? request.ctx.locale,
      });
      return sendWorkbook(reply, `debtors-${asOf}`, file);
    },
  );

  app.get(
    "/api/billing/documents/export",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary:
          "Invoices, supplementary invoices, credit notes and penalties as an Excel workbook (amounts in som)",
        querystring: z.object({
          seasonId: uuidSchema.optional(),
          kind: z.enum(DOCUMENT_KINDS).optional(),
          locale: localeSchema.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { seasonId, kind } = request.query;
      const file = await exportDocuments(database, request.ctx, {
        ...(seasonId ? { seasonId } : {}),
        ...(kind ? { kind } : {}),
        locale: request.query.locale ?? request.ctx.locale,
      });
      return sendWorkbook(reply, "documents", file);
    },
  );

  app.get(
    "/api/billing/payments/export",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary:
          "Payments received in a range of days as an Excel workbook, reversals marked (amounts in som)",
        querystring: z.object({
          from: daySchema.optional(),
          to: daySchema.optional(),
          locale: localeSchema.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      if (from && to && from > to) throw new DomainError("billing.rangeReversed", { from, to });
      const file = await exportPayments(database, request.ctx, {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        locale: request.query.locale ?? request.ctx.locale,
      });
      return sendWorkbook(reply, `payments${from ? `-${from}` : ""}${to ? `-${to}` : ""}`, file);
    },
  );

  app.get(
    "/api/billing/seasons/:seasonId/collection/export",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary:
          "A season's collection rate as an Excel workbook: overall, per village, vulnerable and other households",
        params: z.object({ seasonId: uuidSchema }),
        querystring: z.object({ locale: localeSchema.optional() }),
      },
    },
    async (request, reply) => {
      const file = await exportCollection(database, request.ctx, {
        seasonId: request.params.seasonId,
        locale: request.query.locale ?? request.ctx.locale,
      });
      return sendWorkbook(reply, "collection", file);
    },
  );

  app.get(
    "/api/billing/seasons/:seasonId/collection",
    {
      config: { guard: "billing.read" },
      schema: {
        tags: ["billing"],
        summary: "Collection rate of a season: overall, per village, vulnerable vs other households",
        params: z.object({ seasonId: uuidSchema }),
        response: {
          200: z.object({
            seasonId: uuidSchema,
            total: rateGroupSchema.omit({ key: true }),
            byVillage: z.array(rateGroupSchema),
            byVulnerability: z
              .array(rateGroupSchema)
              .describe(
                "vulnerable: a confirmed link to a person whose household the municipality flagged; other: linked, no flag; not-linked",
              ),
            flagsOn: z.string().describe("the day the register's flags were read for"),
            confirmedLinks: z.number().int(),
          }),
        },
      },
    },
    async (request) => collectionReport(database, request.ctx, request.params.seasonId),
  );

  app.post(
    "/api/billing/reminders",
    {
      config: { guard: "billing.write" },
      schema: {
        tags: ["billing"],
        summary: "Queue SMS reminders to debtors past due (one per user and day)",
        body: z
          .object({
            asOf: daySchema.optional(),
            minDaysPastDue: z.number().int().min(0).max(3650).default(1),
            dryRun: z
              .boolean()
              .default(false)
              .describe("count who would be texted and queue nothing (what a page asks to confirm)"),
          })
          .strict(),
        response: {
          200: z.object({
            queued: z.number().int().describe("queued (or, on a dry run, to be queued)"),
            queuedBefore: z
              .number()
              .int()
              .describe("debtors already reminded for this day: not queued again"),
            withoutPhone: z.number().int(),
          }),
        },
      },
    },
    async (request) =>
      queueReminders(database, request.ctx, {
        asOf: request.body.asOf ?? (await today(request)),
        minDaysPastDue: request.body.minDaysPastDue,
        dryRun: request.body.dryRun,
      }),
  );
}
