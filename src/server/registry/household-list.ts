import { inArray } from "drizzle-orm";
import { pickName } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { listUnits } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { tableFile } from "../platform/spreadsheet.js";
import { withTenant } from "../platform/transactions.js";
import { assertKnownFilters, type RegisterQuery, searchHouseholdsIn, searchScope } from "./search.js";
import { vulnerabilityCriterion } from "./tables.js";

/**
 * The households a search finds (its words, village and flag; in its order), as a file: what a
 * social worker hands the social development department, the households of one flag with their
 * heads, addresses, phones and every flag in force today, named in the user's language. At most
 * `max` (AIMAK_LIST_FILE_MAX_HOUSEHOLDS: a large municipality's whole book by default); a longer
 * list (an office's, unfiltered) is refused, asking for a filter, rather than cut short unsaid.
 */
export async function householdListFile(
  database: Database,
  ctx: RequestContext,
  query: Omit<RegisterQuery, "page" | "pageSize">,
  format: "csv" | "xlsx",
  max: number,
) {
  const actor = requireActor(ctx);
  const locale = ctx.locale;
  const today = organisationToday(ctx);
  const { items, hasMore, truncated, criteria, villages } = await withTenant(
    database,
    actor,
    async (tx) => {
      await assertKnownFilters(tx, actor, query);
      const found = await searchHouseholdsIn(
        tx,
        searchScope(actor, query),
        { ...query, page: 1, pageSize: max },
        today,
      );
      // Each household's flags are named by its own municipality's criteria, read at once.
      const orgIds = [...new Set(found.items.map((h) => h.orgId))];
      const named = orgIds.length
        ? await tx.select().from(vulnerabilityCriterion).where(inArray(vulnerabilityCriterion.orgId, orgIds))
        : [];
      const criteria = new Map(named.map((c) => [`${c.orgId}:${c.code}`, pickName(c.name, locale)]));
      const villages = new Map(
        (await listUnits(tx, { level: "village" })).map((v) => [v.code, pickName(v.name, locale)]),
      );
      return { ...found, criteria, villages };
    },
    { readOnly: true },
  );
  if (hasMore || truncated) throw new DomainError("registry.householdListTooLong", { max });
  const column = (key: string) => translate(locale, key);
  const header = [
    column("registry.book.columns.householdKey"),
    column("reg.head"),
    column("reg.village"),
    column("registry.book.columns.street"),
    column("registry.book.columns.house"),
    column("registry.book.columns.phone"),
    column("reg.members"),
    column("reg.flags"),
  ];
  const rows = items.map((h) => [
    h.number,
    h.headName,
    villages.get(h.villageCode) ?? h.villageCode,
    h.street,
    h.house,
    h.phone,
    h.memberCount,
    h.flags.map((code) => criteria.get(`${h.orgId}:${code}`) ?? code).join("; "),
  ]);
  return tableFile(format, locale, {
    name: translate(locale, "reg.householdList.sheet"),
    header,
    rows,
    textColumns: [5],
  });
}
