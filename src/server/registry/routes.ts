import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { VOIDED_WITH_THEIR_STAYS } from "../../domain/registry/merge.js";
import { AGE_BANDS, type AgeBand } from "../../domain/registry/population.js";
import {
  COUNTRY_CODES,
  DISABILITY_GROUPS,
  HISTORY_KINDS,
  HOME_COUNTRY,
  LAND_PLOT_AREA_HA,
  LIVESTOCK_MAX_HEAD,
  type LivestockSpecies,
} from "../../domain/registry/vocabulary.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps, RouteApp } from "../app.js";
import { paperGapSchema } from "../orgs/routes.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { verificationBase } from "../platform/public-url.js";
import {
  daySchema,
  importFlagsSchema,
  localizedOutSchema,
  localizedTextSchema,
  queryFlagSchema,
  tableIssueSchema,
  uuidSchema,
  versionSchema,
} from "../platform/schemas.js";
import { withTenant } from "../platform/transactions.js";
import { annulLifeEvent } from "./annulment.js";
import {
  bookProblemsFile,
  exportHouseholdBook,
  householdBookTemplate,
  importHouseholdBook,
  ownVillages,
} from "./book.js";
import {
  certificatePdf,
  issueCertificate,
  listCertificates,
  listTemplates,
  revokeCertificate,
  updateTemplate,
  verifyCertificate,
} from "./certificates.js";
import { checkRegister, FINDING_KINDS, repairRegister } from "./consistency.js";
import { countedTwice, countedTwiceFile } from "./counted-twice.js";
import { countsSettled } from "./day-counts.js";
import { registeredElsewhere, registeredElsewhereFile } from "./elsewhere.js";
import { clearFlag, listCriteria, saveCriterion, setFlag } from "./flags.js";
import { householdListFile } from "./household-list.js";
import {
  addLandPlot,
  createHousehold,
  endLandPlot,
  householdCard,
  loadHousehold,
  personView,
  recordLivestock,
  updateHousehold,
  withRegister,
} from "./households.js";
import { recordLifeEvent } from "./life-events.js";
import { correctPerson, kinshipWarningsOf, loadPerson } from "./people.js";
import { REGISTERED_ALREADY_SHOWN, SCREENING_REASONS } from "./screening.js";
import {
  criteriaInScope,
  mergePeople,
  planMerge,
  probableDuplicates,
  searchHouseholds,
  searchPeople,
} from "./search.js";
import { registerSummary, registerSummaryFile, SUMMARY_PREPARING } from "./summary.js";
import { CERTIFICATE_KINDS, LAND_CATEGORIES, LIVESTOCK_SPECIES, RELATIONS, TENURES } from "./tables.js";

const relationSchema = z.enum(RELATIONS);
const shortText = (max = 200) => z.string().trim().max(max);
const countrySchema = z.enum(COUNTRY_CODES as [string, ...string[]], "countryCode");
/** A labour migrant's country: abroad, so any but this one. */
const migrationCountrySchema = countrySchema
  .refine((code) => code !== HOME_COUNTRY, "migrationHomeCountry")
  .describe(`ISO 3166-1 alpha-2 code, not ${HOME_COUNTRY}`);

const personInputSchema = z
  .object({
    pin: z
      .string()
      .regex(/^\d{14}$/, "pinInvalid")
      .nullable()
      .optional()
      .describe("14 digits; leave empty when unknown (the register flags it)"),
    surname: shortText(100).min(1),
    givenName: shortText(100).min(1),
    patronymic: shortText(100).nullable().optional(),
    sex: z.enum(["female", "male"]),
    birthDate: daySchema.nullable().optional(),
    citizenship: countrySchema.optional().describe("ISO 3166-1 alpha-2 code, e.g. KG (the default)"),
    disabilityGroup: z.enum(DISABILITY_GROUPS).nullable().optional(),
    education: shortText(100).nullable().optional(),
    occupation: shortText(100).nullable().optional(),
    migration: z
      .object({ country: migrationCountrySchema, place: shortText(100).optional(), since: daySchema })
      .nullable()
      .optional(),
  })
  .strict();

const personSchema = z
  .object({
    id: uuidSchema,
    pin: z.string().nullable(),
    pinStatus: z.enum(["valid", "unknown"]),
    surname: z.string(),
    givenName: z.string(),
    patronymic: z.string().nullable(),
    nameLatin: z.string(),
    sex: z.enum(["female", "male"]),
    birthDate: z.string().nullable(),
    citizenship: z.string(),
    disabilityGroup: z.string().nullable(),
    education: z.string().nullable(),
    occupation: z.string().nullable(),
    migration: z.object({ country: z.string(), place: z.string().optional(), since: z.string() }).nullable(),
    deathDate: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "Person" });

const dwellingSchema = z
  .object({
    kind: z.enum(["house", "apartment", "other"]).optional(),
    rooms: z.number().int().min(0).max(100).optional(),
    areaM2: z.number().min(0).max(10000).optional(),
    water: z.enum(["piped", "well", "canal", "none"]).optional(),
  })
  .strict();

const addressSchema = z.object({
  villageCode: z.string().max(30),
  street: shortText().nullable().optional(),
  house: shortText(30).nullable().optional(),
  phone: shortText(30).nullable().optional(),
  notes: shortText(2000).nullable().optional(),
  dwelling: dwellingSchema.optional(),
});

const householdSchema = z
  .object({
    id: uuidSchema,
    orgId: uuidSchema.describe("the municipality whose register holds it"),
    number: z.number().int(),
    villageCode: z.string(),
    street: z.string().nullable(),
    house: z.string().nullable(),
    phone: z.string().nullable(),
    notes: z.string().nullable(),
    dwelling: dwellingSchema,
    formedOn: z.string(),
    dissolvedOn: z.string().nullable(),
    splitFrom: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "Household" });

const landPlotSchema = z
  .object({
    id: uuidSchema,
    cadastralNumber: z.string().nullable(),
    areaHa: z.number(),
    category: z.enum(LAND_CATEGORIES),
    tenure: z.enum(TENURES),
    fromDate: z.string(),
    toDate: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ id: "LandPlot" });

const flagSchema = z
  .object({
    id: uuidSchema,
    criterionCode: z.string(),
    source: z.enum(["derived", "manual"]),
    reason: z.string(),
    reasonParams: z.record(z.string(), z.union([z.string(), z.number()])),
    setOn: z.string(),
    clearedOn: z.string().nullable(),
    clearReason: z.string().nullable(),
  })
  .meta({ id: "HouseholdFlag" });

const cardFlagSchema = flagSchema
  .extend({
    setByName: z
      .string()
      .nullable()
      .describe(
        "the display name of the user who set it by hand, or whose step derived it (none: the system)",
      ),
  })
  .meta({ id: "HouseholdCardFlag" });

const livestockSchema = z.object({
  id: uuidSchema,
  countedOn: z.string(),
  counts: z.partialRecord(z.enum(LIVESTOCK_SPECIES), z.number().int()),
});

const memberSchema = personSchema.extend({ relation: relationSchema, memberSince: z.string() });

const cardSchema = householdSchema
  .extend({
    asOf: z.string(),
    existed: z.boolean(),
    members: z.array(memberSchema.extend({ membershipId: uuidSchema, relationSince: z.string() })),
    formerMembers: z.array(memberSchema.extend({ memberUntil: z.string().nullable() })),
    landPlots: z.array(landPlotSchema),
    formerLandPlots: z.array(landPlotSchema),
    livestock: livestockSchema.nullable(),
    earlierLivestock: z
      .array(livestockSchema)
      .describe("the counts before the last one by the day, newest first (at most 9)"),
    flags: z.array(cardFlagSchema),
    formerFlags: z.array(cardFlagSchema).describe("flags cleared by the day, oldest first, with why"),
    events: z.array(
      z.object({
        id: uuidSchema,
        kind: z
          .enum(HISTORY_KINDS)
          .describe(
            "a life event, or address-changed: the address corrected (details.from and details.to: villageCode, street, house), dated the day it was recorded",
          ),
        occurredOn: z.string(),
        personId: z.string().nullable(),
        householdId: z.string().nullable(),
        householdNumber: z.number().int().nullable(),
        otherHouseholdId: z.string().nullable(),
        otherHouseholdNumber: z
          .number()
          .int()
          .nullable()
          .describe("the other household's number in the book (none where it is not readable)"),
        details: z.record(z.string(), z.unknown()),
        personName: z.string().nullable(),
        recordedByName: z.string().nullable().describe("the display name of the user who recorded it"),
        annulledAt: z.string().nullable().describe("when it was annulled as registered by mistake"),
        annulledByName: z.string().nullable(),
        annulledReason: z.string().nullable(),
        annulledByMerge: z
          .object({
            on: z.string().describe("the merge's day"),
            mergedName: z.string().describe("the duplicate record merged, whose event this was"),
            keptName: z.string().describe("the record kept"),
          })
          .nullable()
          .describe(
            "set when a merge of probable duplicates voided it: the duplicate's arrival (or birth, departure) in a household it was registered in by mistake",
          ),
      }),
    ),
  })
  .meta({ id: "HouseholdCard" });

const pageQuery = {
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};
const scopeSchema = z.enum(["organisation", "readable"]);
const registerQuery = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .describe(
      "a PIN; or a name's words in Cyrillic or Latin, any order, with a birth year (1980) or day (15.05.1980) to narrow them; households also by number or address",
    ),
  scope: scopeSchema
    .optional()
    .describe("readable: every organisation the caller may read (a district office: its municipalities)"),
  villageCode: z.string().max(30).optional(),
  flag: z.string().max(60).optional(),
  ...pageQuery,
});
const householdQuery = registerQuery.extend({
  sort: z
    .enum(["relevance", "name", "number"])
    .optional()
    .describe("relevance (the default with words to match), the head's name, or the household's number"),
});
const peopleQuery = registerQuery.extend({
  sort: z
    .enum(["relevance", "name", "birthDate"])
    .optional()
    .describe(
      "relevance (the default with words to match), name (in Kyrgyz alphabetical order), or birth date",
    ),
});
/** A wide search's answer cut short (see WIDE_SCOPE_CANDIDATES). */
const truncatedField = z
  .boolean()
  .optional()
  .describe(
    "a search over many organisations matched more than it sorts: add a word, a birth year or a village",
  );
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    hasMore: z.boolean(),
  });

/** A list asked for by position, for lists counted whole (see pageWithTotal). */
const offsetPageQuery = {
  offset: z.coerce.number().int().min(0).default(0).describe("how many of the list's first rows to skip"),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("how many rows at most, up to 200"),
};
const offsetPageOf = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.object({
    [key]: z.array(item),
    total: z.number().int().describe("how many in the whole list"),
    offset: z.number().int(),
    limit: z.number().int(),
  } as { [k in K]: z.ZodArray<T> } & {
    total: z.ZodNumber;
    offset: z.ZodNumber;
    limit: z.ZodNumber;
  });

const hitOrgSchema = uuidSchema.describe(
  "whose register: the municipality (a wide search's hits come from many)",
);
const personHitSchema = z
  .object({
    id: uuidSchema,
    orgId: hitOrgSchema,
    pin: z.string().nullable(),
    surname: z.string(),
    givenName: z.string(),
    patronymic: z.string().nullable(),
    nameLatin: z.string(),
    sex: z.string(),
    birthDate: z.string().nullable(),
    deathDate: z.string().nullable(),
    householdId: z.string().nullable(),
    householdNumber: z.number().int().nullable(),
    villageCode: z.string().nullable(),
    street: z.string().nullable(),
    house: z.string().nullable(),
    relation: z.string().nullable(),
  })
  .meta({ id: "PersonHit" });
const duplicatePersonSchema = personHitSchema.pick({
  id: true,
  pin: true,
  surname: true,
  givenName: true,
  patronymic: true,
  birthDate: true,
  householdId: true,
  householdNumber: true,
});
const duplicateGroupSchema = z.object({
  reason: z.enum(SCREENING_REASONS),
  people: z.array(duplicatePersonSchema),
});
const registeredElsewhereSchema = duplicatePersonSchema
  .extend({
    reason: z.enum(SCREENING_REASONS),
    organisation: z
      .string()
      .describe("the other organisation's name, in the user's language; nothing of its person"),
  })
  .meta({ id: "RegisteredElsewhere" });

const countedTwiceGroupSchema = z
  .object({
    reason: z.enum(SCREENING_REASONS),
    people: z.array(
      duplicatePersonSchema.extend({
        orgId: hitOrgSchema,
        organisation: z.string().describe("the municipality's name, in the user's language"),
      }),
    ),
  })
  .meta({ id: "CountedTwiceGroup" });

const householdHitSchema = z
  .object({
    id: uuidSchema,
    orgId: hitOrgSchema,
    number: z.number().int(),
    villageCode: z.string(),
    street: z.string().nullable(),
    house: z.string().nullable(),
    phone: z.string().nullable(),
    dissolvedOn: z.string().nullable(),
    formerNumber: z
      .number()
      .int()
      .nullable()
      .describe("Its number in the book of a merged municipality it came from"),
    formerBook: localizedTextSchema
      .nullable()
      .describe("The name of that municipality, whose book the former number is of"),
    headName: z.string().nullable(),
    memberCount: z.number().int(),
    flags: z.array(z.string()),
  })
  .meta({ id: "HouseholdHit" });

const relationsToHeadSchema = z
  .array(z.object({ personId: uuidSchema, relation: relationSchema }))
  .max(50)
  .describe(
    "every other staying member's relation to the new head, each once; when left out, each is read from the old relations where they tell it, and the request is refused (registry.relationsOfEveryoneStaying) where they do not",
  );

const lifeEventSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("birth"),
    occurredOn: daySchema,
    relation: relationSchema,
    person: personInputSchema,
  }),
  z.object({
    kind: z.literal("arrival"),
    occurredOn: daySchema,
    relation: relationSchema,
    person: personInputSchema.optional(),
    personId: uuidSchema.optional(),
    from: shortText().optional(),
    newHeadPersonId: uuidSchema
      .optional()
      .describe("who heads the household the person moves from, when they headed it"),
  }),
  z.object({
    kind: z.literal("death"),
    occurredOn: daySchema,
    personId: uuidSchema,
    newHeadPersonId: uuidSchema.optional(),
    relations: relationsToHeadSchema.optional(),
  }),
  z.object({
    kind: z.literal("departure"),
    occurredOn: daySchema,
    personId: uuidSchema,
    destination: shortText().optional(),
    newHeadPersonId: uuidSchema.optional(),
    relations: relationsToHeadSchema.optional(),
  }),
  z.object({
    kind: z.literal("marriage"),
    occurredOn: daySchema,
    personId: uuidSchema,
    toHouseholdId: uuidSchema.optional(),
    relation: relationSchema.optional(),
    destination: shortText().optional(),
    newHeadPersonId: uuidSchema.optional(),
    relations: relationsToHeadSchema.optional(),
    underAgeConfirmed: z
      .boolean()
      .optional()
      .describe("the clerk confirms the marriage of someone aged 16 or 17 took place (refused without)"),
  }),
  z.object({
    kind: z.literal("household-split"),
    occurredOn: daySchema,
    members: z
      .array(z.object({ personId: uuidSchema, relation: relationSchema }))
      // Said as what to do on the form (errors.field.splitWhoGoes), not as "too short (minimum 1)".
      .min(1, "splitWhoGoes")
      .max(50),
    address: addressSchema,
    newHeadPersonId: uuidSchema.optional(),
    relations: relationsToHeadSchema.optional(),
  }),
  z.object({
    kind: z.literal("head-change"),
    occurredOn: daySchema,
    newHeadPersonId: uuidSchema,
    relations: relationsToHeadSchema.describe(
      "every other member's relation to the new head, the old head's included, each once",
    ),
  }),
  z.object({
    kind: z.literal("relation-correction"),
    occurredOn: daySchema,
    personId: uuidSchema,
    relation: relationSchema,
  }),
  z.object({
    kind: z.literal("migration"),
    occurredOn: daySchema,
    personId: uuidSchema,
    migration: z
      .object({
        country: migrationCountrySchema,
        place: shortText(100).optional(),
        since: daySchema.optional().describe("when given, the event's day (a migration begins on it)"),
      })
      .nullable(),
  }),
]);

/** A criterion's name: Kyrgyz and Russian required, the other languages where known (pages fall back). */
// One left out is said as "fill this in" (the catalog key errors.field.required), as one left empty is.
const criterionNameText = z.string({ error: "required" }).trim().min(1).max(300);
const criterionNameSchema = z
  .object({
    ky: criterionNameText,
    ru: criterionNameText,
    uz: criterionNameText.optional(),
    tg: criterionNameText.optional(),
    en: criterionNameText.optional(),
  })
  .strict()
  .describe(
    "Kyrgyz and Russian required; Uzbek, Tajik and English optional (shown in Russian, then Kyrgyz, where missing)",
  )
  .meta({ id: "CriterionName" });

const criterionSchema = z
  .object({
    code: z.string(),
    name: localizedOutSchema,
    rule: z.record(z.string(), z.unknown()).nullable(),
    active: z.boolean(),
  })
  .meta({ id: "VulnerabilityCriterion" });

const certificateTextSchema = z.object({ title: shortText(300).min(1), body: shortText(4000).min(1) });
const templateSchema = z
  .object({
    id: uuidSchema,
    kind: z.enum(CERTIFICATE_KINDS),
    texts: z.object({ ky: certificateTextSchema, ru: certificateTextSchema }),
    version: z.number().int(),
  })
  .meta({ id: "CertificateTemplate" });

const certificateSchema = z
  .object({
    id: uuidSchema,
    kind: z.enum(CERTIFICATE_KINDS),
    year: z.number().int(),
    number: z.number().int(),
    householdId: uuidSchema,
    householdNumber: z
      .number()
      .int()
      .nullable()
      .describe("the household's number in the book, for the link to its card"),
    personId: uuidSchema,
    purpose: z.string(),
    locale: z.enum(["ky", "ru"]),
    issuedOn: z.string(),
    issuedBy: uuidSchema,
    issuedByName: z
      .string()
      .nullable()
      .describe(
        "the display name of the user who issued it; null where this organisation no longer has that user",
      ),
    holderName: z.string(),
    title: z.string(),
    status: z.enum(["valid", "revoked"]),
    revokedAt: z.date().nullable(),
    revokedByName: z
      .string()
      .nullable()
      .describe("the display name of the user who revoked it; null while valid, or where that user is gone"),
    revokedReason: z.string().nullable(),
    takenOverFrom: localizedOutSchema
      .nullable()
      .describe(
        "the merged municipality that issued it, whose register this one took over; null for its own",
      ),
  })
  .meta({ id: "Certificate" });

const sexCountsSchema = z.object({ female: z.number().int(), male: z.number().int() });
const placeCountsSchema = z.object({
  households: z.number().int(),
  vulnerableHouseholds: z.number().int().describe("households with a vulnerability flag in force"),
  people: z.number().int().describe("living members of a household on the day"),
  female: z.number().int(),
  male: z.number().int(),
  byAge: z
    .object(
      Object.fromEntries(AGE_BANDS.map((b) => [b, sexCountsSchema])) as Record<
        AgeBand,
        typeof sexCountsSchema
      >,
    )
    .describe(
      "preschool 0–6, school 7–17, working 18 to pension age (women 58, men 63), pension, unknown birth date",
    ),
  withDisability: z.number().int(),
  abroad: z.number().int().describe("away on labour migration on the day"),
  abroadByCountry: z
    .record(z.string(), z.number().int())
    .describe("those abroad by the country's ISO code (a text kept before codes, as it was typed)"),
  withoutPin: z.number().int(),
});
const summaryQuery = z.object({
  on: daySchema.optional(),
  scope: scopeSchema
    .optional()
    .describe(
      "organisation: the municipality's own register, village by village; readable: every register the caller may read, by municipality. Left out: a municipality's own, an office's readable. An organisation that keeps or reads no register is refused (422 registry.notAMunicipality)",
    ),
});
const regionSchema = placeCountsSchema.extend({ code: z.string(), name: localizedOutSchema });
const summarySchema = z.object({
  on: daySchema,
  placeKind: z.enum(["village", "municipality"]),
  places: z
    .array(placeCountsSchema.extend({ code: z.string(), name: localizedOutSchema }))
    .describe("villages by code, or municipalities by their unit's code"),
  total: placeCountsSchema,
  criteria: z.array(z.object({ code: z.string(), name: localizedOutSchema, households: z.number().int() })),
  certificates: z
    .object({ issued: z.number().int(), revoked: z.number().int() })
    .describe("issued from 1 January of the day's year to the day"),
  regions: z
    .array(
      regionSchema.extend({
        districts: z.array(
          regionSchema.extend({
            municipalities: z.array(z.string()).describe("the codes of its municipalities among places"),
          }),
        ),
      }),
    )
    .optional()
    .describe("by municipality only: oblasts and their districts, each with the sum of its municipalities"),
});
const summaryPreparingSchema = z.object({
  status: z.literal("preparing"),
  message: z.string().describe("in the caller's language: the summary is being prepared, ask again"),
});
const householdParams = z.object({ householdId: uuidSchema });

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An office's summary (or its file) still being counted: 202, say so in the user's language. */
const preparing = (request: FastifyRequest, reply: FastifyReply) =>
  reply.code(202).send({
    status: "preparing" as const,
    message: translate(request.ctx.locale, "registry.summary.preparing"),
  });

export function registerRegistryRoutes(app: RouteApp, { database, config }: AppDeps) {
  const tags = ["register"];
  // Counts a summary stopped waiting for finish before the database closes under them.
  app.addHook("onClose", () => countsSettled(database));
  // Spreadsheets arrive as their bytes (no multipart), so a slow link re-sends one plain body.
  app.addContentTypeParser(
    [XLSX, "application/octet-stream"],
    { parseAs: "buffer" },
    (_request, body, done) => done(null, body),
  );

  app.get(
    "/api/registry/villages",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary: "The villages of the municipality",
        response: { 200: z.array(z.object({ code: z.string(), name: localizedOutSchema })) },
      },
    },
    async (request) =>
      withTenant(database, request.ctx.actor!, (tx) => ownVillages(tx, request.ctx.actor!.orgId)),
  );

  app.get(
    "/api/registry/book/template",
    {
      config: { guard: "registry.write" },
      schema: { tags, summary: "The household book import template (xlsx), labelled in the user's language" },
    },
    async (request, reply) =>
      reply
        .type(XLSX)
        .header("content-disposition", 'attachment; filename="household-book-template.xlsx"')
        .send(await householdBookTemplate(database, request.ctx)),
  );

  app.post(
    "/api/registry/book/import",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary:
          "Import a household book (xlsx or CSV body: comma, semicolon or tab; UTF-8 or Windows-1251). Problems come back row by row and column by column (a household only some of whose people this register holds already is refused, each of them named with the household holding them: its new people are added on that household's card); nothing is written unless the file is valid or acceptValid=true. A file with headings and no row is refused (422 registry.book.noHouseholds)",
        querystring: importFlagsSchema,
        response: {
          200: z.object({
            rowCount: z.number().int(),
            householdCount: z.number().int(),
            validHouseholds: z.number().int(),
            issues: z.array(tableIssueSchema),
            warnings: z
              .array(tableIssueSchema)
              .describe(
                "what the import does that the file does not say (a household dated today), and rows that look unlikely (a son older than the head); nothing refused",
              ),
            registeredAlready: z
              .array(
                z.object({
                  row: z.number().int(),
                  reason: z.enum(SCREENING_REASONS),
                  here: z.boolean().describe("in this organisation's own register"),
                  organisation: z.string().describe("the organisation whose register holds them"),
                }),
              )
              .describe(
                `people of the valid households a register already holds (at most ${REGISTERED_ALREADY_SHOWN} rows)`,
              ),
            registeredAlreadyRows: z.number().int(),
            registeredHere: z
              .object({ households: z.number().int(), people: z.number().int() })
              .describe(
                "valid households whose every person this municipality's register already holds: left out of the write",
              ),
            numbers: z
              .object({ kept: z.number().int(), assigned: z.number().int() })
              .describe(
                "the valid households' book numbers: kept from the file (free here, 1..999,999) or assigned after the highest",
              ),
            imported: z
              .object({
                households: z.number().int(),
                people: z.number().int(),
                landPlots: z.number().int(),
                livestockCounts: z
                  .number()
                  .int()
                  .describe("rows of the Livestock sheet: a household's animals counted on a day"),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new DomainError("registry.book.unreadable");
      return importHouseholdBook(database, request.ctx, request.body, {
        ...request.query,
        today: organisationToday(request.ctx),
      });
    },
  );

  // The same file as the check's, not the page's report: the file lists every problem (the report
  // stops at a thousand) with the cell's value, which only the file has, and the web app carries no
  // spreadsheet writer.
  app.post(
    "/api/registry/book/problems",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary:
          "A household book's check as a workbook in the user's language, for whoever keeps the file: every error, then every warning, by sheet, row and column, with the cell's value. The body is the file the import takes; nothing is written",
        querystring: z.object({
          written: queryFlagSchema.describe(
            "the file's valid households have been written (acceptValid): list the rows the write left out, their errors as the check before it found them, and no warnings of the rows written",
          ),
        }),
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new DomainError("registry.book.unreadable");
      return reply
        .type(XLSX)
        .header("content-disposition", 'attachment; filename="household-book-problems.xlsx"')
        .send(
          await bookProblemsFile(database, request.ctx, request.body, {
            today: organisationToday(request.ctx),
            written: request.query.written,
          }),
        );
    },
  );

  app.get(
    "/api/registry/book/export",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "The current register, one row per member, as xlsx or CSV (the template's columns; CSV in the user's language's dialect: ';' and decimal comma but for English). CSV is one table and holds the households and their people only: the land plots and livestock are on the xlsx's own sheets (Land, Livestock). The municipality's own: an office, which keeps none, is refused (403 registry.book.keptByMunicipality)",
        querystring: z.object({
          format: z
            .enum(["xlsx", "csv"])
            .default("xlsx")
            .describe("csv: the households and their people only, without the land and livestock sheets"),
        }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : XLSX)
        .header("content-disposition", `attachment; filename="household-book.${format}"`)
        .send(await exportHouseholdBook(database, request.ctx, format));
    },
  );

  app.get(
    "/api/registry/summary",
    {
      config: { guard: "registry.read", readsInOneTransaction: true },
      schema: {
        tags,
        summary:
          "The register counted as it stood on a day (today by default), village by village (an office's: municipality by municipality, grouped by oblast and district): households, people by sex and age band, vulnerable households. 202 while an office's is still being counted: ask again",
        querystring: summaryQuery,
        response: { 200: summarySchema, 202: summaryPreparingSchema },
      },
    },
    async (request, reply) => {
      const summary = await registerSummary(
        database,
        request.ctx,
        request.query.on ?? organisationToday(request.ctx),
        request.query.scope,
        config.summaryWaitMs,
      );
      if (summary !== SUMMARY_PREPARING) return summary;
      return preparing(request, reply);
    },
  );

  app.get(
    "/api/registry/summary/export",
    {
      config: { guard: "registry.read", readsInOneTransaction: true },
      schema: {
        tags,
        summary:
          "The register's summary on a day as xlsx or CSV: a row per village (an office's: per municipality, an oblast's and the country's grouped by oblast and district under their subtotals) and the total. 202 while an office's is still being counted: ask again",
        querystring: summaryQuery.extend({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
        response: {
          200: z.unknown().describe("the file: xlsx, or CSV in the user's language's dialect"),
          202: summaryPreparingSchema,
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const on = request.query.on ?? organisationToday(request.ctx);
      const file = await registerSummaryFile(
        database,
        request.ctx,
        on,
        request.query.scope,
        format,
        config.summaryWaitMs,
      );
      if (file === SUMMARY_PREPARING) return preparing(request, reply);
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : XLSX)
        .header("content-disposition", `attachment; filename="register-summary-${on}.${format}"`)
        .send(file);
    },
  );

  app.get(
    "/api/registry/households",
    {
      config: { guard: "registry.read", readsInOneTransaction: true },
      schema: {
        tags,
        summary:
          "Households: by number, phone, address or its village's name, a member's name or PIN or its first digits (typo-tolerant, Cyrillic or Latin), village, flag",
        description: "A search text of one letter and no digit is refused (registry.queryTooShort).",
        querystring: householdQuery,
        response: {
          200: pageOf(householdHitSchema).extend({
            similar: z
              .boolean()
              .optional()
              .describe("no address has every word as typed: these have near words"),
            truncated: truncatedField,
          }),
        },
      },
    },
    async (request) => searchHouseholds(database, request.ctx, request.query),
  );

  app.get(
    "/api/registry/households/export",
    {
      config: { guard: "registry.read", readsInOneTransaction: true },
      schema: {
        tags,
        summary:
          "The households a search finds (words, village, flag), in its order, as xlsx or CSV: number, head, address, phone, members, flags named in the user's language; at most AIMAK_LIST_FILE_MAX_HOUSEHOLDS",
        querystring: householdQuery
          .omit({ page: true, pageSize: true })
          .extend({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const file = await householdListFile(
        database,
        request.ctx,
        query,
        format,
        config.listFileMaxHouseholds,
      );
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : XLSX)
        .header("content-disposition", `attachment; filename="households.${format}"`)
        .send(file);
    },
  );

  app.post(
    "/api/registry/households",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary: "Register a household with its members (exactly one head)",
        body: addressSchema
          .extend({
            formedOn: daySchema,
            members: z
              .array(z.object({ relation: relationSchema, person: personInputSchema }))
              .min(1)
              .max(50),
          })
          .strict(),
        response: { 201: householdSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHousehold(database, request.ctx, request.body)),
  );

  app.get(
    "/api/registry/households/:householdId",
    {
      config: { guard: "registry.read", readsInOneTransaction: true },
      schema: {
        tags,
        summary: "The household card, as it stood on a day (today by default)",
        params: householdParams,
        querystring: z.object({
          asOf: daySchema
            .optional()
            .describe(
              "the day the card stands on (today by default). The register records no day to come: a later day is answered from today's register, labelled with the day asked, its dated records (memberships, plots, flags) read on that day, so a flag whose clearing day is recorded ahead shows as cleared; nothing else is foreseen",
            ),
          scope: scopeSchema
            .default("organisation")
            .describe("readable: an office reads a card of a municipality it reads (read only, audited)"),
        }),
        response: { 200: cardSchema },
      },
    },
    async (request) =>
      householdCard(
        database,
        request.ctx,
        request.params.householdId,
        request.query.asOf ?? organisationToday(request.ctx),
        request.query.scope,
      ),
  );

  app.patch(
    "/api/registry/households/:householdId",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary: "Edit a household's address, phone, dwelling, notes",
        params: householdParams,
        body: addressSchema.partial().extend({ version: versionSchema }).strict(),
        response: { 200: householdSchema },
      },
    },
    async (request) => updateHousehold(database, request.ctx, request.params.householdId, request.body),
  );

  app.post(
    "/api/registry/households/:householdId/events",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary:
          "Record a life event (birth, death, arrival, departure, marriage, split, labour migration, head change, relation correction)",
        params: householdParams,
        body: lifeEventSchema,
        response: { 201: z.object({ eventId: uuidSchema, householdId: uuidSchema.optional() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordLifeEvent(database, request.ctx, request.params.householdId, request.body)),
  );

  app.post(
    "/api/registry/households/:householdId/events/:eventId/annul",
    {
      // Land events by whoever keeps land (registry.land); every other one needs registry.write.
      config: { guard: "registry.land" },
      schema: {
        tags,
        summary:
          "Annul a life event registered by mistake: what it did is undone, the history keeps it marked with the reason. A land event needs registry.land, any other registry.write",
        params: householdParams.extend({ eventId: uuidSchema }),
        body: z.object({ reason: shortText(500).min(1) }).strict(),
        response: { 200: z.object({ eventId: uuidSchema }) },
      },
    },
    async (request) =>
      annulLifeEvent(database, request.ctx, request.params.householdId, request.params.eventId, request.body),
  );

  app.post(
    "/api/registry/households/:householdId/land-plots",
    {
      config: { guard: "registry.land" },
      schema: {
        tags,
        summary: "Add a land plot held by the household (owned or leased)",
        params: householdParams,
        body: z
          .object({
            cadastralNumber: shortText(40).nullable().optional(),
            areaHa: z.number().min(LAND_PLOT_AREA_HA.min).max(LAND_PLOT_AREA_HA.max),
            category: z.enum(LAND_CATEGORIES),
            tenure: z.enum(TENURES),
            fromDate: daySchema,
          })
          .strict(),
        response: { 201: landPlotSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addLandPlot(database, request.ctx, request.params.householdId, request.body)),
  );

  app.post(
    "/api/registry/households/:householdId/land-plots/:plotId/end",
    {
      config: { guard: "registry.land" },
      schema: {
        tags,
        summary: "A plot sold or a lease ended: it leaves the household on that day, history kept",
        params: householdParams.extend({ plotId: uuidSchema }),
        body: z
          .object({
            toDate: daySchema,
            reason: z.enum(["sold", "lease-ended", "other"]),
            note: shortText(500).optional(),
          })
          .strict(),
        response: { 200: landPlotSchema },
      },
    },
    async (request) =>
      endLandPlot(database, request.ctx, request.params.householdId, request.params.plotId, request.body),
  );

  app.put(
    "/api/registry/households/:householdId/livestock",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary:
          "Record a livestock count by species as of a day; a species not sent keeps that day's number, 0 says none",
        params: householdParams,
        body: z
          .object({
            countedOn: daySchema,
            counts: z
              .object(
                Object.fromEntries(
                  LIVESTOCK_SPECIES.map((species) => [
                    species,
                    z.number().int().min(0).max(LIVESTOCK_MAX_HEAD[species]).optional(),
                  ]),
                ) as Record<LivestockSpecies, z.ZodOptional<z.ZodNumber>>,
              )
              .strict(),
          })
          .strict(),
        response: { 200: livestockSchema },
      },
    },
    async (request) => recordLivestock(database, request.ctx, request.params.householdId, request.body),
  );

  app.post(
    "/api/registry/households/:householdId/flags",
    {
      config: { guard: "registry.flags" },
      schema: {
        tags,
        summary: "Set a vulnerability flag by hand, with the reason",
        params: householdParams,
        body: z
          .object({ criterionCode: z.string().max(60), reason: shortText(1000).min(1), setOn: daySchema })
          .strict(),
        response: { 201: flagSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await withRegister(database, request.ctx, async (tx) => {
          await loadHousehold(tx, request.ctx.actor!.orgId, request.params.householdId);
          return setFlag(tx, request.ctx, request.params.householdId, request.body);
        }),
      ),
  );

  app.post(
    "/api/registry/households/:householdId/flags/:flagId/clear",
    {
      config: { guard: "registry.flags" },
      schema: {
        tags,
        summary: "Clear a vulnerability flag, with the reason and day (history kept)",
        params: householdParams.extend({ flagId: uuidSchema }),
        body: z
          .object({
            reason: shortText(1000).min(1),
            clearedOn: daySchema,
            againstRegister: z
              .boolean()
              .optional()
              .describe(
                "clear a derived flag the register's data still gives (refused without it): the social worker's judgement, kept while the facts stay",
              ),
          })
          .strict(),
        response: { 200: flagSchema },
      },
    },
    async (request) =>
      withRegister(database, request.ctx, (tx) =>
        clearFlag(tx, request.ctx, request.params.householdId, request.params.flagId, request.body),
      ),
  );

  app.get(
    "/api/registry/people",
    {
      config: { guard: "registry.read", readsInOneTransaction: true },
      schema: {
        tags,
        summary:
          "People: by name (typo-tolerant, Cyrillic or Latin, any word order), PIN or its first digits, village, flag",
        description: "A search text of one letter and no digit is refused (registry.queryTooShort).",
        querystring: peopleQuery,
        response: {
          200: pageOf(personHitSchema).extend({
            similar: z.boolean().optional().describe("no name has every word: these are similar spellings"),
            truncated: truncatedField,
          }),
        },
      },
    },
    async (request) => searchPeople(database, request.ctx, request.query),
  );

  app.get(
    "/api/registry/people/:personId",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary: "One person",
        params: z.object({ personId: uuidSchema }),
        response: { 200: personSchema },
      },
    },
    async (request) =>
      withTenant(database, request.ctx.actor!, async (tx) =>
        personView(await loadPerson(tx, request.ctx.actor!.orgId, request.params.personId)),
      ),
  );

  app.patch(
    "/api/registry/people/:personId",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary: "Correct a person's record (PIN, names, birth date, …)",
        description:
          "A partial update: a field left out keeps its stored value, a field sent as null is cleared; the corrected person is checked whole.",
        params: z.object({ personId: uuidSchema }),
        body: personInputSchema.partial().extend({ version: versionSchema }),
        response: {
          200: personSchema.extend({
            warnings: z
              .array(z.object({ personId: uuidSchema, code: z.string(), message: z.string() }))
              .describe(
                "What the corrected record leaves hard to believe, in the request's language; nothing is refused: a member's relation to the head after a birth date corrected (a son older than the head, a head younger than a child), as a new household's form warns",
              ),
          }),
        },
      },
    },
    async (request) => {
      const { version, ...changes } = request.body;
      const { personId } = request.params;
      return withRegister(database, request.ctx, async (tx) => ({
        ...personView(await correctPerson(tx, request.ctx, personId, version, changes)),
        warnings: await kinshipWarningsOf(tx, request.ctx, personId),
      }));
    },
  );

  app.get(
    "/api/registry/duplicates",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "Probable duplicates: the same PIN, or the same name and birth date; a page of groups in the book's order, with how many in all",
        querystring: z.object(offsetPageQuery),
        response: {
          200: offsetPageOf("groups", duplicateGroupSchema),
        },
      },
    },
    async (request) => probableDuplicates(database, request.ctx, request.query),
  );

  app.get(
    "/api/registry/duplicates/across",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "For an office: people counted today by two of its municipalities (the same PIN, or the same name and birth date where no PIN disagrees); a page of groups, with how many in all",
        description:
          "The service finds the keys over the whole country every hour; their people are read as the register holds them now, so a group resolved since drops out at once and a new one appears after the next hourly pass (foundAt). A municipality reads only its own book: its list is empty.",
        querystring: z.object(offsetPageQuery),
        response: {
          200: offsetPageOf("groups", countedTwiceGroupSchema).extend({
            foundAt: z.string().nullable().describe("when the kept keys were found; null when none is kept"),
          }),
        },
      },
    },
    async (request) => countedTwice(database, request.ctx, request.query),
  );

  app.get(
    "/api/registry/duplicates/across/export",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "Every group counted by two municipalities, a row per record, as xlsx or CSV, headed in the user's language",
        querystring: z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : XLSX)
        .header("content-disposition", `attachment; filename="counted-twice.${format}"`)
        .send(await countedTwiceFile(database, request.ctx, format));
    },
  );

  app.get(
    "/api/registry/duplicates/elsewhere",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "The municipality's people whom another organisation's register holds too (the import's screening rules): our record and the other organisation's name only; a page, with how many in all",
        querystring: z.object(offsetPageQuery),
        response: { 200: offsetPageOf("items", registeredElsewhereSchema) },
      },
    },
    async (request) => registeredElsewhere(database, request.ctx, request.query),
  );

  app.get(
    "/api/registry/duplicates/elsewhere/export",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "The whole list of people registered elsewhere too, as xlsx or CSV, headed in the user's language",
        querystring: z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : XLSX)
        .header("content-disposition", `attachment; filename="registered-elsewhere.${format}"`)
        .send(await registeredElsewhereFile(database, request.ctx, format));
    },
  );

  app.get(
    "/api/registry/check",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary:
          "Contradictions in the register: members before birth or after death, a person in two households at once, households left empty or without a head, flags outliving their household's dissolution",
        response: {
          200: z.array(
            z.object({
              kind: z.enum(FINDING_KINDS),
              personId: uuidSchema.nullable(),
              personName: z.string().nullable(),
              householdId: uuidSchema,
              householdNumber: z.number().int(),
              otherHouseholdId: uuidSchema.nullable(),
              otherHouseholdNumber: z.number().int().nullable(),
              criterionName: z.string().nullable().describe("A flag's criterion, in the user's language"),
              day: z
                .string()
                .describe(
                  "The birth day, the death day, the day the later membership began, the day it was left empty or without a head, or the day it was dissolved",
                ),
              repairable: z.boolean(),
            }),
          ),
        },
      },
    },
    async (request) => checkRegister(database, request.ctx),
  );

  app.post(
    "/api/registry/check/repair",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary: "Mend what the check finds and can mend; each change audited",
        response: {
          200: z.object({
            membershipsStartedAtBirth: z.number().int(),
            membershipsEnded: z.number().int(),
            householdsDissolved: z.number().int(),
            flagsEnded: z
              .number()
              .int()
              .describe("Flags of dissolved households ended on the dissolution day"),
            left: z
              .number()
              .int()
              .describe("Pairs begun on one day and households without a head, left for the clerk"),
          }),
        },
      },
    },
    async (request) => repairRegister(database, request.ctx),
  );

  app.post(
    "/api/registry/people/:personId/merge",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary: "Merge a duplicate into this person; the duplicate's history moves here",
        params: z.object({ personId: uuidSchema }),
        body: z.object({ duplicateId: uuidSchema, version: versionSchema }).strict(),
        response: { 200: personSchema },
      },
    },
    async (request) =>
      personView(
        await mergePeople(database, request.ctx, {
          keepId: request.params.personId,
          duplicateId: request.body.duplicateId,
          keepVersion: request.body.version,
        }),
      ),
  );

  const mergeStay = z.object({ fromDate: z.string(), toDate: z.string().nullable() });
  app.get(
    "/api/registry/people/:personId/merge-plan",
    {
      config: { guard: "registry.write" },
      schema: {
        tags,
        summary: "What merging a duplicate into this person would do to households; nothing is changed",
        description:
          "The merge tried and rolled back: each of the duplicate's stays in a household (kept, joined with " +
          "this person's stay there, cut, or dropped as registered by mistake), the households it leaves " +
          "with no one, closed, and the duplicate's events it voids with the stays dropped. A merge that " +
          "would be refused is refused here the same way.",
        params: z.object({ personId: uuidSchema }),
        querystring: z.object({ duplicateId: uuidSchema }),
        response: {
          200: z.object({
            stays: z.array(
              mergeStay.extend({
                householdId: z.string(),
                household: z.number().int(),
                outcome: z.enum(["kept", "joined", "cut", "dropped"]),
                becomes: mergeStay.nullable(),
              }),
            ),
            closed: z.array(
              z.object({ householdId: z.string(), household: z.number().int(), on: z.string() }),
            ),
            voided: z
              .array(
                z.object({
                  householdId: z.string(),
                  household: z.number().int(),
                  kind: z.enum(VOIDED_WITH_THEIR_STAYS),
                  occurredOn: z.string(),
                }),
              )
              .describe(
                "the duplicate's events (its arrival, birth, departure) in households it was registered in by mistake, voided with its stays there",
              ),
          }),
        },
      },
    },
    async (request) =>
      planMerge(database, request.ctx, {
        keepId: request.params.personId,
        duplicateId: request.query.duplicateId,
      }),
  );

  app.get(
    "/api/registry/vulnerability-criteria",
    {
      config: { guard: "registry.read" },
      schema: {
        tags,
        summary: "The organisation's vulnerability criteria",
        querystring: z.object({
          orgId: uuidSchema
            .optional()
            .describe("another organisation the caller reads (an office reading a card): its criteria"),
          scope: scopeSchema
            .optional()
            .describe(
              "readable: the criteria of every book the caller reads, each code once (an office's flag filter); orgId is then not read",
            ),
        }),
        response: { 200: z.array(criterionSchema) },
      },
    },
    async (request) => {
      const actor = request.ctx.actor!;
      if (request.query.scope === "readable")
        return withTenant(database, actor, (tx) => criteriaInScope(tx, actor, "readable"));
      const orgId = request.query.orgId ?? actor.orgId;
      if (!actor.readOrgIds.includes(orgId)) throw new DomainError("forbidden");
      return withTenant(database, actor, (tx) => listCriteria(tx, orgId));
    },
  );

  app.put(
    "/api/registry/vulnerability-criteria/:code",
    {
      config: { guard: "registry.configure" },
      schema: {
        tags,
        summary: "Add or edit a vulnerability criterion (without a rule, a social worker sets it by hand)",
        params: z.object({ code: z.string().regex(/^[a-z0-9-]{2,60}$/) }),
        body: z
          .object({
            name: criterionNameSchema,
            active: z.boolean().default(true),
            rule: z
              .discriminatedUnion("kind", [
                z.object({ kind: z.literal("female-head") }),
                z.object({ kind: z.literal("member-with-disability") }),
                z.object({
                  kind: z.literal("elderly-alone"),
                  minAgeYears: z.number().int().min(40).max(120),
                }),
                z.object({
                  kind: z.literal("children-at-least"),
                  count: z.number().int().min(1).max(30),
                  underAgeYears: z.number().int().min(1).max(25),
                }),
                z.object({ kind: z.literal("member-abroad") }),
              ])
              .nullable(),
          })
          .strict(),
        response: { 200: criterionSchema },
      },
    },
    async (request) =>
      withRegister(database, request.ctx, (tx) =>
        saveCriterion(
          tx,
          request.ctx,
          { code: request.params.code, ...request.body },
          organisationToday(request.ctx),
        ),
      ),
  );

  app.get(
    "/api/certificates",
    {
      config: { guard: "certificates.read" },
      schema: {
        tags: ["certificates"],
        summary: "The register of issued certificates, newest first",
        querystring: z.object({
          kind: z.enum(CERTIFICATE_KINDS).optional(),
          householdId: uuidSchema.optional().describe("the certificates issued for one household"),
          year: z.coerce.number().int().min(2000).max(2100).optional().describe("left out: every year"),
          from: daySchema.optional().describe("issued on this day or later"),
          to: daySchema.optional().describe("issued on this day or earlier; not before `from`"),
          status: z.enum(["valid", "revoked"]).optional(),
          q: z
            .string()
            .max(100)
            .optional()
            .describe(
              "a number as printed (2026-00005), or the holder's name as the register's search finds it: any order, Cyrillic or Latin, near spellings when none is exact; one letter and no digit is refused (registry.queryTooShort)",
            ),
          ...pageQuery,
        }),
        response: {
          200: pageOf(certificateSchema).extend({
            total: z.number().int().describe("how many certificates the filter finds, on every page"),
          }),
        },
      },
    },
    async (request) => listCertificates(database, request.ctx, request.query),
  );

  app.post(
    "/api/certificates",
    {
      config: { guard: "certificates.issue" },
      schema: {
        tags: ["certificates"],
        summary: "Issue a certificate to a member of a household",
        body: z
          .object({
            kind: z.enum(CERTIFICATE_KINDS),
            householdId: uuidSchema,
            personId: uuidSchema,
            purpose: shortText(300).min(1),
            locale: z.enum(["ky", "ru"]).default("ky"),
            issuedOn: daySchema
              .optional()
              .describe("The organisation's today, the only day a certificate is issued on; may be left out"),
          })
          .strict(),
        response: {
          201: z.object({
            id: uuidSchema,
            year: z.number().int(),
            number: z.number().int(),
            paperGaps: z
              .array(paperGapSchema)
              .describe(
                "What the paper's language lacks and was printed in Kyrgyz instead (the Russian address)",
              ),
            warnings: z
              .array(z.object({ code: z.string(), message: z.string() }))
              .describe(
                "What the clerk should know of the paper, in the request's language: certificates.verifyAddressLocal when its QR code leads to an address of this computer or its network (no AIMAK_PUBLIC_URL)",
              ),
          }),
        },
      },
    },
    async (request, reply) => {
      const issued = await issueCertificate(database, request.ctx, request.body);
      const { id, year, number, paperGaps } = issued;
      const verifyAt = verificationBase(config.publicUrl, request);
      const warnings = verifyAt.localOnly
        ? [
            {
              code: "certificates.verifyAddressLocal",
              message: translate(request.ctx.locale, "registry.pdf.verifyAddressLocal", {
                address: verifyAt.url,
                setting: "AIMAK_PUBLIC_URL",
              }),
            },
          ]
        : [];
      return reply.status(201).send({ id, year, number, paperGaps, warnings });
    },
  );

  app.get(
    "/api/certificates/:certificateId/pdf",
    {
      config: { guard: "certificates.read" },
      schema: {
        tags: ["certificates"],
        summary: "The certificate as PDF (A4), with the QR code of its public verification page",
        params: z.object({ certificateId: uuidSchema }),
      },
    },
    async (request, reply) => {
      const base = verificationBase(config.publicUrl, request).url;
      const { pdf, number } = await certificatePdf(database, request.ctx, request.params.certificateId, base);
      // Saved from the browser's viewer, the file is named by the number the paper and the register show.
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="certificate-${number}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    "/api/certificates/:certificateId/revoke",
    {
      config: { guard: "certificates.issue" },
      schema: {
        tags: ["certificates"],
        summary: "Revoke a certificate, with the reason; its verification page then says revoked",
        params: z.object({ certificateId: uuidSchema }),
        body: z.object({ reason: shortText(500).min(1) }).strict(),
        response: { 200: certificateSchema },
      },
    },
    async (request) =>
      revokeCertificate(database, request.ctx, request.params.certificateId, request.body.reason),
  );

  app.get(
    "/api/certificate-templates",
    {
      config: { guard: "certificates.read" },
      schema: {
        tags: ["certificates"],
        summary: "Certificate wording (Kyrgyz and Russian)",
        response: { 200: z.array(templateSchema) },
      },
    },
    async (request) => listTemplates(database, request.ctx),
  );

  app.put(
    "/api/certificate-templates/:kind",
    {
      config: { guard: "certificates.templates" },
      schema: {
        tags: ["certificates"],
        summary:
          "Edit a certificate's wording; placeholders like {holderName} and choices by the holder's sex like {sex:он|она} are filled at issue; an unknown placeholder, an unmatched brace or a malformed choice is refused (422, naming the field)",
        params: z.object({ kind: z.enum(CERTIFICATE_KINDS) }),
        body: z
          .object({
            version: versionSchema,
            texts: z.object({ ky: certificateTextSchema, ru: certificateTextSchema }),
          })
          .strict(),
        response: { 200: templateSchema },
      },
    },
    async (request) => updateTemplate(database, request.ctx, request.params.kind, request.body),
  );

  app.get(
    "/api/public/certificates/:code",
    {
      config: { guard: "public" },
      schema: {
        tags: ["certificates"],
        summary: "Public verification of a certificate from its QR code: valid, revoked or unknown",
        // Any length: a code mistyped or cut wrong from a scan is answered "unknown", not refused.
        params: z.object({ code: z.string() }),
        response: {
          200: z.object({
            status: z.enum(["valid", "revoked", "unknown"]),
            number: z.string().optional(),
            issuedOn: z.string().optional(),
            kind: z.enum(CERTIFICATE_KINDS).optional(),
            language: z.enum(["ky", "ru"]).optional(),
            holderInitials: z.string().optional(),
            issuer: localizedOutSchema.optional(),
            revokedOn: z.string().nullable().optional(),
          }),
        },
      },
    },
    async (request) => verifyCertificate(database, request.params.code),
  );
}
