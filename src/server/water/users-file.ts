import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { LOCALES, type Locale, pickName } from "../../domain/places/units.js";
import { villageIndex } from "../../domain/places/village-names.js";
import { foldWord } from "../../domain/registry/household-book.js";
import {
  type KnownUser,
  plotKey,
  readUserSheet,
  USER_SHEET_COLUMNS,
  USER_SHEET_REQUIRED,
  type UserSheetColumn,
  type UserSheetLookups,
} from "../../domain/water/users-sheet.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import {
  addWord,
  headingsOf,
  readTable,
  type TableIssue,
  tableFile,
  tableIssues,
  wordsOf,
  workbookFile,
} from "../platform/spreadsheet.js";
import { listOutlets } from "./plots.js";
import {
  canalReach,
  irrigatedPlot,
  LEGAL_ENTITY_KINDS,
  type LegalEntityKind,
  PLOT_TENURES,
  WATER_USER_KINDS,
  waterUser,
} from "./tables.js";
import { assertProvider, providerVillages, reserveWaterUserNumbers, withWater } from "./users.js";

// The water users' list as a spreadsheet: template, import (src/domain/water/users-sheet.ts says
// how rows are read and matched) and export in the template's columns.
const headingKey = (column: string) => `wu.sheet.columns.${column}`;
const columnLabel = (locale: Locale, column: UserSheetColumn) => translate(locale, headingKey(column));

const kindLabel = (l: Locale, v: string) => translate(l, `wu.kinds.${v}`);
const entityLabel = (l: Locale, v: string) => translate(l, `wu.entityKinds.${v}`);
const tenureLabel = (l: Locale, v: string) => translate(l, `wu.tenures.${v}`);
const languageLabel = (l: Locale, v: string) => translate(l, `language.${v}`);
const yesNo = (l: Locale, v: boolean) => translate(l, v ? "common.yes" : "common.no");

async function sheetLookups(tx: Tx, orgId: string): Promise<UserSheetLookups> {
  const org = await findOrganisation(tx, orgId);
  const outlets = new Map<string, string>();
  const all = await listOutlets(tx, orgId);
  // A name is a key only when no other outlet has it; codes are unique and come last, so they win.
  const names = new Map<string, string[]>();
  for (const o of all) names.set(foldWord(o.name), [...(names.get(foldWord(o.name)) ?? []), o.id]);
  for (const [name, ids] of names) if (ids.length === 1) outlets.set(name, ids[0]!);
  for (const o of all) {
    outlets.set(foldWord(o.code), o.id);
    // As the template's list writes an outlet, copied from there.
    outlets.set(foldWord(`${o.code} ${o.name}`), o.id);
  }
  const knownUsers: KnownUser[] = await tx
    .select({
      id: waterUser.id,
      number: waterUser.number,
      kind: waterUser.kind,
      pin: waterUser.pin,
      taxId: waterUser.taxId,
      searchKey: waterUser.searchKey,
      villageCode: waterUser.villageCode,
    })
    .from(waterUser)
    .where(and(eq(waterUser.orgId, orgId), isNull(waterUser.archivedOn)));
  const plots = await tx
    .select({
      userId: irrigatedPlot.waterUserId,
      outletId: irrigatedPlot.outletId,
      cadastralNumber: irrigatedPlot.cadastralNumber,
      areaHa: irrigatedPlot.areaHa,
    })
    .from(irrigatedPlot)
    .where(and(eq(irrigatedPlot.orgId, orgId), isNull(irrigatedPlot.endedOn)));
  const booleans = new Map<string, boolean>();
  for (const value of [true, false]) {
    for (const w of [String(value), value ? "1" : "0", ...LOCALES.map((l) => yesNo(l, value))])
      addWord(booleans, w, value);
  }
  return {
    kinds: wordsOf(WATER_USER_KINDS, kindLabel),
    legalEntityKinds: wordsOf(LEGAL_ENTITY_KINDS, entityLabel),
    booleans,
    languages: wordsOf(LOCALES, languageLabel),
    tenures: wordsOf(PLOT_TENURES, tenureLabel),
    fold: foldWord,
    villages: villageIndex(await providerVillages(tx, orgId)),
    outlets,
    knownUsers,
    knownPlots: new Set(plots.map((p) => plotKey(p.userId, p, foldWord))),
    defaultLocale: org?.defaultLocale ?? "ky",
  };
}

/**
 * Columns kept as text in the workbooks we give out (`@`), so Excel keeps what is typed: a PIN's
 * and a tax number's digits, a phone's leading 0, a cadastral number such as 1-02-03 (which it
 * would turn into a date, and an import refuses).
 */
const USER_SHEET_TEXT_COLUMNS = (["pin", "taxId", "phone", "cadastralNumber"] as const).map((c) =>
  USER_SHEET_COLUMNS.indexOf(c),
);

/** The template: the columns in the user's language, and a sheet of the words and codes each takes. */
export async function waterUsersTemplate(database: Database, ctx: RequestContext): Promise<Buffer> {
  const locale = ctx.locale;
  const { villages, outlets } = await withWater(database, ctx, async (tx) => {
    const orgId = requireActor(ctx).orgId;
    await assertProvider(tx, orgId);
    return { villages: await providerVillages(tx, orgId), outlets: await listOutlets(tx, orgId) };
  });
  const lists: string[][] = [
    WATER_USER_KINDS.map((v) => kindLabel(locale, v)),
    LEGAL_ENTITY_KINDS.map((v) => entityLabel(locale, v)),
    [yesNo(locale, true), yesNo(locale, false)],
    LOCALES.map((v) => languageLabel(locale, v)),
    PLOT_TENURES.map((v) => tenureLabel(locale, v)),
    villages.map((v) => `${v.code} ${pickName(v.name, locale)}`),
    outlets.map((o) => `${o.code} ${o.name}`),
  ];
  const listColumns: UserSheetColumn[] = [
    "kind",
    "legalEntityKind",
    "member",
    "language",
    "tenure",
    "villageCode",
    "outlet",
  ];
  return workbookFile([
    {
      name: translate(locale, "wu.sheet.name"),
      header: USER_SHEET_COLUMNS.map((c) => columnLabel(locale, c)),
      rows: [],
      textColumns: USER_SHEET_TEXT_COLUMNS,
    },
    {
      name: translate(locale, "wu.sheet.lists"),
      header: listColumns.map((c) => columnLabel(locale, c)),
      rows: Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, i) =>
        lists.map((l) => l[i] ?? ""),
      ),
      width: 28,
    },
  ]);
}

export interface WaterUsersImportReport {
  rowCount: number;
  userCount: number;
  validUsers: number;
  newUsers: number;
  knownUsers: number;
  newPlots: number;
  knownPlots: number;
  issues: TableIssue[];
  imported: { users: number; plots: number } | null;
}

/**
 * Imports water users and their plots. Every row is checked first; nothing is written unless the
 * whole file is valid, or the user accepts writing only the valid users. One transaction, under a
 * lock per provider so two uploads of one file cannot both add it; one audit record names the
 * file (by its hash) and what it added.
 */
export async function importWaterUsers(
  database: Database,
  ctx: RequestContext,
  file: Buffer,
  options: { acceptValid: boolean; dryRun: boolean },
): Promise<WaterUsersImportReport> {
  const rows = await readTable(file, headingsOf(USER_SHEET_COLUMNS, columnLabel), USER_SHEET_REQUIRED, {
    unreadable: "water.usersFile.unreadable",
    missingColumns: "water.usersFile.missingColumns",
    empty: "water.usersFile.noUsers",
    headingKey,
  });
  const actor = requireActor(ctx);
  return withWater(database, ctx, async (tx) => {
    await assertProvider(tx, actor.orgId);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`water-users-import:${actor.orgId}`}))`);
    const read = readUserSheet(rows, await sheetLookups(tx, actor.orgId));
    const newUsers = read.users.filter((u) => !u.knownId);
    const report: WaterUsersImportReport = {
      rowCount: read.rowCount,
      userCount: read.userCount,
      validUsers: read.users.length,
      newUsers: newUsers.length,
      knownUsers: read.users.length - newUsers.length,
      newPlots: read.users.reduce((n, u) => n + u.plots.length, 0),
      knownPlots: read.users.reduce((n, u) => n + u.knownPlots, 0),
      issues: tableIssues(ctx.locale, read.issues, (c) => columnLabel(ctx.locale, c as UserSheetColumn)),
      imported: null,
    };
    const nothingNew = report.newUsers === 0 && report.newPlots === 0;
    if (options.dryRun || (read.issues.length > 0 && !options.acceptValid) || nothingNew) return report;

    // Numbers for the new users in one step of the provider's counter (its row lock serialises writers).
    const last = await reserveWaterUserNumbers(tx, actor.orgId, newUsers.length);
    let number = last - newUsers.length;
    const users: (typeof waterUser.$inferInsert)[] = [];
    const plots: (typeof irrigatedPlot.$inferInsert)[] = [];
    for (const u of read.users) {
      const userId = u.knownId ?? uuidv7();
      if (!u.knownId)
        users.push({
          id: userId,
          orgId: actor.orgId,
          number: ++number,
          ...u.identity,
          legalEntityKind: u.identity.legalEntityKind as LegalEntityKind | null,
          villageCode: u.villageCode,
          member: u.member,
          locale: u.locale,
        });
      for (const p of u.plots)
        plots.push({
          id: uuidv7(),
          orgId: actor.orgId,
          waterUserId: userId,
          outletId: p.outletId,
          areaHa: p.areaHa,
          tenure: p.tenure,
          cadastralNumber: p.cadastralNumber,
          villageCode: u.villageCode,
        });
    }
    await bulkInsert(tx, waterUser, users);
    await bulkInsert(tx, irrigatedPlot, plots);
    await recordAudit(tx, ctx, {
      action: "import",
      entity: "water_users_file",
      entityId: createHash("sha256").update(file).digest("hex"),
      after: {
        rows: read.rowCount,
        users: users.length,
        plots: plots.length,
        numbers: users.length > 0 ? [users[0]!.number, number] : null,
        skippedUsers: read.userCount - read.users.length,
      },
    });
    report.imported = { users: users.length, plots: plots.length };
    return report;
  });
}

/**
 * The provider's users in force with their plots in force, one row per plot (a user without plots
 * on one row), in the template's columns and words, so the file imports back as it is.
 */
export async function exportWaterUsers(database: Database, ctx: RequestContext, format: "xlsx" | "csv") {
  const locale = ctx.locale;
  const data = await withWater(database, ctx, async (tx) => {
    const orgId = requireActor(ctx).orgId;
    const users = await tx
      .select()
      .from(waterUser)
      .where(and(eq(waterUser.orgId, orgId), isNull(waterUser.archivedOn)))
      .orderBy(asc(waterUser.number));
    const plots =
      users.length === 0
        ? []
        : await tx
            .select({ plot: irrigatedPlot, outletCode: canalReach.code })
            .from(irrigatedPlot)
            .innerJoin(canalReach, eq(canalReach.id, irrigatedPlot.outletId))
            .where(
              and(
                eq(irrigatedPlot.orgId, orgId),
                isNull(irrigatedPlot.endedOn),
                inArray(
                  irrigatedPlot.waterUserId,
                  users.map((u) => u.id),
                ),
              ),
            )
            .orderBy(asc(irrigatedPlot.createdAt));
    return { users, plots, villages: await providerVillages(tx, orgId) };
  });
  // A village as the template's list writes it, its code and then its name: read by a clerk, and
  // imported back by its code.
  const villageNames = new Map(data.villages.map((v) => [v.code, `${v.code} ${pickName(v.name, locale)}`]));
  const plotsOf = new Map<string, typeof data.plots>();
  for (const p of data.plots)
    plotsOf.set(p.plot.waterUserId, [...(plotsOf.get(p.plot.waterUserId) ?? []), p]);
  const body: (string | number | null)[][] = [];
  for (const u of data.users) {
    const user: Record<UserSheetColumn, string | number | null> = {
      number: u.number,
      kind: kindLabel(locale, u.kind),
      surname: u.surname,
      givenName: u.givenName,
      patronymic: u.patronymic,
      pin: u.pin,
      legalName: u.legalName,
      legalEntityKind: u.legalEntityKind ? entityLabel(locale, u.legalEntityKind) : null,
      taxId: u.taxId,
      villageCode: u.villageCode && (villageNames.get(u.villageCode) ?? u.villageCode),
      member: yesNo(locale, u.member),
      phone: u.phone,
      language: languageLabel(locale, u.locale),
      outlet: null,
      areaHa: null,
      tenure: null,
      cadastralNumber: null,
    };
    const own = plotsOf.get(u.id) ?? [];
    const lines =
      own.length === 0
        ? [user]
        : own.map(({ plot, outletCode }) => ({
            ...user,
            outlet: outletCode,
            areaHa: plot.areaHa,
            tenure: tenureLabel(locale, plot.tenure),
            cadastralNumber: plot.cadastralNumber,
          }));
    for (const line of lines) body.push(USER_SHEET_COLUMNS.map((c) => line[c]));
  }
  const header = USER_SHEET_COLUMNS.map((c) => columnLabel(locale, c));
  return tableFile(format, locale, {
    name: translate(locale, "wu.sheet.name"),
    header,
    rows: body,
    textColumns: USER_SHEET_TEXT_COLUMNS,
  });
}
