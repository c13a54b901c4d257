import { z } from "zod";
import { LOCALES } from "../../domain/places/units.js";
import type { AppDeps, RouteApp } from "../app.js";
import { requireActor } from "../platform/context.js";
import { organisationToday } from "../platform/local-day.js";
import {
  areaHaSchema,
  daySchema,
  localizedOutSchema,
  uuidSchema,
  versionSchema,
} from "../platform/schemas.js";
import { waterUserCard } from "./card.js";
import { contractPdf } from "./contract-pdf.js";
import {
  amendContract,
  createContract,
  getContract,
  listContracts,
  signContract,
  terminateContract,
  updateContract,
} from "./contracts.js";
import { GLANCE_TURNS, waterGlance } from "./glance.js";
import { decideLink, endLink, linkSuggestions, listLinkProposals, proposeLink } from "./links.js";
import { addPlot, updatePlot } from "./plots.js";
import { createSeason, listSeasons } from "./seasons.js";
import {
  CONTRACT_STATUSES,
  LEGAL_ENTITY_KINDS,
  LINK_STATUSES,
  PLOT_TENURES,
  WATER_USER_KINDS,
} from "./tables.js";
import { createWaterUser, listWaterUsers, providerVillages, updateWaterUser, withWater } from "./users.js";

const glanceSchema = z.object({
  on: daySchema,
  season: z.object({ id: uuidSchema, name: z.string(), startsOn: daySchema, endsOn: daySchema }).nullable(),
  waterUsers: z.number().int().describe("users not archived"),
  withoutContract: z.number().int().optional().describe("users with no signed contract for the season"),
  contracts: z.object({ signed: z.number().int(), draft: z.number().int() }).optional(),
  deliveries: z
    .object({ acts: z.number().int(), volumeM3: z.number(), unsigned: z.number().int() })
    .optional()
    .describe("the season's delivery acts not voided, their water, and those the user has not signed"),
  receivedM3: z.number().nullable().optional().describe("water received at the head in the season"),
  turns: z.object({
    total: z.number().int(),
    items: z
      .array(
        z.object({
          runId: uuidSchema,
          outlet: z.string(),
          waterUser: z.string(),
          start: z.string(),
          end: z.string(),
          volumeM3: z.number(),
        }),
      )
      .describe(`the day's turns of published schedules in the order they start, the first ${GLANCE_TURNS}`),
  }),
  billing: z
    .object({
      chargedTyiyn: z.number().int(),
      paidTyiyn: z.number().int(),
      ratePercent: z.string().nullable(),
      debtors: z.number().int().describe("users with an amount past due on the day"),
      overdueTyiyn: z.number().int(),
    })
    .nullable(),
});
const shortText = (max = 200) => z.string().trim().max(max);
const pageQuery = {
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    hasMore: z.boolean(),
  });

const waterUserInputSchema = z
  .object({
    kind: z.enum(WATER_USER_KINDS),
    pin: z.string().trim().max(20).nullable().optional().describe("a person's PIN, 14 digits, when known"),
    surname: shortText(100).nullable().optional(),
    givenName: shortText(100).nullable().optional(),
    patronymic: shortText(100).nullable().optional(),
    legalName: shortText(300).nullable().optional(),
    legalEntityKind: z.enum(LEGAL_ENTITY_KINDS).nullable().optional(),
    taxId: shortText(20).nullable().optional(),
    villageCode: z.string().max(30).nullable().optional(),
    member: z.boolean().optional(),
    phone: shortText(30).nullable().optional(),
    locale: z.enum(LOCALES).optional(),
    notes: shortText(2000).nullable().optional(),
  })
  .strict();

const waterUserSchema = z
  .object({
    id: uuidSchema,
    number: z.number().int(),
    kind: z.enum(WATER_USER_KINDS),
    pin: z.string().nullable(),
    surname: z.string().nullable(),
    givenName: z.string().nullable(),
    patronymic: z.string().nullable(),
    legalName: z.string().nullable(),
    legalEntityKind: z.enum(LEGAL_ENTITY_KINDS).nullable(),
    taxId: z.string().nullable(),
    displayName: z.string(),
    villageCode: z.string().nullable(),
    member: z.boolean(),
    phone: z.string().nullable(),
    locale: z.enum(LOCALES),
    notes: z.string().nullable(),
    archivedOn: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "WaterUser" });

const geometrySchema = z
  .object({ type: z.enum(["Polygon", "MultiPolygon"]), coordinates: z.array(z.any()) })
  .describe("GeoJSON Polygon or MultiPolygon, WGS 84");

const plotSchema = z
  .object({
    id: uuidSchema,
    waterUserId: uuidSchema,
    outletId: uuidSchema,
    cadastralNumber: z.string().nullable(),
    areaHa: z.number(),
    tenure: z.enum(PLOT_TENURES),
    villageCode: z.string().nullable(),
    geometry: z.unknown().nullable(),
    endedOn: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "IrrigatedPlot" });

const plotInputSchema = z
  .object({
    outletId: uuidSchema,
    areaHa: areaHaSchema,
    tenure: z.enum(PLOT_TENURES),
    cadastralNumber: shortText(40).nullable().optional(),
    villageCode: z.string().max(30).nullable().optional(),
    geometry: geometrySchema.nullable().optional(),
  })
  .strict();

const sharedFlagSchema = z.object({ code: z.string(), label: z.string(), setOn: z.string() });

const linkSchema = z
  .object({
    id: uuidSchema,
    status: z.enum(LINK_STATUSES),
    version: z.number().int(),
    proposedAt: z.date(),
    decidedAt: z.date().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: "WaterUserLink" });

const seasonSchema = z
  .object({
    id: uuidSchema,
    year: z.number().int(),
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    closedAt: z.date().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "Season" });

const contractSchema = z
  .object({
    id: uuidSchema,
    seasonId: uuidSchema,
    waterUserId: uuidSchema,
    number: z.string(),
    tariffClass: z.string(),
    status: z.enum(CONTRACT_STATUSES),
    signedOn: z.string().nullable(),
    terminatedOn: z.string().nullable(),
    notes: z.string().nullable(),
    supersedesId: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "WaterContract" });

const contractLineSchema = z.object({
  plotId: uuidSchema,
  cropCode: z.string().max(40),
  areaHa: areaHaSchema,
});

const contractHitSchema = contractSchema
  .extend({ userName: z.string(), userNumber: z.number().int(), seasonName: z.string(), areaHa: z.number() })
  .meta({ id: "WaterContractHit" });

const contractDetailSchema = contractSchema
  .extend({
    waterUser: waterUserSchema,
    season: seasonSchema,
    areaHa: z.number(),
    lines: z.array(
      contractLineSchema.extend({
        cadastralNumber: z.string().nullable(),
        plotAreaHa: z.number(),
        outletCode: z.string(),
        outletName: z.string(),
      }),
    ),
    supersedes: z.object({ id: uuidSchema, number: z.string() }).nullable(),
    supersededBy: z.object({ id: uuidSchema, number: z.string() }).nullable(),
  })
  .meta({ id: "WaterContractDetail" });

const cardSchema = waterUserSchema
  .extend({
    plots: z.array(plotSchema.extend({ outletCode: z.string(), outletName: z.string() })),
    contracts: z.array(contractHitSchema),
    link: linkSchema.extend({ flags: z.array(sharedFlagSchema) }).nullable(),
  })
  .meta({ id: "WaterUserCard" });

const candidateSchema = z
  .object({
    personId: uuidSchema,
    municipalityOrgId: uuidSchema,
    municipalityName: localizedOutSchema,
    name: z.string(),
    birthYear: z.number().int().nullable(),
    villageCode: z.string(),
  })
  .meta({ id: "LinkCandidate" });

const proposalSchema = z
  .object({
    id: uuidSchema,
    status: z.enum(LINK_STATUSES),
    version: z.number().int(),
    proposedAt: z.date(),
    decidedAt: z.date().nullable(),
    reason: z.string().nullable(),
    provider: z.object({ id: uuidSchema, name: localizedOutSchema }),
    waterUser: z.object({
      number: z.number().int(),
      displayName: z.string(),
      pin: z.string().nullable(),
      villageCode: z.string().nullable(),
    }),
    person: z.object({
      id: uuidSchema,
      name: z.string(),
      birthDate: z.string().nullable(),
      householdId: z.string().nullable(),
      householdNumber: z.number().int().nullable(),
    }),
  })
  .meta({ id: "LinkProposal" });

const userParams = z.object({ waterUserId: uuidSchema });
const contractParams = z.object({ contractId: uuidSchema });
const linkParams = z.object({ linkId: uuidSchema });
const endLinkBody = z.object({ reason: shortText(500).min(1), version: versionSchema }).strict();
const booleanQuery = z.enum(["true", "false"]).transform((v) => v === "true");

/** Water users, their link to the municipality's register, plots, seasons and contracts. */
export function registerWaterUserRoutes(app: RouteApp, { database }: AppDeps) {
  const tags = ["water users"];

  app.get(
    "/api/water/villages",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The villages the provider serves (the only villages its users and plots may be in)",
        response: { 200: z.array(z.object({ code: z.string(), name: localizedOutSchema })) },
      },
    },
    async (request) =>
      withWater(database, request.ctx, (tx) => providerVillages(tx, requireActor(request.ctx).orgId)),
  );

  app.get(
    "/api/water/users",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "Water users: by name (Cyrillic or Latin), PIN, number or tax number; by kind, membership, village, a season's contract",
        querystring: z.object({
          q: z.string().max(200).optional(),
          kind: z.enum(WATER_USER_KINDS).optional(),
          member: booleanQuery.optional(),
          villageCode: z.string().max(30).optional(),
          archived: z.enum(["no", "yes", "all"]).optional(),
          withoutContract: uuidSchema
            .optional()
            .describe("a season: only users with no signed contract for it"),
          ...pageQuery,
        }),
        response: { 200: pageOf(waterUserSchema) },
      },
    },
    async (request) => listWaterUsers(database, request.ctx, request.query),
  );

  app.post(
    "/api/water/users",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Register a water user (a person or a legal entity); numbered per provider",
        body: waterUserInputSchema,
        response: { 201: waterUserSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWaterUser(database, request.ctx, request.body)),
  );

  app.get(
    "/api/water/users/:waterUserId",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "The water user card: details, plots, contracts, link and the linked household's vulnerability flags",
        params: userParams,
        response: { 200: cardSchema },
      },
    },
    async (request) => waterUserCard(database, request.ctx, request.params.waterUserId),
  );

  app.patch(
    "/api/water/users/:waterUserId",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Edit a water user; archivedOn archives them (null restores)",
        params: userParams,
        body: waterUserInputSchema
          .partial()
          .extend({ archivedOn: daySchema.nullable().optional(), version: versionSchema })
          .strict(),
        response: { 200: waterUserSchema },
      },
    },
    async (request) => updateWaterUser(database, request.ctx, request.params.waterUserId, request.body),
  );

  app.get(
    "/api/water/users/:waterUserId/link-suggestions",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary:
          "People of the municipalities over the provider's villages who may be this user: by PIN, or by name and birth date",
        params: userParams,
        querystring: z.object({ birthDate: daySchema.optional() }),
        response: { 200: z.array(candidateSchema) },
      },
    },
    async (request) =>
      linkSuggestions(database, request.ctx, request.params.waterUserId, request.query.birthDate),
  );

  app.post(
    "/api/water/users/:waterUserId/link",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Propose linking the user to a suggested person; the municipality confirms or refuses",
        params: userParams,
        body: z.object({ personId: uuidSchema, birthDate: daySchema.optional() }).strict(),
        response: { 201: linkSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await proposeLink(database, request.ctx, request.params.waterUserId, request.body)),
  );

  app.post(
    "/api/water/links/:linkId/end",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "End a link (or withdraw a proposal), with the reason",
        params: linkParams,
        body: endLinkBody,
        response: { 200: linkSchema },
      },
    },
    async (request) => endLink(database, request.ctx, request.params.linkId, request.body),
  );

  app.post(
    "/api/water/users/:waterUserId/plots",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Add an irrigated plot: area, outlet, tenure, cadastral number, optional polygon",
        params: userParams,
        body: plotInputSchema,
        response: { 201: plotSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addPlot(database, request.ctx, request.params.waterUserId, request.body)),
  );

  app.patch(
    "/api/water/plots/:plotId",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Edit a plot, or end it (endedOn)",
        params: z.object({ plotId: uuidSchema }),
        body: plotInputSchema
          .partial()
          .extend({ endedOn: daySchema.nullable().optional(), version: versionSchema })
          .strict(),
        response: { 200: plotSchema },
      },
    },
    async (request) => updatePlot(database, request.ctx, request.params.plotId, request.body),
  );

  app.get(
    "/api/water/seasons",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The provider's seasons, newest first",
        response: { 200: z.array(seasonSchema) },
      },
    },
    async (request) => listSeasons(database, request.ctx),
  );

  app.get(
    "/api/water/glance",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "The season at a glance for the home page: users and contracts, water received and delivered, acts to sign, the day's turns, and (with billing.read) collection and debtors",
        querystring: z.object({
          on: daySchema.optional().describe("the day looked at; today in the organisation's zone without it"),
        }),
        response: { 200: glanceSchema },
      },
    },
    async (request) => waterGlance(database, request.ctx, request.query.on ?? organisationToday(request.ctx)),
  );

  app.post(
    "/api/water/seasons",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Open an irrigation season",
        body: z
          .object({
            year: z.number().int().min(2000).max(2100),
            name: shortText(100).min(1),
            startsOn: daySchema,
            endsOn: daySchema,
          })
          .strict(),
        response: { 201: seasonSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createSeason(database, request.ctx, request.body)),
  );

  app.get(
    "/api/water/contracts",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Contracts, by season, user and status",
        querystring: z.object({
          seasonId: uuidSchema.optional(),
          waterUserId: uuidSchema.optional(),
          status: z.enum(CONTRACT_STATUSES).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(contractHitSchema) },
      },
    },
    async (request) => listContracts(database, request.ctx, request.query),
  );

  app.post(
    "/api/water/contracts",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Draft a season's contract: plots with crop and area, tariff class",
        body: z
          .object({
            seasonId: uuidSchema,
            waterUserId: uuidSchema,
            tariffClass: shortText(40).optional(),
            notes: shortText(2000).nullable().optional(),
            plots: z.array(contractLineSchema).max(100),
          })
          .strict(),
        response: { 201: contractSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createContract(database, request.ctx, request.body)),
  );

  app.get(
    "/api/water/contracts/:contractId",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "A contract with its lines",
        params: contractParams,
        response: { 200: contractDetailSchema },
      },
    },
    async (request) => getContract(database, request.ctx, request.params.contractId),
  );

  app.patch(
    "/api/water/contracts/:contractId",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Edit a draft contract (a signed one is amended instead)",
        params: contractParams,
        body: z
          .object({
            tariffClass: shortText(40).optional(),
            notes: shortText(2000).nullable().optional(),
            plots: z.array(contractLineSchema).max(100).optional(),
            version: versionSchema,
          })
          .strict(),
        response: { 200: contractSchema },
      },
    },
    async (request) => updateContract(database, request.ctx, request.params.contractId, request.body),
  );

  app.post(
    "/api/water/contracts/:contractId/sign",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Sign a draft; an amendment terminates the contract it replaces the same day",
        params: contractParams,
        body: z.object({ signedOn: daySchema, version: versionSchema }).strict(),
        response: { 200: contractSchema },
      },
    },
    async (request) => signContract(database, request.ctx, request.params.contractId, request.body),
  );

  app.post(
    "/api/water/contracts/:contractId/terminate",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Terminate a contract (or drop a draft) on a day",
        params: contractParams,
        body: z
          .object({ terminatedOn: daySchema, reason: shortText(500).optional(), version: versionSchema })
          .strict(),
        response: { 200: contractSchema },
      },
    },
    async (request) => terminateContract(database, request.ctx, request.params.contractId, request.body),
  );

  app.post(
    "/api/water/contracts/:contractId/amend",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Start an amendment of a signed contract: a new draft copying it",
        params: contractParams,
        response: { 201: contractSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await amendContract(database, request.ctx, request.params.contractId)),
  );

  app.get(
    "/api/water/contracts/:contractId/pdf",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The contract as a PDF (A4), in Kyrgyz or Russian",
        params: contractParams,
        querystring: z.object({ lang: z.enum(["ky", "ru"]).default("ky") }),
      },
    },
    async (request, reply) =>
      reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="contract-${request.params.contractId}.pdf"`)
        .send(await contractPdf(database, request.ctx, request.params.contractId, request.query.lang)),
  );

  // The municipality's side of the link: its clerk sees proposals naming its people and decides.
  app.get(
    "/api/registry/link-proposals",
    {
      config: { guard: "registry.links" },
      schema: {
        tags: ["register"],
        summary: "Water providers' links to people of this register (pending proposals by default)",
        querystring: z.object({ status: z.enum([...LINK_STATUSES, "all"]).default("proposed") }),
        response: { 200: z.array(proposalSchema) },
      },
    },
    async (request) => listLinkProposals(database, request.ctx, request.query.status),
  );

  app.post(
    "/api/registry/link-proposals/:linkId/decision",
    {
      config: { guard: "registry.links" },
      schema: {
        tags: ["register"],
        summary: "Confirm a water provider's link proposal, or refuse it with a reason",
        params: linkParams,
        body: z
          .object({
            decision: z.enum(["confirm", "refuse"]),
            reason: shortText(500).optional(),
            version: versionSchema,
          })
          .strict(),
        response: { 200: linkSchema },
      },
    },
    async (request) => decideLink(database, request.ctx, request.params.linkId, request.body),
  );

  app.post(
    "/api/registry/link-proposals/:linkId/end",
    {
      config: { guard: "registry.links" },
      schema: {
        tags: ["register"],
        summary: "End a confirmed link: the provider stops seeing the household's flags",
        params: linkParams,
        body: endLinkBody,
        response: { 200: linkSchema },
      },
    },
    async (request) => endLink(database, request.ctx, request.params.linkId, request.body),
  );
}
