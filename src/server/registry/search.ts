import { and, asc, eq, inArray, isNotNull, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { LocalizedText } from "../../domain/places/units.js";
import {
  checkMerge,
  eventsVoided,
  firstDayChanged,
  type MergedStay,
  type MergeEffect,
  type StayTies,
  tiesAfter,
} from "../../domain/registry/merge.js";
import {
  type BirthDays,
  birthInQuery,
  fullName,
  NAME_ORDER,
  otherSexForm,
  QUERY_MIN_LETTERS,
  searchKey,
  tooShortToSearch,
} from "../../domain/registry/names.js";
import { type PinRange, pinPrefixRange } from "../../domain/registry/pin.js";
import { DomainError } from "../../domain/shared/errors.js";
import { normalizePhone } from "../../domain/shared/phone.js";
import { recordAudit } from "../audit/service.js";
import { type Actor, type RequestContext, requireActor } from "../platform/context.js";
import { type Database, type Executor, preparedRows, rows, type Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { type OffsetPage, pageWithTotal } from "../platform/paging.js";
import { withTenant } from "../platform/transactions.js";
import { flagsUndoneSince, householdUndoneSince, markAnnulled, undoDissolution } from "./annulment.js";
import { householdsAmiss } from "./consistency.js";
import { addMember, changeMembership, insertEvent, isOwnVillage, withRegister } from "./households.js";
import { flagInForceOn, hasFlagOn, memberInForceOn } from "./in-force.js";
import { dissolveIfLeftEmpty } from "./life-events.js";
import { loadPerson } from "./people.js";
import { NAME_GROUP_LISTED, type ScreeningReason } from "./screening.js";
import {
  certificate,
  household,
  householdMember,
  lifeEvent,
  person,
  vulnerabilityCriterion,
} from "./tables.js";

/** "readable": every organisation the caller may read (a district office: the municipalities under it). */
export type RegisterScope = "organisation" | "readable";

export interface RegisterQuery {
  q?: string;
  scope?: RegisterScope;
  villageCode?: string;
  flag?: string;
  sort?: "relevance" | "name" | "number" | "birthDate";
  page: number;
  pageSize: number;
}

/**
 * How a query matches names, in any word order, Cyrillic or Latin (both fold to one search key):
 * - "exact": every word of the query is a word of the name (the name-word index);
 * - "similar": every word is like some word of the name: a word the dictionary of name words
 *   finds by prefix ("асан" → асанов) or trigram similarity ("asonov" → asanov), ranked by pg_trgm
 *   word similarity. Names repeat, so the dictionary is small and the expansion cheap.
 * A 14-digit query is a PIN (also typed in groups); 6 to 13 digits, the start of one (a PIN with
 * unreadable last digits).
 */
export type NameMode = "exact" | "similar";
/** The name words a search looks for: how they were found, and each query word's spellings. */
export interface NameMatch {
  mode: NameMode;
  words: WordSpellings[];
}
/** A PIN or its start, or a name's words (perhaps none) with the birth year or day typed beside them. */
type NameQuery =
  | { pin: string }
  | { pinStart: PinRange }
  | { words: string[]; born: BirthDays | null }
  | null;

function parseNameQuery(q: string | undefined): NameQuery {
  const trimmed = q?.trim() ?? "";
  // A PIN copied in groups ("2 1104 1972 00101") is the PIN, as a book's import reads it.
  const whole = /^[\d\s]+$/.test(trimmed) ? trimmed.replace(/\s/g, "") : trimmed;
  if (/^\d{14}$/.test(whole)) return { pin: whole };
  const pinStart = pinPrefixRange(trimmed);
  if (pinStart) return { pinStart };
  const { rest, born } = birthInQuery(trimmed);
  const words = nameWords(rest);
  return words.length > 0 || born ? { words, born } : null;
}

/** The words a name typed is searched by: folded to the search key (Latin, Kyrgyz letters), at most five. */
export const nameWords = (text: string) =>
  searchKey(text)
    .split(" ")
    .filter((w) => w.length > 0)
    .slice(0, 5);

/** People whose PIN starts with the digits typed: a range of the PIN index. */
const pinStarting = (range: PinRange) =>
  range.before === null
    ? sql`p.pin >= ${range.from}`
    : sql`p.pin >= ${range.from} and p.pin < ${range.before}`;

/** People born on the days a query names. */
const bornOn = (born: BirthDays) => sql`p.birth_date >= ${born.from} and p.birth_date < ${born.before}`;

const SIMILAR_WORD = 0.4;
/** Up to this many spellings, a word is checked in the word index rather than on the person's row. */
const PROBED_SPELLINGS = 3;
/**
 * What checking one posting of the driving word costs, in postings read in index order (measured
 * on the national bench: a posting read ~0.6 µs, a word-index descent ~4 µs, a person row ~17 µs).
 */
const PROBE_COST = { perSpelling: 6, personRow: 30 };

/**
 * Across many organisations, a misspelt word stands for its closest spellings only: those within
 * this much similarity of the best, and at most this many. "мамаетова" is then маметова, маматова,
 * мамбетова and мамтова, and not also мамитова, a name of its own with 173,000 bearers whose
 * postings made the search read half a million. (A tier of 0.1 lost "ракаимова" → рахимова, 0.17
 * below the best.) Within a municipality every similar spelling counts: there they are few.
 */
const WIDE_SPELLING_TIER = 0.2;
const WIDE_SPELLINGS = 4;

/** A query word and the name words that match it, with their postings as the planner estimates them. */
export interface WordSpellings {
  spellings: string[];
  postings: number | null;
}

/**
 * The dictionary's words like `word`: by prefix (a word still being typed) or trigram similarity.
 * A word that is a name where the search looks is complete: it is not widened by prefix, for
 * "айбек" widened to айбекович and айбековна (half a million names) made such a search read them
 * all. It keeps its similar spellings, since a typo can turn one name into another ("осонов" for
 * "асанов"). Within a few organisations (`within`) a name is one their people bear, not one of the
 * country's dictionary: "асан", a name in the next municipality, is the start of асанов in one where
 * no Асан lives, and what a clerk finds must not depend on another municipality's people.
 */
function similarWords(word: string, within: string[] | null): SQL {
  const known = within
    ? sql`select 1 from person_name_word k where k.word = ${word} and ${inOrganisations(sql`k.org_id`, within)}`
    : sql`select 1 from name_token k where k.token = ${word}`;
  return sql`select token from name_token
      where (token like ${`${word}%`}${word.length >= 3 ? sql` or (token % ${word} and similarity(token, ${word}) >= ${SIMILAR_WORD})` : sql``})
        and (token not like ${`${word}_%`} or not exists (${known}))
      order by similarity(token, ${word}) desc limit 50`;
}

/**
 * The name words each query word stands for: itself ("exact") or its similar spellings from the
 * dictionary ("similar"; with `closest`, only the closest, as a search across many organisations
 * keeps them). With `estimate`, also how many postings they have, from the column's statistics
 * (app_name_word_postings), so a wide search can drive from the rarest word. Resolved in a query
 * of their own, they reach the search as constants the planner can see.
 */
export async function resolveWords(
  executor: Executor,
  words: string[],
  mode: NameMode,
  reach: { closest: boolean; estimate: boolean; within: string[] | null; otherSex: boolean },
): Promise<WordSpellings[]> {
  const { closest, estimate, within, otherSex } = reach;
  // Short of the whole country (a municipality, a district's) a surname stands for the family, its
  // other sex's form too: "Мамытов" finds Мамытова. Across the country that would double a common
  // surname's postings, and a duplicate check there looks for one person, of one sex.
  const withOtherSex = (word: string, spellings: string[]) => {
    const other = otherSex ? otherSexForm(word) : null;
    return other === null || spellings.includes(other) ? spellings : [...spellings, other];
  };
  if (mode === "exact" && !estimate)
    return words.map((word) => ({ spellings: withOtherSex(word, [word]), postings: null }));
  const spellings = (word: string) =>
    mode === "exact"
      ? sql`${sql.param([word])}::text[]`
      : closest
        ? sql`(select coalesce((array_agg(s.token order by s.closeness desc))[1:${WIDE_SPELLINGS}], '{}')
            from (select c.token, c.closeness, max(c.closeness) over () as best
              from (select token, similarity(token, ${word}) as closeness from (${similarWords(word, within)}) w) c) s
            where s.closeness >= s.best - ${WIDE_SPELLING_TIER})`
        : sql`(select coalesce(array_agg(s.token), '{}') from (${similarWords(word, within)}) s)`;
  const found = await rows<{ spellings: string[]; postings: number | null }>(
    executor,
    sql`select w.spellings, ${estimate ? sql`app_name_word_postings(w.spellings)` : sql`null`} as postings
      from (${sql.join(
        words.map((word, i) => sql`select ${i}::int as i, ${spellings(word)}::text[] as spellings`),
        sql` union all `,
      )}) w order by w.i`,
  );
  return found.map((f, i) => ({
    spellings: withOtherSex(words[i]!, f.spellings),
    postings: f.postings === null ? null : Number(f.postings),
  }));
}

/**
 * People whose name has, for each query word, one of its spellings, found in the name-word index
 * (person_name_word, see its table).
 * - Within a few organisations, every posting of the words there is read and grouped by person
 *   (peopleNamed).
 * - Across many (a district, the country; `orgIds` null = every one the caller's policies let it
 *   read), the reading stops at `cap` people. Either the rarest word drives (a surname is usually
 *   far rarer than a given name): its postings are read in index order, each checked for the other
 *   words; or, when that would cost more, every word's postings are read once and joined.
 */
function nameCondition(words: WordSpellings[], orgIds: string[] | null, cap: number | null): SQL {
  const spelt = (i: number) => sql`${sql.param(words[i]!.spellings)}::text[]`;
  if (words.some((w) => w.spellings.length === 0)) return sql`false`;
  if (cap === null) return sql`p.id in (${peopleNamed(words, orgIds)})`;
  let driver = 0;
  words.forEach((w, i) => {
    if ((w.postings ?? 0) < (words[driver]!.postings ?? 0)) driver = i;
  });
  const others = words.map((_, i) => i).filter((i) => i !== driver);
  const spellingCount = (i: number) => words[i]!.spellings.length;
  const probeCost = others.reduce(
    (cost, i) =>
      cost +
      (spellingCount(i) <= PROBED_SPELLINGS
        ? PROBE_COST.perSpelling * spellingCount(i)
        : PROBE_COST.personRow),
    0,
  );
  const postings = (i: number) => words[i]!.postings ?? 0;
  const readAll = words.reduce((sum, _, i) => sum + postings(i), 0);
  if (postings(driver) * probeCost >= readAll) {
    // Words of comparable frequency: their postings, each in (organisation, person) order, are
    // merged or hashed together, reading each list once instead of probing per posting.
    const postingsOf = (i: number) =>
      sql`(${sql.join(
        words[i]!.spellings.map(
          (word) => sql`select org_id, person_id from person_name_word where word = ${word}`,
        ),
        sql` union all `,
      )})`;
    const joined = words.slice(1).map((_, k) => {
      const alias = sql.raw(`a${k + 1}`);
      return sql` join ${postingsOf(k + 1)} ${alias} on ${alias}.org_id = a0.org_id and ${alias}.person_id = a0.person_id`;
    });
    return sql`p.id in (select a0.person_id from ${postingsOf(0)} a0${sql.join(joined, sql``)} limit ${cap + 1})`;
  }
  // The rarest word drives: its postings are read, each checked for the others.
  // A word of few spellings is probed in the word index (a descent per spelling); one of many on
  // the person's own row (one primary-key probe). As scalar subqueries the probes stay per-row
  // lookups: as EXISTS the planner may hash every posting of a common name instead.
  const probes = others.map((i) =>
    spellingCount(i) <= PROBED_SPELLINGS
      ? sql` and (select true from person_name_word x
          where x.word = any(${spelt(i)}) and x.org_id = w.org_id and x.person_id = w.person_id limit 1)`
      : sql` and (select string_to_array(q.search_key, ' ') && ${spelt(i)} from person q where q.id = w.person_id)`,
  );
  return sql`p.id in (select w.person_id from person_name_word w
    where w.word = any(${spelt(driver)})${sql.join(probes, sql``)} limit ${cap + 1})`;
}

/**
 * The ids of the people of a few organisations (`orgIds`; null: every one the caller's policies
 * let it read) whose name has, for each query word, one of its spellings: every posting of the
 * words there, grouped by person.
 */
export function peopleNamed(words: WordSpellings[], orgIds: string[] | null): SQL {
  const spelt = (i: number) => sql`${sql.param(words[i]!.spellings)}::text[]`;
  const inScope = orgIds ? sql` and ${inOrganisations(sql`w.org_id`, orgIds)}` : sql``;
  return sql`select w.person_id from person_name_word w
      where w.word = any(${sql.param(words.flatMap((w) => w.spellings))}::text[])${inScope}
      group by w.person_id having ${sql.join(
        words.map((_, i) => sql`bool_or(w.word = any(${spelt(i)}))`),
        sql` and `,
      )}`;
}

/**
 * People whose name has, for each query word, one of its spellings, found in the GIN index of the
 * person's name words (`person_name_words`). Only an office that reads every organisation uses it,
 * through `person_every_org`: under the tenant policies PostgreSQL cannot use the index at all
 * (array overlap is not leakproof), while beneath no policy the index intersects two common
 * names' lists of 150,000–260,000 people each in 5–30 ms, skipping through one by the other.
 */
function nameWordsCondition(words: WordSpellings[]): SQL {
  return sql.join(
    words.map((w) => sql`string_to_array(p.search_key, ' ') && ${sql.param(w.spellings)}::text[]`),
    sql` and `,
  );
}

/**
 * How well a name matches the query: each query word's word similarity to the whole name, and as
 * much again to the surname and given name, which are what a clerk types. "Садыков Улан" then
 * ranks Улан Садыков above Айдар Садыков, Улан's son, whose patronymic "Улан уулу" has the word too
 * (name order ranked the son first: "айдар" sorts before "улан").
 * A word the name has whole is similar to it by 1 exactly; that is tested first, as a comparison,
 * and word_similarity (~2.6 µs a call) is worked out only for the rest: a country-wide search for a
 * common name scores its 2,000 candidates, which all have the words typed, four times each.
 */
function similarityScore(words: string[]): SQL {
  const surname = sql`split_part(p.search_key, ' ', 1)`;
  const givenName = sql`split_part(p.search_key, ' ', 2)`;
  return sql.join(
    words.map(
      (w) => sql`(case when position(${` ${w} `} in ' ' || p.search_key || ' ') > 0 then 1
          else word_similarity(${w}, p.search_key) end)
        + (case when ${w} in (${surname}, ${givenName}) then 1
          else word_similarity(${w}, ${surname} || ' ' || ${givenName}) end)`,
    ),
    sql` + `,
  );
}

/**
 * Whose people a search reads: these organisations; every organisation the caller's policies let
 * it read (`"readable"`: the system role, whose policy gates rather than filters); or, for an office
 * that reads every organisation, the whole register through `person_every_org` and its word index.
 */
export type SearchScope = string[] | "readable" | "every-organisation";

/** The organisations a search or a summary covers: the caller's own, or every one it may read. */
export function scopeOrgIds(actor: Actor, scope: RegisterScope | undefined): string[] {
  return scope === "readable" ? actor.readOrgIds : [actor.orgId];
}

/** Where a search looks: the caller's own book, the organisations it reads, or the whole country. */
export function searchScope(actor: Actor, query: Pick<RegisterQuery, "scope">): SearchScope {
  return query.scope === "readable" && actor.readsEveryOrganisation
    ? "every-organisation"
    : scopeOrgIds(actor, query.scope);
}

function inOrganisations(column: SQL, orgIds: string[]): SQL {
  return orgIds.length === 1
    ? sql`${column} = ${orgIds[0]}`
    : sql`${column} in (${sql.join(
        orgIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`;
}

/** A search text of one letter (tooShortToSearch) is refused: it matched names at random. */
export function refuseTooShort(q: string | undefined) {
  if (q && tooShortToSearch(q))
    throw new DomainError("registry.queryTooShort", { letters: QUERY_MIN_LETTERS }, [
      { path: ["querystring", "q"], code: "queryTooShort", params: { letters: QUERY_MIN_LETTERS } },
    ]);
}

/**
 * A list's filter value the books it reads do not know is refused, naming the parameter: a village
 * outside the caller's area, or a criterion none of those books keeps. An empty list would say
 * that no household matches, when the filter itself was mistyped (or came from another book).
 * So is a search text of one letter (refuseTooShort).
 */
export async function assertKnownFilters(
  tx: Tx,
  actor: Actor,
  query: Pick<RegisterQuery, "q" | "scope" | "villageCode" | "flag">,
) {
  refuseTooShort(query.q);
  const unknown = (
    parameter: "villageCode" | "flag",
    code: "unknownVillage" | "unknownCriterion",
    value: string,
  ) =>
    new DomainError("registry.unknownFilter", { parameter, value }, [
      { path: ["querystring", parameter], code, params: { code: value } },
    ]);
  if (query.villageCode && !(await isOwnVillage(tx, actor.orgId, query.villageCode)))
    throw unknown("villageCode", "unknownVillage", query.villageCode);
  if (query.flag && (await criteriaInScope(tx, actor, query.scope, query.flag)).length === 0)
    throw unknown("flag", "unknownCriterion", query.flag);
}

/**
 * The criteria the books a list reads keep, each code once (only `code`'s, when given), in the
 * books' order: what an office's flag filter offers. A code two books name differently is named
 * as the first of them names it.
 */
export async function criteriaInScope(tx: Tx, actor: Actor, scope: RegisterScope | undefined, code?: string) {
  const found = await tx
    .selectDistinctOn([vulnerabilityCriterion.code])
    .from(vulnerabilityCriterion)
    .where(
      and(
        inArray(vulnerabilityCriterion.orgId, scopeOrgIds(actor, scope)),
        code === undefined ? undefined : eq(vulnerabilityCriterion.code, code),
      ),
    )
    .orderBy(
      asc(vulnerabilityCriterion.code),
      asc(vulnerabilityCriterion.sort),
      asc(vulnerabilityCriterion.orgId),
    );
  return found.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
}

const pageOf = <T>(items: T[], query: RegisterQuery) => ({
  items: items.slice(0, query.pageSize),
  page: query.page,
  pageSize: query.pageSize,
  hasMore: items.length > query.pageSize,
});

/** A page of a search that may have been cut short at its candidate cap; it says so only then. */
const truncatedPageOf = <T>(items: T[], query: RegisterQuery, truncated: boolean) => ({
  ...pageOf(items, query),
  ...(truncated ? { truncated: true as const } : {}),
});

/** People of the municipality, found by name or PIN, filtered by village and household flag. */
export async function searchPeople(database: Database, ctx: RequestContext, query: RegisterQuery) {
  const actor = requireActor(ctx);
  const today = organisationToday(ctx);
  return withTenant(
    database,
    actor,
    async (tx) => {
      await assertKnownFilters(tx, actor, query);
      return searchPeopleIn(tx, searchScope(actor, query), query, today);
    },
    { readOnly: true },
  );
}

/**
 * Exact words first; only when no name has them all, similar spellings. Clerks mostly type a name
 * right, and then the answer is one index probe; a misspelling costs the dictionary expansion.
 */
export async function searchPeopleIn(
  executor: Executor,
  scope: SearchScope,
  query: RegisterQuery,
  today: string,
  candidateCap = WIDE_SCOPE_CANDIDATES,
) {
  const parsed = parseNameQuery(query.q);
  const wide = isWideScope(scope);
  const run = async (names: NameMatch | null) => {
    const search = peopleSearchSql(scope, query, names, today, candidateCap);
    // A PIN's plan is the same whatever the PIN: prepared once, it is not planned per lookup.
    const hits = await (parsed && "pin" in parsed ? preparedRows : rows)<PersonHit & { matches: number }>(
      executor,
      search,
    );
    return truncatedPageOf(
      hits.map(({ matches: _, ...hit }) => hit),
      query,
      wide && (hits[0]?.matches ?? 0) > candidateCap,
    );
  };
  if (!parsed || !("words" in parsed) || parsed.words.length === 0) return run(null);
  // The word index needs no estimates: it intersects the lists itself.
  const estimate = wide && scope !== "every-organisation";
  const resolve = async (mode: NameMode, closest: boolean): Promise<NameMatch> => ({
    mode,
    words: await resolveWords(executor, parsed.words, mode, {
      closest,
      estimate,
      within: wide ? null : (scope as string[]),
      otherSex: scope !== "every-organisation",
    }),
  });
  // Across many organisations a misspelt word first tries only its closest spellings (see
  // WIDE_SPELLINGS); when they find no one (the closest was itself a typo in someone's record:
  // "асаова" for "асааова"), every similar spelling, as within a municipality.
  const attempts: (() => Promise<NameMatch>)[] = [
    () => resolve("exact", wide),
    () => resolve("similar", wide),
    ...(wide ? [() => resolve("similar", false)] : []),
  ];
  let answer: Awaited<ReturnType<typeof run>> & { similar?: true } = pageOf([], query);
  for (const attempt of attempts) {
    const names = await attempt();
    answer = { ...(await run(names)), ...(names.mode === "similar" ? { similar: true as const } : {}) };
    if (answer.items.length > 0) return answer;
    // A page past the end of a search that found people is that search's answer, not the next one's.
    if (query.page > 1) {
      const first = await rows<PersonHit>(
        executor,
        peopleSearchSql(scope, { ...query, page: 1, pageSize: 1 }, names, today),
      );
      if (first.length > 0) return answer;
    }
  }
  return answer;
}

/**
 * A search over many organisations (a district, the country) looks at no more than this many
 * matching people: a common name matches hundreds of thousands across the country, and sorting
 * them all is what made such a search take seconds. The answer says when it was cut short, so the
 * user adds a word, a birth year or a village.
 */
export const WIDE_SCOPE_CANDIDATES = 2000;
/** Up to this many organisations, the index is probed per organisation; beyond it, per word alone. */
const SCOPED_PROBE_ORGS = 8;
const isWideScope = (scope: SearchScope) => !Array.isArray(scope) || scope.length > SCOPED_PROBE_ORGS;

/**
 * The SQL of a people search in a scope (see SearchScope): one builder, so the benchmark times
 * exactly what the API runs. The page is chosen from the person table alone; only its rows are
 * then joined to their households.
 */
export function peopleSearchSql(
  scope: SearchScope,
  query: RegisterQuery,
  names: NameMatch | null,
  today: string,
  candidateCap = WIDE_SCOPE_CANDIDATES,
): SQL {
  // Someone entered in error (an annulled birth or arrival) is no longer in the register.
  const conditions: SQL[] = [sql`p.merged_into is null and not p.entered_in_error`];
  const wide = isWideScope(scope);
  const everyOrganisation = scope === "every-organisation";
  const orgIds = Array.isArray(scope) ? scope : null;
  if (orgIds) conditions.push(inOrganisations(sql`p.org_id`, orgIds));
  let score: SQL = sql`0`;
  const parsed = parseNameQuery(query.q);
  if (parsed && "pin" in parsed) conditions.push(sql`p.pin = ${parsed.pin}`);
  else if (parsed && "pinStart" in parsed) conditions.push(pinStarting(parsed.pinStart));
  else if (parsed) {
    if (parsed.born) conditions.push(bornOn(parsed.born));
    if (names) {
      conditions.push(
        everyOrganisation
          ? nameWordsCondition(names.words)
          : nameCondition(names.words, wide ? null : orgIds, wide ? candidateCap : null),
      );
      score = similarityScore(parsed.words);
    }
  }
  if (query.villageCode || query.flag)
    conditions.push(
      sql`exists (select 1 from household_member m join household h on h.id = m.household_id
            where m.person_id = p.id and m.to_date is null${
              query.villageCode ? sql` and h.village_code = ${query.villageCode}` : sql``
            }${query.flag ? sql` and ${hasFlagOn(query.flag, today)}` : sql``})`,
    );
  const byName = inNameOrder(sql`p.surname || ' ' || p.given_name || coalesce(' ' || p.patronymic, '')`);
  const order =
    query.sort === "birthDate"
      ? sql`p.birth_date nulls last, ${byName}`
      : query.sort === "name" || !names
        ? sql`${byName}, p.birth_date`
        : sql`p.score desc, ${byName}`;
  const candidates = sql`select p.id, p.org_id, p.pin, p.surname, p.given_name, p.patronymic, p.name_latin, p.sex,
        p.birth_date, p.death_date, p.search_key, (${score})::float8 as score
      from ${everyOrganisation ? sql`person_every_org` : sql`person`} p
      where ${sql.join(conditions, sql` and `)}${wide ? sql` limit ${candidateCap + 1}` : sql``}`;
  return sql`select p.id, p.org_id as "orgId", p.pin, p.surname, p.given_name as "givenName", p.patronymic, p.name_latin as "nameLatin",
        p.sex, p.birth_date::text as "birthDate", p.death_date::text as "deathDate",
        h.id as "householdId", h.number as "householdNumber", h.village_code as "villageCode",
        h.street, h.house, m.relation, p.score, p.matches::int as matches
      from (select p.*, count(*) over () as matches from (${candidates}) p
            order by ${order}, p.id
            limit ${query.pageSize + 1} offset ${(query.page - 1) * query.pageSize}) p
      left join household_member m on m.person_id = p.id and m.to_date is null
      left join household h on h.id = m.household_id
      order by ${order}, p.id`;
}

/** Names filed in Kyrgyz alphabetical order (see nameOrderKey), not the Latin search key's. */
const inNameOrder = (name: SQL) => sql`translate(${name}, ${NAME_ORDER.from}, ${NAME_ORDER.to}) collate "C"`;

export interface PersonHit {
  id: string;
  /** Whose register: a wide search's hits come from many. */
  orgId: string;
  pin: string | null;
  surname: string;
  givenName: string;
  patronymic: string | null;
  nameLatin: string;
  sex: string;
  birthDate: string | null;
  deathDate: string | null;
  householdId: string | null;
  householdNumber: number | null;
  villageCode: string | null;
  street: string | null;
  house: string | null;
  relation: string | null;
  score: number;
}

/** Households by number, address or a member's name, with their head and flags in force. */
export async function searchHouseholds(database: Database, ctx: RequestContext, query: RegisterQuery) {
  const actor = requireActor(ctx);
  const scope = searchScope(actor, query);
  const today = organisationToday(ctx);
  return withTenant(
    database,
    actor,
    async (tx) => {
      await assertKnownFilters(tx, actor, query);
      return searchHouseholdsIn(tx, scope, query, today);
    },
    { readOnly: true },
  );
}

/**
 * Households by number, address, or a current member's PIN or name. A name or an address each
 * finds its households in its own index, and the two lists are joined (an OR of the two conditions
 * would test every household of the scope). An office that reads every organisation reads the
 * whole country's households and people through their `_every_org` views, whose indexes (the
 * address's trigrams, the name's words) no tenant policy stands in front of.
 */
export async function searchHouseholdsIn(
  executor: Executor,
  scope: SearchScope,
  query: RegisterQuery,
  today: string,
  candidateCap = WIDE_SCOPE_CANDIDATES,
) {
  const everyOrganisation = scope === "every-organisation";
  const orgIds = Array.isArray(scope) ? scope : null;
  const households = everyOrganisation ? sql`household_every_org` : sql`household`;
  // "№ 12" and "#12" are the household number 12, as the paper book writes it.
  const q = query.q?.trim().replace(/^(№|#)\s*(?=\d+$)/, "");
  const byNumber = q && /^\d{1,9}$/.test(q);
  const memberToday = sql`m.household_id = h.id and ${memberInForceOn(today)}`;
  // In the select list, it is worked out for the page's rows only, unless the order needs it.
  const headName = sql`(select p.surname || ' ' || p.given_name || coalesce(' ' || p.patronymic, '')
    from household_member m join person p on p.id = m.person_id
    where ${memberToday} and m.relation = 'head' limit 1)`;
  const memberHouseholds = (where: SQL, score?: SQL) =>
    sql`select m.household_id${score ? sql`, ${score} as score` : sql``}
      from ${everyOrganisation ? sql`person_every_org` : sql`person`} p
      join household_member m on m.person_id = p.id and m.to_date is null where ${where}`;
  const wide = isWideScope(scope);
  // The address's words, folded as names are, each within the address key (or, `nearly`, like a
  // word of it), found through its trigram index by app_households_by_address (migration 0042).
  const addressWords = searchKey(q ?? "")
    .split(" ")
    .filter((w) => w.length > 0)
    .slice(0, 8);
  const byAddress = (nearly: boolean, limit: number | null) =>
    sql`select a.id, a.score from app_households_by_address(${sql.param(addressWords)}::text[], ${nearly},
      ${orgIds ? sql`${sql.param(orgIds)}::uuid[]` : sql`null`}, ${limit}::int) a`;
  // A number is the household's in this book, or (in a municipality's own search) its number in
  // the book of a merged municipality it came from, which the paper still says.
  const numbered = (h: SQL) =>
    everyOrganisation
      ? sql`${h}.number = ${Number(q)}`
      : sql`(${h}.number = ${Number(q)} or ${h}.former_number = ${Number(q)})`;
  const parsed = q ? parseNameQuery(q) : null;
  // Digits may also be a caller's phone ("+996 555 12 34 01", "0555123401", "555123401": stored as
  // E.164) or the start of a member's PIN; each is found in its own index and the lists joined.
  const phone = q ? phoneIn(q) : null;
  const byDigits = [
    ...(phone ? [sql`select a.id from ${households} a where a.phone = ${phone}`] : []),
    ...(parsed && "pinStart" in parsed ? [memberHouseholds(pinStarting(parsed.pinStart))] : []),
  ];

  const search = async (nearly: boolean, page: Pick<RegisterQuery, "page" | "pageSize"> = query) => {
    const conditions: SQL[] = orgIds ? [inOrganisations(sql`h.org_id`, orgIds)] : [];
    // The list shows households in force; a number asked for finds its household even when
    // dissolved (the paper book still has its page), and the hit says since when.
    if (!byNumber) conditions.push(sql`(h.dissolved_on is null or h.dissolved_on > ${today})`);
    let score: SQL = sql`0`;
    let candidates: SQL = sql``;
    let joinCandidates: SQL = sql``;
    let truncated: SQL = sql`false`;
    if (byDigits.length > 0)
      conditions.push(
        sql`h.id in (${sql.join(
          byNumber
            ? [sql`select a.id from ${households} a where ${numbered(sql`a`)}`, ...byDigits]
            : byDigits,
          sql` union all `,
        )})`,
      );
    else if (byNumber) conditions.push(numbered(sql`h`));
    else if (parsed && "pin" in parsed)
      conditions.push(sql`h.id in (${memberHouseholds(sql`p.pin = ${parsed.pin}`)})`);
    else if (parsed && "words" in parsed && parsed.words.length === 0)
      conditions.push(sql`h.id in (${memberHouseholds(bornOn(parsed.born!))})`);
    else if (parsed && "words" in parsed) {
      // Across many organisations a name first stands for its closest spellings only, as in a
      // people search (WIDE_SPELLINGS): with all its similar ones (up to 50 a word), a common
      // name's cap filled with other names before the one typed. All of them with the address's
      // near spellings, when nothing was found.
      const names = await resolveWords(executor, parsed.words, "similar", {
        closest: wide && !nearly,
        estimate: false,
        within: wide ? null : orgIds,
        otherSex: !everyOrganisation,
      });
      const byName = everyOrganisation ? nameWordsCondition(names) : nameCondition(names, orgIds, null);
      const matches = parsed.born ? sql`${byName} and ${bornOn(parsed.born)}` : byName;
      // Across many organisations a common name or street finds tens of thousands of households:
      // each list stops at the cap, and the answer says it was cut short (as a people search does).
      const cap = wide ? sql` limit ${candidateCap + 1}` : sql``;
      // A household scores as its best-matching member or its address, whichever is better.
      candidates = sql`with by_member as materialized (${memberHouseholds(matches, similarityScore(parsed.words))}${cap}),
        by_address as materialized (${byAddress(nearly, wide ? candidateCap + 1 : null)}),
        candidate as (select c.id, max(c.score) as score from (select household_id as id, score from by_member
          union all select id, score from by_address) c group by c.id) `;
      if (wide)
        truncated = sql`(select count(*) from by_member) > ${candidateCap}
          or (select count(*) from by_address) > ${candidateCap}`;
      joinCandidates = sql` join candidate on candidate.id = h.id`;
      score = sql`candidate.score`;
    } else if (q) conditions.push(sql`false`);
    if (query.villageCode) conditions.push(sql`h.village_code = ${query.villageCode}`);
    if (query.flag) conditions.push(hasFlagOn(query.flag, today));
    // With words to match, the best match comes first unless another order is asked for.
    const order =
      (query.sort ?? "relevance") === "relevance" && q
        ? sql`score desc, h.number`
        : query.sort === "name"
          ? sql`${inNameOrder(headName)}, h.number`
          : sql`h.number`;
    const hits = await rows<HouseholdHit & { truncated: boolean }>(
      executor,
      sql`${candidates}select h.id, h.org_id as "orgId", h.number, h.village_code as "villageCode", h.street, h.house, h.phone,
            h.dissolved_on::text as "dissolvedOn", ${everyOrganisation ? sql`null` : sql`h.former_number`}::int as "formerNumber",
            ${everyOrganisation ? sql`null` : formerBook}::jsonb as "formerBook",
            ${headName} as "headName",
            (select count(*)::int from household_member m join person p on p.id = m.person_id
               where ${memberToday}) as "memberCount",
            coalesce((select array_agg(f.criterion_code order by f.criterion_code) from household_flag f
               where f.household_id = h.id and ${flagInForceOn(today)}), '{}') as flags,
            (${score})::float8 as score, ${truncated} as truncated
          from ${households} h${joinCandidates}
          where ${conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`}
          order by ${order}, h.id
          limit ${page.pageSize + 1} offset ${(page.page - 1) * page.pageSize}`,
    );
    return truncatedPageOf(
      hits.map(({ truncated: _, ...hit }) => hit),
      { ...query, ...page },
      hits[0]?.truncated ?? false,
    );
  };
  // An address spelt right is found as typed; only when nothing is, its words' near spellings
  // ("манос" → манас, "akbulak" → ак-булак): the exact answer is not crowded by near ones.
  // A page past the end of the exact answer is that answer's, not the near one's.
  const found = await search(false);
  const words = parsed && "words" in parsed && parsed.words.length > 0;
  if (!words || found.items.length > 0) return found;
  if (query.page > 1 && (await search(false, { page: 1, pageSize: 1 })).items.length > 0) return found;
  const near = await search(true);
  return near.items.length > 0 ? { ...near, similar: true as const } : near;
}

/** A query that is a phone number, as the register stores phones (E.164), or null. */
function phoneIn(q: string): string | null {
  if (!/^\+?[\d\s()\-.]{9,}$/.test(q)) return null;
  try {
    return normalizePhone(q);
  } catch {
    return null;
  }
}

/**
 * Whose book a household's former number is of: the name its latest hand-over recorded (a
 * successor cannot read the merged municipality's own row, and two merged books both have a No. 12).
 */
const formerBook = sql`case when h.former_number is not null then
  (select e.details -> 'fromOrganisation' -> 'name' from life_event e
    where e.household_id = h.id and e.kind = 'household-transferred'
    order by e.occurred_on desc, e.recorded_at desc limit 1) end`;

export interface HouseholdHit {
  id: string;
  orgId: string;
  number: number;
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  dissolvedOn: string | null;
  /** Its number in a merged municipality's book it came from (see household.formerNumber). */
  formerNumber: number | null;
  formerBook: LocalizedText | null;
  headName: string | null;
  memberCount: number;
  flags: string[];
  score: number;
}

/**
 * Probable duplicates in the municipality: the same PIN twice, or the same folded name and birth
 * date where no PIN disagrees and some record lacks the PIN (NAME_GROUP_LISTED). Each group lists
 * its people, oldest record first (the natural one to keep). Groups come in the book's order, so a page stays put while the clerk works through it: by
 * the lowest current household number among the group's people, the first record's name, then the
 * reason; with how many groups there are in all.
 */
export async function probableDuplicates(database: Database, ctx: RequestContext, page: OffsetPage) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const found = await pageWithTotal<{ reason: ScreeningReason; ids: string[] }>(
      tx,
      sql`select g.reason, g.ids,
            (select min(h.number) from household_member m join household h on h.id = m.household_id
              where m.person_id = any(g.ids) and m.to_date is null) as first_number,
            (select p.search_key from person p where p.id = g.ids[1]) as first_name
          from (
            select 'same-pin' as reason, array_agg(id order by created_at, id) as ids
              from person where org_id = ${actor.orgId} and merged_into is null and not entered_in_error and pin is not null
              group by pin having count(*) > 1
            union all
            select 'same-name-and-birth-date', array_agg(id order by created_at, id)
              from person where org_id = ${actor.orgId} and merged_into is null and not entered_in_error and birth_date is not null
              group by search_key, birth_date having count(*) > 1 and ${NAME_GROUP_LISTED}
          ) g`,
      sql`l.first_number nulls last, l.first_name, l.reason, l.ids[1]`,
      page,
    );
    const groups = found.items.map(({ reason, ids }) => ({ reason, ids }));
    const ids = [...new Set(groups.flatMap((g) => g.ids))];
    const people = ids.length
      ? await rows<PersonHit>(
          tx,
          sql`select p.id, p.pin, p.surname, p.given_name as "givenName", p.patronymic, p.sex,
                p.birth_date::text as "birthDate", h.id as "householdId", h.number as "householdNumber"
              from person p
              left join household_member m on m.person_id = p.id and m.to_date is null
              left join household h on h.id = m.household_id
              where p.id = any(${sql.param(ids)}::uuid[])`,
        )
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    return {
      groups: groups.map((g) => ({
        reason: g.reason,
        people: g.ids.map((id) => byId.get(id)!).filter(Boolean),
      })),
      total: found.total,
      offset: found.offset,
      limit: found.limit,
    };
  });
}

/**
 * Merges a duplicate into the person kept: memberships, events and certificates move to the kept
 * record, facts the kept record lacks are taken from the duplicate, and the duplicate stays (marked
 * merged) so history and the audit trail still resolve. Refused when the records contradict each
 * other (see checkMerge); each household either record belonged to gets the merge in its history.
 */
export async function mergePeople(
  database: Database,
  ctx: RequestContext,
  input: { keepId: string; duplicateId: string; keepVersion: number },
) {
  return withRegister(database, ctx, async (tx) => (await merge(tx, ctx, input)).kept);
}

/**
 * The duplicate's events to void, that no longer open or end the stays they did (see eventsVoided):
 * read with every membership each of them opened or ended, anyone's, so one that did more is kept.
 */
async function eventsVoidedWith(
  tx: Tx,
  duplicateId: string,
  own: { id: string; fromEventId: string | null; toEventId: string | null }[],
  after: Map<string, StayTies | null>,
) {
  const untied = own.flatMap((m) => {
    const ties = after.get(m.id);
    return [
      ...(m.fromEventId !== null && ties?.fromEventId !== m.fromEventId ? [m.fromEventId] : []),
      ...(m.toEventId !== null && ties?.toEventId !== m.toEventId ? [m.toEventId] : []),
    ];
  });
  const ids = [...new Set(untied)];
  if (ids.length === 0) return [];
  const events = await tx
    .select()
    .from(lifeEvent)
    .where(and(inArray(lifeEvent.id, ids), eq(lifeEvent.personId, duplicateId), isNull(lifeEvent.annulledAt)))
    // A refusal names the first such event, whatever order the rows come in.
    .orderBy(asc(lifeEvent.occurredOn), asc(lifeEvent.id));
  if (events.length === 0) return [];
  const touched = await tx
    .select({
      membershipId: householdMember.id,
      fromEventId: householdMember.fromEventId,
      toEventId: householdMember.toEventId,
      householdId: household.id,
      household: household.number,
    })
    .from(householdMember)
    .innerJoin(household, eq(household.id, householdMember.householdId))
    .where(
      or(
        inArray(
          householdMember.fromEventId,
          events.map((e) => e.id),
        ),
        inArray(
          householdMember.toEventId,
          events.map((e) => e.id),
        ),
      ),
    );
  const voided = new Set(
    eventsVoided(
      events,
      touched.flatMap(({ fromEventId, toEventId, ...stay }) => [
        ...(fromEventId === null ? [] : [{ ...stay, eventId: fromEventId, ended: false }]),
        ...(toEventId === null ? [] : [{ ...stay, eventId: toEventId, ended: true }]),
      ]),
      { own: new Set(own.map((m) => m.id)), after },
    ),
  );
  return events.filter((e) => voided.has(e.id));
}

/** A merge tried and undone: what it would do, carried out of the transaction it rolls back. */
class Tried {
  constructor(readonly effect: MergeEffect) {}
}

/**
 * What merging would do to households, for the clerk to read before confirming: the merge itself,
 * carried out and rolled back, so the answer cannot drift from what the merge then does.
 *
 * A GET, it holds up the clerks' writes no more than it must. As a rehearsal it writes no audit
 * record, so it never takes the organisation's audit chain (which every write of the organisation
 * waits on) and never waits for it; nor does it drop the organisation's kept day counts (migration
 * 0040), whose rows every write that changes the register deletes; the register lock it shares
 * with every write is shared. What it still locks until the rollback is what the merge itself
 * changes: the two records, their memberships and households. A plan may be stale by the time
 * the clerk confirms: the merge then checks everything again, and changes only what it checked.
 */
export async function planMerge(
  database: Database,
  ctx: RequestContext,
  input: { keepId: string; duplicateId: string },
) {
  const tried = await withRegister(database, ctx, async (tx) => {
    // The counts' triggers read it and leave the kept counts alone: the rollback keeps them anyway.
    await tx.execute(sql`select set_config('aimak.rehearsal', 'on', true)`);
    throw new Tried((await merge(tx, { ...ctx, rehearsal: true }, { ...input, keepVersion: null })).effect);
  }).catch((e: unknown) => {
    if (e instanceof Tried) return e;
    throw e;
  });
  return tried.effect;
}

async function merge(
  tx: Tx,
  ctx: RequestContext,
  input: { keepId: string; duplicateId: string; keepVersion: number | null },
) {
  const actor = requireActor(ctx);
  const keep = await loadPerson(tx, actor.orgId, input.keepId);
  const duplicate = await loadPerson(tx, actor.orgId, input.duplicateId);
  const memberships = await tx
    .select({
      id: householdMember.id,
      personId: householdMember.personId,
      householdId: household.id,
      household: household.number,
      relation: householdMember.relation,
      fromDate: householdMember.fromDate,
      toDate: householdMember.toDate,
      fromEventId: householdMember.fromEventId,
      toEventId: householdMember.toEventId,
    })
    .from(householdMember)
    .innerJoin(household, eq(household.id, householdMember.householdId))
    .where(inArray(householdMember.personId, [keep.id, duplicate.id]))
    // The plan lists the duplicate's stays in this order: the first one first.
    .orderBy(asc(householdMember.fromDate), asc(householdMember.id));
  const own = memberships.filter((m) => m.personId === duplicate.id);
  // Everyone else's stays in the duplicate's households, with their deaths: a head is not cut
  // from under them.
  const housemates = own.length
    ? await tx
        .select({
          householdId: householdMember.householdId,
          fromDate: householdMember.fromDate,
          toDate: householdMember.toDate,
          deathDate: person.deathDate,
        })
        .from(householdMember)
        .innerJoin(person, eq(person.id, householdMember.personId))
        .where(
          and(
            inArray(
              householdMember.householdId,
              own.map((m) => m.householdId),
            ),
            sql`${householdMember.personId} <> ${duplicate.id}`,
          ),
        )
    : [];
  const records = [
    { ...keep, memberships: memberships.filter((m) => m.personId === keep.id) },
    {
      ...duplicate,
      memberships: own.map((m) => ({
        ...m,
        head: m.relation === "head",
        housemates: housemates.filter((h) => h.householdId === m.householdId),
      })),
    },
  ] as const;
  const plan = checkMerge(...records);
  // The duplicate's own events that no longer open or end its stays (its arrival into a household
  // it never lived in, its departure from days cut away): voided below, read before the stays go.
  const voided = await eventsVoidedWith(tx, duplicate.id, own, tiesAfter(...records, plan));
  const [kept] = await tx
    .update(person)
    .set({
      pin: keep.pin ?? duplicate.pin,
      birthDate: keep.birthDate ?? duplicate.birthDate,
      patronymic: keep.patronymic ?? duplicate.patronymic,
      disabilityGroup: keep.disabilityGroup ?? duplicate.disabilityGroup,
      education: keep.education ?? duplicate.education,
      occupation: keep.occupation ?? duplicate.occupation,
      migration: keep.migration ?? duplicate.migration,
      deathDate: keep.deathDate ?? duplicate.deathDate,
      version: sql`${person.version} + 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(person.id, keep.id),
        input.keepVersion === null ? undefined : eq(person.version, input.keepVersion),
      ),
    )
    .returning();
  if (!kept) throw new DomainError("conflict.version", { current: keep.version });
  // A stay of the duplicate's that a voided move ended, and that stands: no longer ended by it. Its
  // days are the plan's: the kept record has the person elsewhere from that day, or in the same stay.
  const untied = new Set(
    own
      .filter((m) => {
        const ending = plan.change.find((c) => c.id === m.id)?.toEventId;
        return voided.some((e) => e.id === (ending === undefined ? m.toEventId : ending));
      })
      .map((m) => m.id),
  );
  // Dropped, a stay's other events (a housemate's head change) stay in the household's history.
  for (const id of plan.drop) {
    const [removed] = await tx.delete(householdMember).where(eq(householdMember.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: "delete",
      entity: "household_member",
      entityId: id,
      before: removed,
    });
  }
  for (const { id, fromDate, toDate, fromEventId, toEventId, head } of plan.change)
    await changeMembership(tx, ctx, id, () => ({
      fromDate,
      toDate,
      ...(fromEventId === undefined ? {} : { fromEventId }),
      ...(toEventId === undefined ? {} : { toEventId }),
      ...(untied.has(id) ? { toEventId: null } : {}),
      ...(head ? { relation: "head" as const } : {}),
    }));
  // A joined stay's days the duplicate headed the household: the head's (see byHeadship).
  for (const { like, head, fromDate, toDate, fromEventId, toEventId } of plan.add ?? []) {
    const stay = memberships.find((m) => m.id === like)!;
    await addMember(tx, ctx, {
      householdId: stay.householdId,
      personId: keep.id,
      relation: head ? "head" : stay.relation,
      fromDate,
      eventId: fromEventId,
      toDate,
      toEventId,
    });
  }
  for (const id of untied)
    if (!plan.drop.includes(id) && !plan.change.some((c) => c.id === id))
      await changeMembership(tx, ctx, id, () => ({ toEventId: null }));
  await tx
    .update(householdMember)
    .set({ personId: keep.id })
    .where(eq(householdMember.personId, duplicate.id));
  // Those voided stay the duplicate's: the history names whose record they were.
  await tx
    .update(lifeEvent)
    .set({ personId: keep.id })
    .where(
      and(
        eq(lifeEvent.personId, duplicate.id),
        voided.length
          ? notInArray(
              lifeEvent.id,
              voided.map((e) => e.id),
            )
          : undefined,
      ),
    );
  await tx.update(certificate).set({ personId: keep.id }).where(eq(certificate.personId, duplicate.id));
  const [merged] = await tx
    .update(person)
    .set({ mergedInto: keep.id, version: sql`${person.version} + 1`, updatedAt: new Date() })
    .where(eq(person.id, duplicate.id))
    .returning();
  await recordAudit(tx, ctx, {
    action: "update",
    entity: "person",
    entityId: keep.id,
    before: keep,
    after: kept,
  });
  await recordAudit(tx, ctx, {
    action: "merge",
    entity: "person",
    entityId: duplicate.id,
    before: duplicate,
    after: merged,
  });
  const today = organisationToday(ctx);
  const mergedIn = new Map<string, string>();
  for (const householdId of new Set(memberships.map((m) => m.householdId))) {
    const event = await insertEvent(tx, ctx, {
      kind: "person-merged",
      occurredOn: today,
      householdId,
      personId: keep.id,
      details: { mergedPersonId: duplicate.id, mergedName: fullName(duplicate) },
    });
    mergedIn.set(householdId, event.id);
  }
  // Each voided event is annulled by its household's merge event, as a clerk's annulment marks one
  // (audited as a `void`); what it did the merge has undone already, by dropping its stays.
  for (const event of voided)
    await markAnnulled(tx, ctx, event, { eventId: mergedIn.get(event.householdId!) ?? null });
  // The first day each household's stays changed: the duplicate's there dropped, cut or joined, one
  // a voided move had ended, a voided event's.
  const changedSince = new Map<string, string>();
  const changed = (householdId: string, day: string) => {
    const was = changedSince.get(householdId);
    if (was === undefined || day < was) changedSince.set(householdId, day);
  };
  for (const m of memberships) {
    const becomes = plan.change.find((c) => c.id === m.id);
    if (plan.drop.includes(m.id)) changed(m.householdId, m.fromDate);
    else if (becomes) changed(m.householdId, firstDayChanged(m, becomes) ?? today);
    else if (untied.has(m.id) && m.toDate !== null) changed(m.householdId, m.toDate);
  }
  for (const e of voided)
    for (const id of [e.householdId, e.otherHouseholdId]) if (id !== null) changed(id, e.occurredOn);
  for (const piece of plan.add ?? [])
    changed(memberships.find((m) => m.id === piece.like)!.householdId, piece.fromDate);
  // A household dissolved on a day its stays no longer give (the one who left it last was the
  // duplicate registered there by mistake; a voided move had ended the stay) stands again, its
  // dissolution annulled by the merge's event there, as an annulment undoes one that an event
  // registered by mistake made; left with no one, it is closed below on the day its last one went.
  // A dissolution with no event of its own (an imported book's dissolved household) is read alike.
  const dissolutions = await tx
    .select({ householdId: household.id, on: household.dissolvedOn, event: lifeEvent })
    .from(household)
    .leftJoin(
      lifeEvent,
      and(
        eq(lifeEvent.householdId, household.id),
        eq(lifeEvent.kind, "household-dissolved"),
        isNull(lifeEvent.annulledAt),
        eq(lifeEvent.occurredOn, household.dissolvedOn),
      ),
    )
    .where(and(inArray(household.id, [...changedSince.keys()]), isNotNull(household.dissolvedOn)));
  const amissNow = new Map(
    (
      await householdsAmiss(
        tx,
        actor.orgId,
        today,
        dissolutions.map((d) => d.householdId),
        true,
      )
    ).map((h) => [h.householdId, h]),
  );
  for (const { householdId, on, event } of dissolutions) {
    const now = amissNow.get(householdId);
    if (now && !now.occupied && now.lastLeft === on) continue;
    await undoDissolution(
      tx,
      ctx,
      { householdId, on: on!, event },
      { eventId: mergedIn.get(householdId) ?? null },
    );
  }
  const stays = own.map((m): MergedStay => {
    const becomes = plan.change.find((c) => c.id === m.id);
    const outcome: MergedStay["outcome"] = plan.joined.includes(m.id)
      ? "joined"
      : plan.drop.includes(m.id)
        ? "dropped"
        : becomes
          ? "cut"
          : "kept";
    return {
      householdId: m.householdId,
      household: m.household,
      fromDate: m.fromDate,
      toDate: m.toDate,
      outcome,
      becomes: becomes ? { fromDate: becomes.fromDate, toDate: becomes.toDate } : null,
    };
  });
  // A household only the duplicate belonged to is closed: on the day it was formed, if it never
  // had anyone (registered by mistake), else on the day its last one went.
  const closed: MergeEffect["closed"] = [];
  for (const h of await householdsAmiss(tx, actor.orgId, today, [...changedSince.keys()]))
    if (!h.occupied && (await dissolveIfLeftEmpty(tx, ctx, h.householdId, h.lastLeft)))
      closed.push({ householdId: h.householdId, household: h.householdNumber, on: h.lastLeft });
  // Every household either record belonged to has the merge in its history today, and the kept
  // record may know more of the person since (a disability group only the duplicate had): the derived
  // flags of each follow its facts from the first day changed, as after a life event. Only those whose
  // rows the merge changed move on a version: the duplicate's, whose stays now name the kept record
  // (or are gone, cut or joined, the household closed or standing again). A card open on a household
  // only the kept record belonged to, which gained a line of history, stays good to save.
  const rowsChanged = new Set(own.map((m) => m.householdId));
  for (const householdId of mergedIn.keys()) changed(householdId, today);
  for (const [householdId, day] of changedSince)
    if (rowsChanged.has(householdId)) await householdUndoneSince(tx, ctx, householdId, day);
    else await flagsUndoneSince(tx, ctx, householdId, day);
  const numbers = new Map(memberships.map((m) => [m.householdId, m.household]));
  const voidedEvents: MergeEffect["voided"] = voided
    .map((e) => ({
      householdId: e.householdId!,
      household: numbers.get(e.householdId!)!,
      // eventsVoided voids only these kinds.
      kind: e.kind as MergeEffect["voided"][number]["kind"],
      occurredOn: e.occurredOn,
    }))
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
  return { kept, effect: { stays, closed, voided: voidedEvents } satisfies MergeEffect };
}
