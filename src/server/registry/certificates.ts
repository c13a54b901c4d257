import { randomBytes } from "node:crypto";
import { and, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import QRCode from "qrcode";
import { uuidv7 } from "uuidv7";
import { type Locale, type LocalizedText, versionOn } from "../../domain/places/units.js";
import { certificateNumber } from "../../domain/registry/certificate-number.js";
import {
  type CertificatePlaceholder,
  fillTemplate,
  parseTemplate,
  TEMPLATE_FIELDS,
  type TemplatePart,
  templateIssues,
} from "../../domain/registry/certificate-template.js";
import { fullName, initialsOf } from "../../domain/registry/names.js";
import { headOf, relationWordKey } from "../../domain/registry/vocabulary.js";
import { DomainError } from "../../domain/shared/errors.js";
import { localDayOf } from "../../domain/shared/local-time.js";
import { formatNumber } from "../../domain/shared/number-format.js";
import { paperDate } from "../../domain/shared/paper-date.js";
import { displayNames } from "../access/users.js";
import { changesNothing, recordAudit } from "../audit/service.js";
import { findOrganisation, paperAddress, paperGaps } from "../orgs/service.js";
import { loadUnitGraph } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx, wordsInOrderPattern } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { renderPdf } from "../platform/pdf.js";
import { withSystem, withTenant } from "../platform/transactions.js";
import { householdCard, withRegister } from "./households.js";
import {
  type NameMode,
  nameWords,
  peopleNamed,
  refuseTooShort,
  resolveWords,
  type WordSpellings,
} from "./search.js";
import {
  type CertificateKind,
  type CertificateText,
  certificate,
  certificateCounter,
  certificateTemplate,
  household,
} from "./tables.js";

type CertificateLocale = "ky" | "ru";

export async function listTemplates(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) =>
    tx
      .select()
      .from(certificateTemplate)
      .where(eq(certificateTemplate.orgId, actor.orgId))
      .orderBy(certificateTemplate.kind),
  );
}

/** An administrator edits a certificate's wording; certificates already issued keep theirs. */
export async function updateTemplate(
  database: Database,
  ctx: RequestContext,
  kind: CertificateKind,
  input: { version: number; texts: { ky: CertificateText; ru: CertificateText } },
) {
  checkTemplate(input.texts);
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const [before] = await tx
      .select()
      .from(certificateTemplate)
      .where(and(eq(certificateTemplate.orgId, actor.orgId), eq(certificateTemplate.kind, kind)));
    if (!before) throw new DomainError("notFound.certificateTemplate");
    if (input.version === before.version && changesNothing(before, { texts: input.texts })) return before;
    const [after] = await tx
      .update(certificateTemplate)
      .set({ texts: input.texts, version: sql`${certificateTemplate.version} + 1`, updatedAt: new Date() })
      .where(and(eq(certificateTemplate.id, before.id), eq(certificateTemplate.version, input.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "certificate_template",
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
}

/** Everything the paper says, frozen when it is issued. */
export interface CertificateSnapshot {
  organisation: { name: LocalizedText; details: Record<string, string | undefined>; place: string };
  title: string;
  body: string;
  holder: { name: string; birthDate: string | null; initials: string };
  householdNumber: number;
  /** `footer`: a total under the rows (the land's area); certificates issued before it have none. */
  table: { headers: string[]; rows: string[][]; footer?: string[] } | null;
}

type TemplateTexts = { ky: CertificateText; ru: CertificateText };

/**
 * Refuses wording with a mistake, naming every one with the field it is in (`texts.ru.body`) so
 * the settings page shows each beside its field; the problem's title names the first.
 */
function checkTemplate(texts: TemplateTexts) {
  const issues = templateIssues(texts);
  const [first] = issues;
  if (!first) return;
  const { code, ...params } = first.issue;
  throw new DomainError(
    `certificates.${code}`,
    { ...params, lang: first.lang },
    issues.map(({ lang, field, issue: { code, ...params } }) => ({
      path: ["texts", lang, field],
      code,
      params,
    })),
  );
}

/**
 * The parts of the wording a paper in `lang` prints. Wording saved before it was checked (or under
 * older rules) may not parse: the paper is refused, naming the kind and the mistake, for an
 * administrator to correct; the other language's wording, if sound, still prints.
 */
function paperParts(texts: TemplateTexts, lang: CertificateLocale, kind: CertificateKind, locale: Locale) {
  const parts = {} as Record<(typeof TEMPLATE_FIELDS)[number], TemplatePart[]>;
  for (const field of TEMPLATE_FIELDS) {
    const parsed = parseTemplate(texts[lang][field]);
    if (!parsed.ok) {
      // The first mistake says why it cannot print; the settings page lists them all.
      const { code, ...params } = parsed.issues[0];
      throw new DomainError("certificates.templateBroken", {
        kind: translate(locale, `reg.certificate.${kind}`),
        lang,
        mistake: translate(locale, `errors.field.${code}`, params),
      });
    }
    parts[field] = parsed.parts;
  }
  return parts;
}

const formatDate = (iso: string | null) => (iso ? paperDate(iso) : "—");

/** Whether a paper's wording (title or body) prints the value. */
const usesValue = (parts: ReturnType<typeof paperParts>, name: CertificatePlaceholder) =>
  TEMPLATE_FIELDS.some((field) => parts[field].some((part) => part.kind === "value" && part.name === name));

async function nextCertificateNumber(tx: Tx, orgId: string, year: number): Promise<number> {
  const [row] = await rows<{ last: number }>(
    tx,
    sql`insert into certificate_counter (org_id, year, last) values (${orgId}, ${year}, 1)
        on conflict (org_id, year) do update set last = ${certificateCounter.last} + 1
        returning last`,
  );
  return row!.last;
}

export interface IssueInput {
  kind: CertificateKind;
  householdId: string;
  personId: string;
  purpose: string;
  locale: CertificateLocale;
  /** The paper certifies the register as it is on the day it is signed: only today is accepted. */
  issuedOn?: string;
}

/**
 * Issues a certificate, dated the organisation's today: numbered per organisation and year, its
 * content frozen from the register as of that day, recorded with who issued it to whom and why.
 */
export async function issueCertificate(database: Database, ctx: RequestContext, input: IssueInput) {
  const actor = requireActor(ctx);
  const issuedOn = organisationToday(ctx);
  if (input.issuedOn !== undefined && input.issuedOn !== issuedOn)
    throw new DomainError("certificates.issuedToday", { today: issuedOn, issuedOn: input.issuedOn });
  const card = await householdCard(database, ctx, input.householdId, issuedOn);
  const holder = card.members.find((m) => m.id === input.personId);
  if (!holder) throw new DomainError("registry.notAMember");
  if (input.kind === "household-head" && holder.relation !== "head")
    throw new DomainError("certificates.notTheHead");
  if (input.kind === "land-plots" && card.landPlots.length === 0)
    throw new DomainError("certificates.noLandPlots");
  if (input.kind === "livestock" && livestockHeld(card).length === 0)
    throw new DomainError("certificates.noLivestock");
  return withRegister(database, ctx, async (tx) => {
    const org = await findOrganisation(tx, actor.orgId);
    const [template] = await tx
      .select()
      .from(certificateTemplate)
      .where(and(eq(certificateTemplate.orgId, actor.orgId), eq(certificateTemplate.kind, input.kind)));
    if (!template) throw new DomainError("notFound.certificateTemplate");
    const village = (await loadUnitGraph(tx, card.villageCode)).get(card.villageCode);
    const villageVersion = village ? versionOn(village, issuedOn) : null;
    const lang = input.locale;
    const t = (key: string, params: Record<string, string | number> = {}) => translate(lang, key, params);
    // The village's Russian name on a Russian paper; its Kyrgyz name only where it has none.
    const villageName = villageVersion?.name[lang] || villageVersion?.name.ky || card.villageCode;
    const address = [villageName, card.street, card.house].filter(Boolean).join(", ");
    const text = paperParts(template.texts, lang, input.kind, ctx.locale);
    // A paper that states the holder's birth date is not printed with a dash for it ("— туулган").
    if (holder.birthDate === null && usesValue(text, "holderBirthDate"))
      throw new DomainError("certificates.holderBirthDateUnknown", { name: fullName(holder) });
    const head = card.members.find((m) => m.relation === "head");
    const values: Record<CertificatePlaceholder, string> = {
      holderName: fullName(holder),
      headName: head ? fullName(head) : "—",
      holderBirthDate: formatDate(holder.birthDate),
      address,
      purpose: input.purpose,
      householdNumber: String(card.number),
      countedOn: formatDate(card.livestock?.countedOn ?? null),
    };
    const table = certificateTable(input.kind, card, lang, t);
    const year = Number(issuedOn.slice(0, 4));
    const snapshot: CertificateSnapshot = {
      organisation: { name: org!.name, details: { ...org!.details }, place: villageName },
      title: fillTemplate(text.title, values, holder.sex),
      body: fillTemplate(text.body, values, holder.sex),
      holder: { name: fullName(holder), birthDate: holder.birthDate, initials: initialsOf(holder) },
      householdNumber: card.number,
      table,
    };
    const [issued] = await tx
      .insert(certificate)
      .values({
        id: uuidv7(),
        orgId: actor.orgId,
        issuerOrgId: actor.orgId,
        kind: input.kind,
        year,
        number: await nextCertificateNumber(tx, actor.orgId, year),
        householdId: input.householdId,
        personId: input.personId,
        purpose: input.purpose,
        locale: lang,
        issuedOn,
        issuedBy: actor.userId,
        snapshot: snapshot as unknown as Record<string, unknown>,
        verifyCode: randomBytes(16).toString("base64url"),
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "create",
      entity: "certificate",
      entityId: issued!.id,
      after: issued,
    });
    return { ...issued!, paperGaps: paperGaps(org!.details, lang) };
  });
}

type Card = Awaited<ReturnType<typeof householdCard>>;

/** The species the household's last count found, with how many. */
const livestockHeld = (card: Card) =>
  Object.entries(card.livestock?.counts ?? {}).filter(([, n]) => (n ?? 0) > 0);

function certificateTable(
  kind: CertificateKind,
  card: Card,
  lang: CertificateLocale,
  t: (key: string, params?: Record<string, string | number>) => string,
): CertificateSnapshot["table"] {
  switch (kind) {
    case "family-composition":
      return {
        headers: [
          "№",
          t("registry.fields.name"),
          t("registry.fields.relation"),
          t("registry.fields.birthDate"),
        ],
        rows: card.members.map((m, i) => [
          String(i + 1),
          fullName(m),
          t(relationWordKey(m, headOf(card.members))),
          formatDate(m.birthDate),
        ]),
      };
    case "land-plots":
      return {
        headers: [
          "№",
          t("registry.fields.cadastralNumber"),
          t("registry.fields.category"),
          t("registry.fields.tenure"),
          t("registry.fields.areaHa"),
        ],
        rows: card.landPlots.map((p, i) => [
          String(i + 1),
          p.cadastralNumber ?? "—",
          t(`registry.landCategories.${p.category}`),
          t(`registry.tenures.${p.tenure}`),
          formatNumber(p.areaHa, lang, 2),
        ]),
        // Summed in ten-thousandths of a hectare (the register's precision), free of float drift.
        footer: [
          "",
          "",
          "",
          t("registry.pdf.total"),
          formatNumber(
            card.landPlots.reduce((sum, p) => sum + Math.round(p.areaHa * 10_000), 0) / 10_000,
            lang,
            2,
          ),
        ],
      };
    case "livestock":
      return {
        headers: [t("registry.fields.species"), t("registry.fields.count")],
        rows: livestockHeld(card).map(([species, n]) => [t(`registry.species.${species}`), String(n)]),
      };
    default:
      return null;
  }
}

export interface CertificateFilter {
  kind?: CertificateKind;
  householdId?: string;
  year?: number;
  /** Issued on or after this day, on or before `to` (days, within `year` where both are given). */
  from?: string;
  to?: string;
  status?: "valid" | "revoked";
  q?: string;
  page: number;
  pageSize: number;
}

/** A certificate's number as printed ("2026-00005", "№ 2026-5", or just 5): its year, if given, and number. */
const printedNumber = (q: string) => /^(?:№\s*)?(?:(\d{4})-)?0*(\d{1,9})$/.exec(q.trim());

/**
 * A certificate by its number as printed, or by its holder's name: as printed, in the words'
 * order, or (`holders`) as the register's people search finds the holder (see holderNames).
 */
function certificateMatching(q: string, orgId: string, holders: WordSpellings[] | null): SQL {
  const printed = printedNumber(q);
  if (printed)
    return printed[1]
      ? and(eq(certificate.year, Number(printed[1])), eq(certificate.number, Number(printed[2])))!
      : eq(certificate.number, Number(printed[2]));
  const asPrinted = sql`${certificate.snapshot}->'holder'->>'name' ilike ${wordsInOrderPattern(q)}`;
  return holders
    ? sql`(${asPrinted} or ${certificate.personId} in (${peopleNamed(holders, [orgId])}))`
    : asPrinted;
}

/**
 * The holders' name words a filter's text stands for, as the register's people search resolves
 * them (resolveWords, within the organisation, a surname's other sex's form too): in any order,
 * Cyrillic or Latin; `similar`, also their near spellings from the name-word dictionary
 * ("Токтасунова" → токтосунова). Null when the text is a certificate's number or no name.
 */
async function holderNames(tx: Tx, orgId: string, q: string | undefined, mode: NameMode) {
  const words = q && !printedNumber(q) ? nameWords(q) : [];
  if (words.length === 0) return null;
  return resolveWords(tx, words, mode, { closest: false, estimate: false, within: [orgId], otherSex: true });
}

/** The register's filter as conditions on its rows (the organisation's own, always). */
function certificateConditions(
  orgId: string,
  filter: CertificateFilter,
  holders: WordSpellings[] | null,
): SQL | undefined {
  const conditions: SQL[] = [eq(certificate.orgId, orgId)];
  if (filter.kind) conditions.push(eq(certificate.kind, filter.kind));
  if (filter.householdId) conditions.push(eq(certificate.householdId, filter.householdId));
  if (filter.year) conditions.push(eq(certificate.year, filter.year));
  if (filter.from) conditions.push(gte(certificate.issuedOn, filter.from));
  if (filter.to) conditions.push(lte(certificate.issuedOn, filter.to));
  if (filter.status === "revoked") conditions.push(sql`${certificate.revokedAt} is not null`);
  if (filter.status === "valid") conditions.push(sql`${certificate.revokedAt} is null`);
  if (filter.q) conditions.push(certificateMatching(filter.q.trim(), orgId, holders));
  return and(...conditions);
}

/**
 * The query behind the register of certificates, newest first (one page and one more, to tell
 * whether another follows). Exported so a test can EXPLAIN it: index certificate (org_id, year,
 * number) serves every year or one, certificate (household_id, issued_on) a household's.
 */
export function certificateListQuery(
  tx: Tx,
  orgId: string,
  filter: CertificateFilter,
  holders: WordSpellings[] | null = null,
) {
  return tx
    .select({ c: certificate, householdNumber: household.number })
    .from(certificate)
    .leftJoin(household, eq(household.id, certificate.householdId))
    .where(certificateConditions(orgId, filter, holders))
    .orderBy(desc(certificate.year), desc(certificate.number))
    .limit(filter.pageSize + 1)
    .offset((filter.page - 1) * filter.pageSize);
}

/**
 * How many certificates the filter finds, on every page. Cheap enough to count each time: one
 * organisation's register, a few thousand a year, read from the same indexes as the page.
 */
export function certificateCountQuery(
  tx: Tx,
  orgId: string,
  filter: CertificateFilter,
  holders: WordSpellings[] | null = null,
) {
  return tx
    .select({ total: sql<number>`count(*)::int` })
    .from(certificate)
    .where(certificateConditions(orgId, filter, holders));
}

/** The register of issued certificates, newest first, with each one's household number. */
export async function listCertificates(database: Database, ctx: RequestContext, filter: CertificateFilter) {
  const actor = requireActor(ctx);
  // A holder's one letter found every name that has it, as if the filter matched them.
  refuseTooShort(filter.q);
  if (filter.from && filter.to && filter.from > filter.to)
    throw new DomainError("validation.fields", {}, [
      { path: ["querystring", "to"], code: "rangeReversed", params: { from: filter.from, to: filter.to } },
    ]);
  return withTenant(database, actor, async (tx) => {
    // A holder's name as typed first, as the people search does; only when no certificate's holder
    // has it, its near spellings: a name typed right is not crowded by similar ones.
    let holders = await holderNames(tx, actor.orgId, filter.q, "exact");
    let [counted] = await certificateCountQuery(tx, actor.orgId, filter, holders);
    if (holders && !counted?.total) {
      holders = await holderNames(tx, actor.orgId, filter.q, "similar");
      [counted] = await certificateCountQuery(tx, actor.orgId, filter, holders);
    }
    const found = await certificateListQuery(tx, actor.orgId, filter, holders);
    const page = found.slice(0, filter.pageSize);
    const issuers = await displayNames(
      tx,
      page.flatMap(({ c }) => (c.revokedBy ? [c.issuedBy, c.revokedBy] : [c.issuedBy])),
    );
    return {
      items: page.map(({ c, householdNumber }) => {
        const view = certificateView(c, issuers);
        return { ...view, householdNumber: householdNumber ?? view.householdNumber };
      }),
      page: filter.page,
      pageSize: filter.pageSize,
      hasMore: found.length > filter.pageSize,
      total: counted?.total ?? 0,
    };
  });
}

/** A certificate as its register lists it; `issuers` names the users who issued and revoked (displayNames). */
function certificateView(c: typeof certificate.$inferSelect, issuers: Map<string, string>) {
  const snapshot = c.snapshot as unknown as CertificateSnapshot;
  const { verifyCode: _secret, snapshot: _full, issuerOrgId, ...rest } = c;
  return {
    ...rest,
    // The household's number today; the one printed on the paper where the card is not readable.
    householdNumber: snapshot.householdNumber as number | null,
    holderName: snapshot.holder.name,
    issuedByName: issuers.get(c.issuedBy) ?? null,
    revokedByName: c.revokedBy ? (issuers.get(c.revokedBy) ?? null) : null,
    title: snapshot.title,
    status: c.revokedAt ? ("revoked" as const) : ("valid" as const),
    // A merged municipality's, taken over with its register: named as the paper names its issuer.
    takenOverFrom: issuerOrgId === c.orgId ? null : snapshot.organisation.name,
  };
}

async function loadCertificate(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(certificate)
    .where(and(eq(certificate.id, id), eq(certificate.orgId, orgId)));
  if (!row) throw new DomainError("notFound.certificate");
  return row;
}

export async function revokeCertificate(database: Database, ctx: RequestContext, id: string, reason: string) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const before = await loadCertificate(tx, actor.orgId, id);
    if (before.revokedAt) throw new DomainError("certificates.alreadyRevoked");
    const [after] = await tx
      .update(certificate)
      .set({ revokedAt: new Date(), revokedBy: actor.userId, revokedReason: reason })
      .where(eq(certificate.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: "revoke", entity: "certificate", entityId: id, before, after });
    return certificateView(after!, await displayNames(tx, [after!.issuedBy]));
  });
}

/**
 * The PDF of an issued certificate, rebuilt from its snapshot, with the QR code of its verification
 * page, and its number as printed (2026-00005), which names the file a clerk saves.
 */
export async function certificatePdf(
  database: Database,
  ctx: RequestContext,
  id: string,
  baseUrl: string,
): Promise<{ pdf: Buffer; number: string }> {
  const actor = requireActor(ctx);
  const c = await withTenant(database, actor, (tx) => loadCertificate(tx, actor.orgId, id));
  const s = c.snapshot as unknown as CertificateSnapshot;
  const lang = c.locale;
  const t = (key: string, params: Record<string, string> = {}) => translate(lang, key, params);
  const verifyUrl = `${baseUrl.replace(/\/$/, "")}/verify/${c.verifyCode}`;
  const qr = await QRCode.toString(verifyUrl, { type: "svg", errorCorrectionLevel: "M", margin: 0 });
  const details = s.organisation.details;
  const orgLines = [
    paperAddress(details, lang),
    details.phone,
    details.taxId ? `${t("registry.pdf.taxId")}: ${details.taxId}` : undefined,
  ].filter((x): x is string => Boolean(x));
  const content: Content[] = [
    {
      text:
        s.organisation.name[lang] || s.organisation.name.ky || Object.values(s.organisation.name)[0] || "",
      style: "org",
    },
    ...(orgLines.length
      ? [{ text: orgLines.join(" · "), style: "small", alignment: "center" as const }]
      : []),
    { canvas: [{ type: "line", x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.8 }], margin: [0, 4, 0, 12] },
    {
      columns: [
        { text: `№ ${certificateNumber(c)}`, bold: true },
        { text: `${s.organisation.place}, ${formatDate(c.issuedOn)}`, alignment: "right" },
      ],
    },
    { text: s.title, style: "title" },
    // A revoked paper says so in words under its title, on the day and with the reason recorded.
    ...(c.revokedAt
      ? [
          {
            text: t("registry.pdf.revokedOn", {
              date: paperDate(localDayOf(c.revokedAt, actor.timeZone)),
              reason: c.revokedReason ?? "—",
            }),
            style: "revoked",
          },
        ]
      : []),
    // Not justified: pdfmake stretches the gap after every hyphen it may break at ("Жаңы- Жол").
    { text: s.body, margin: [0, 0, 0, 12], lineHeight: 1.3 },
  ];
  if (s.table && s.table.rows.length > 0) {
    content.push({
      table: {
        headerRows: 1,
        widths: s.table.headers.map((_, i) => (i === 1 ? "*" : "auto")),
        body: [
          s.table.headers.map((h) => ({ text: h, bold: true })),
          ...s.table.rows,
          ...(s.table.footer ? [s.table.footer.map((f) => ({ text: f, bold: true }))] : []),
        ],
      },
      layout: "lightHorizontalLines",
      margin: [0, 0, 0, 16],
    });
  }
  content.push({
    columns: [
      {
        width: "*",
        stack: [
          { text: t("registry.pdf.head"), margin: [0, 24, 0, 0] },
          { text: `${details.headName ?? ""}   ______________`, margin: [0, 8, 0, 0] },
          { text: t("registry.pdf.stamp"), style: "small", margin: [0, 16, 0, 0] },
        ],
      },
      {
        width: 120,
        stack: [
          { svg: qr, width: 100, alignment: "right" },
          { text: t("registry.pdf.verify"), style: "small", alignment: "right" },
        ],
      },
    ],
  });
  const document: TDocumentDefinitions = {
    info: { title: `${s.title} № ${certificateNumber(c)}`, producer: "Aimak" },
    pageMargins: [56, 48, 40, 48],
    // Across every page, in the paper's language: a photocopy of a revoked certificate cannot pass for a valid one.
    ...(c.revokedAt
      ? { watermark: { text: t("registry.pdf.revokedMark"), color: "#b00020", opacity: 0.3, bold: true } }
      : {}),
    // A paper of more pages (a large family's composition) names itself on each, with the page: a
    // page parted from the others is matched to its certificate, and a page put in is seen.
    footer: (page, pages) =>
      pages > 1
        ? {
            text: t("registry.pdf.pageOf", {
              number: certificateNumber(c),
              page: String(page),
              pages: String(pages),
            }),
            style: "small",
            alignment: "center",
            margin: [56, 16, 40, 0],
          }
        : null,
    defaultStyle: { font: "Roboto", fontSize: 11 },
    styles: {
      org: { fontSize: 13, bold: true, alignment: "center" },
      title: { fontSize: 14, bold: true, alignment: "center", margin: [0, 18, 0, 12] },
      small: { fontSize: 8, color: "#444" },
      revoked: { bold: true, color: "#b00020", margin: [0, 0, 0, 12] },
    },
    content,
  };
  return { pdf: await renderPdf(document), number: certificateNumber(c) };
}

/**
 * What the public verification page may show: enough to match the paper (number, date, kind, the
 * holder's initials, the issuer) and its status — nothing else of the register.
 */
export async function verifyCertificate(database: Database, code: string) {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(code)) return { status: "unknown" as const };
  const row = await withSystem(database, async (tx) => {
    const [c] = await tx.select().from(certificate).where(eq(certificate.verifyCode, code));
    if (!c) return null;
    const org = (await findOrganisation(tx, c.issuerOrgId))!;
    return { c, orgName: org.name, timeZone: org.timeZone };
  });
  if (!row) return { status: "unknown" as const };
  const s = row.c.snapshot as unknown as CertificateSnapshot;
  return {
    status: row.c.revokedAt ? ("revoked" as const) : ("valid" as const),
    number: certificateNumber(row.c),
    issuedOn: row.c.issuedOn,
    kind: row.c.kind,
    // The paper's language: a reader who has not chosen one sees the page in it.
    language: row.c.locale,
    holderInitials: s.holder.initials,
    issuer: row.orgName,
    // The day on the issuing municipality's calendar, as the paper's issue date is.
    revokedOn: row.c.revokedAt ? localDayOf(row.c.revokedAt, row.timeZone) : null,
  };
}
