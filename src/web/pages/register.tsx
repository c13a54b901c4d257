import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearchParams } from "react-router-dom";
import { QUERY_MIN_LETTERS, tooShortToSearch } from "../../domain/registry/names.js";
import { useAddressFormKey } from "../app/address-form.js";
import { api, type Organisation } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { MatchCount, Pager, pageIn } from "../app/pager.js";
import { activeOrganisation, useSession } from "../app/session.js";
import { EmptyState, FoldButton, Loaded, nameOf, useLoad } from "../app/ui.js";
import type { Criterion, HouseholdHit, Page, PersonHit, Village } from "../register/api.js";
import { useBookKeepers, useRegisterScope } from "../register/scope.js";

/** The orders each list offers besides the default (best match first, or by number or name). */
const SORTS = { households: ["number", "name"], people: ["name", "birthDate"] } as const;

/** A page of the register's search, saying which of the two lists it is. */
type SearchPage = (Page<PersonHit> & { what: "people" }) | (Page<HouseholdHit> & { what: "households" });

/**
 * The household book: search households or people, filter by village and flag, page through. A
 * district office searches the books of its municipalities instead (by name, PIN or address; their
 * cards stay with the municipalities).
 */
export default function RegisterPage() {
  const { t } = useTranslation();
  const { can, session } = useSession();
  // An office's reach words its search: a district's, an oblast's, or the country's municipalities.
  const area = activeOrganisation(session)?.area;
  const [params, setParams] = useSearchParams();
  // What a page that sent the clerk here had to say (a new household's form whose answer was lost).
  const arrivedWith = (useLocation().state as { said?: string } | null)?.said;
  const wide = useRegisterScope() === "readable";
  const what = params.get("what") === "people" ? "people" : "households";
  const query = new URLSearchParams(
    [...params.entries()].filter(([k, v]) => ["q", "villageCode", "flag", "sort", "page"].includes(k) && v),
  );
  if (wide) query.set("scope", "readable");
  const key = `${what}?${query}`;
  // Names of the villages the rows name: the municipality's own, or for a district every village.
  const villages = useVillages(wide);
  const organisation = useLoad(() => api<Organisation>("GET", "/api/organisation"), "organisation");
  // A district office's hits come from its municipalities: each row says whose book it is in.
  const bookOf = useBookKeepers(wide);
  const mergedInto = organisation.data?.mergedInto;
  // The flag filter's criteria: an office's are those its municipalities' books keep.
  const criteria = useLoad(
    () => api<Criterion[]>("GET", `/api/registry/vulnerability-criteria${wide ? "?scope=readable" : ""}`),
    wide ? "criteria:readable" : "criteria",
  );
  // An office's village filter offers its area's villages; its rows may name any village.
  const areaVillages = useLoad(
    () => (wide ? api<Village[]>("GET", "/api/registry/villages") : Promise.resolve(null)),
    wide ? "area-villages" : "",
  );
  const searched = ["q", "villageCode", "flag"].some((k) => params.get(k)?.trim());
  // An office lists nothing until asked: its books together are a district's, or the country's.
  const asked = !wide || searched;
  // Nothing asked yet is `undefined`, not null: Loaded reads null as still loading. Each page says
  // what it lists: the one before stays shown while the next loads, and may be the other kind's.
  const results = useLoad<SearchPage | undefined>(
    () =>
      !asked
        ? Promise.resolve(undefined)
        : what === "people"
          ? api<Page<PersonHit>>("GET", `/api/registry/people?${query}`).then((found) => ({
              ...found,
              what: "people" as const,
            }))
          : api<Page<HouseholdHit>>("GET", `/api/registry/households?${query}`).then((found) => ({
              ...found,
              what: "households" as const,
            })),
    key,
  );
  // An office's hit opens the card too, read only (household.tsx).
  const cardLink = (householdId: string, text: string) => (
    <Link to={`/register/households/${householdId}`}>{text}</Link>
  );
  const villageName = (code: string | null) => {
    const v = villages.data?.find((x) => x.code === code);
    return v ? nameOf(v.name) : (code ?? "");
  };
  // An office keeps no criteria: its hits' flags are named by each hit's municipality's (as its card).
  const hitBooks = wide ? [...new Set((results.data?.items ?? []).map((hit) => hit.orgId))].sort() : [];
  const criteriaOfBooks = useLoad(
    async () =>
      new Map(
        await Promise.all(
          hitBooks.map(
            async (orgId) =>
              [
                orgId,
                await api<Criterion[]>("GET", `/api/registry/vulnerability-criteria?orgId=${orgId}`),
              ] as const,
          ),
        ),
      ),
    `criteria:${hitBooks.join(",")}`,
  );
  const criterionName = (orgId: string, code: string) => {
    const c = (wide ? criteriaOfBooks.data?.get(orgId) : criteria.data)?.find((x) => x.code === code);
    return c ? nameOf(c.name) : code;
  };

  const [moreShown, setMoreShown] = useState(false);
  // On a phone the village, flag and order filters fold behind a button that counts those in use.
  const [filtersShown, setFiltersShown] = useState(false);
  const filtersInUse = ["villageCode", "flag", "sort"].filter((k) => params.get(k)).length;
  // One letter is not searched (the server refuses it too): the clerk is asked for more.
  const [tooShort, setTooShort] = useState(false);
  // The search the address holds: the form is drawn afresh when it changes and on the browser's
  // Back, so its fields show what the results are for, not what was typed last.
  const formKey = useAddressFormKey(
    ["what", "q", "villageCode", "flag", "sort"].map((k) => params.get(k) ?? "").join("\n"),
  );
  // The kind chosen in the form, before it is searched: it decides the orders offered. A choice
  // made for another search in the address is forgotten with that search's form.
  const [chosen, setChosen] = useState<{ in: string; what: "households" | "people" } | null>(null);
  const asking = chosen?.in === formKey ? chosen.what : what;
  const setAsking = (kind: "households" | "people") => setChosen({ in: formKey, what: kind });
  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const short = tooShortToSearch(String(form.get("q") ?? ""));
    setTooShort(short);
    if (short) return;
    const next = new URLSearchParams();
    for (const k of ["what", "q", "villageCode", "flag", "sort"]) {
      const v = String(form.get(k) ?? "");
      if (v) next.set(k, v);
    }
    setParams(next);
  }
  const page = pageIn(params);
  // Another page of results starts at their top, not where the pager left the clerk (at the bottom).
  const resultsTop = useRef<HTMLDivElement>(null);
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    resultsTop.current?.scrollIntoView({ block: "start" });
  }, [page]);

  return (
    <section>
      <div className="page-head">
        <h1>{t("reg.title")}</h1>
        <div className="actions register-actions">
          {/* A merged municipality's villages are its successor's, and a district office keeps no
              book: neither registers new households. */}
          {can("registry.write") && !mergedInto && !wide && (
            <Link className="button primary" to="/register/new">
              {t("reg.newHousehold")}
            </Link>
          )}
          {/* On a phone the other pages fold behind one button: stacked, they filled the first
              screen and pushed the search below it. */}
          <FoldButton
            shown={moreShown}
            onToggle={setMoreShown}
            controls="register-more"
            className="more-toggle"
          >
            {t("reg.moreActions")}
          </FoldButton>
          <div id="register-more" className={moreShown ? "more-actions shown" : "more-actions"}>
            {can("registry.write") && !mergedInto && !wide && (
              <Link className="button" to="/register/import">
                {t("reg.import.title")}
              </Link>
            )}
            <Link className="button" to="/register/summary">
              {t("reg.summary.title")}
            </Link>
            {wide && (
              <Link className="button" to="/register/duplicates">
                {t("reg.duplicates.across.title")}
              </Link>
            )}
            {!wide && (
              <>
                <a
                  className="button"
                  href="/api/registry/book/export?format=xlsx"
                  title={t("reg.exportBookXlsxHint")}
                >
                  {t("reg.exportXlsx")}
                </a>
                {/* CSV is one table: choosing it must not lose the land and livestock unawares, so
                    the page says so beside it, where a phone shows it too (a title shows only on hover). */}
                <span className="export-choice">
                  <a
                    className="button"
                    href="/api/registry/book/export?format=csv"
                    aria-describedby="book-csv-holds"
                  >
                    {t("reg.exportBookCsv")}
                  </a>
                  <small id="book-csv-holds" className="muted">
                    {t("reg.exportBookCsvHint")}
                  </small>
                </span>
                {/* What a role cannot act on is not offered: merging is a clerk's, the settings an
                    administrator's (a social worker reads the criteria in the flag form). */}
                {can("registry.write") && (
                  <Link className="button" to="/register/duplicates">
                    {t("reg.duplicates.title")}
                  </Link>
                )}
                {(can("registry.configure") || can("certificates.templates")) && (
                  <Link className="button" to="/register/settings">
                    {t("reg.settings.title")}
                  </Link>
                )}
              </>
            )}
          </div>
        </div>
      </div>
      {arrivedWith && (
        <p className="notice" role="status">
          {arrivedWith}
        </p>
      )}
      {mergedInto && (
        <p className="notice" role="note">
          {t("reg.mergedInto", {
            date: formatDate(mergedInto.on, currentLocale()),
            name: nameOf(mergedInto.name),
          })}
        </p>
      )}
      <form className="filters" onSubmit={search} key={formKey}>
        <label className="field">
          <span className="field-label">{t("reg.searchFor")}</span>
          <select
            name="what"
            defaultValue={what}
            onChange={(e) => setAsking(e.currentTarget.value === "people" ? "people" : "households")}
          >
            <option value="households">{t("reg.households")}</option>
            <option value="people">{t("reg.people")}</option>
          </select>
        </label>
        <label className="field field-wide">
          <span className="field-label">{t("reg.query")}</span>
          <input
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            placeholder={t("reg.queryHint")}
            aria-invalid={tooShort || undefined}
            aria-describedby={tooShort ? "register-query-short" : undefined}
          />
        </label>
        <FoldButton
          shown={filtersShown}
          onToggle={setFiltersShown}
          controls="register-filters"
          className="filter-toggle"
        >
          {filtersInUse > 0 ? t("reg.filtersActive", { count: filtersInUse }) : t("reg.filters")} ▾
        </FoldButton>
        <div id="register-filters" className={filtersShown ? "filter-extra shown" : "filter-extra"}>
          <VillageFilter
            villages={wide ? areaVillages.data : villages.data}
            value={params.get("villageCode")}
          />
          <label className="field">
            <span className="field-label">{t("reg.flag")}</span>
            {/* Drawn again once the criteria come, to show the flag the address asks for. */}
            <select
              name="flag"
              defaultValue={params.get("flag") ?? ""}
              key={criteria.data ? "criteria" : "loading"}
            >
              <option value="">{t("reg.all")}</option>
              {criteria.data?.map((c) => (
                <option key={c.code} value={c.code}>
                  {nameOf(c.name)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("reg.sort.label")}</span>
            <select name="sort" key={asking} defaultValue={asking === what ? (params.get("sort") ?? "") : ""}>
              <option value="">{t("reg.sort.relevance")}</option>
              {SORTS[asking].map((s) => (
                <option key={s} value={s}>
                  {t(`reg.sort.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" className="primary">
          {t("reg.search")}
        </button>
      </form>
      {tooShort && (
        <p id="register-query-short" className="state-error" role="alert">
          {t("errors.registry.queryTooShort", { letters: QUERY_MIN_LETTERS })}
        </p>
      )}
      {wide && (
        <p className="muted">
          {t(
            area === "country"
              ? "reg.wideHintCountry"
              : area === "oblast"
                ? "reg.wideHintOblast"
                : "reg.wideHint",
          )}
        </p>
      )}
      <div ref={resultsTop} className="results-top" />
      <Loaded state={results}>
        {(data) => {
          if (!data) return <p className="state">{t("reg.searchFirst")}</p>;
          if (data.items.length === 0)
            return searched ? (
              <div className="state">
                <p>{t("common.nothingFound")}</p>
                {params.get("q")?.trim() && <p className="muted">{t("reg.nothingFoundHint")}</p>}
              </div>
            ) : (
              <EmptyState />
            );
          return (
            <>
              {"similar" in data && data.similar && <p className="notice">{t("reg.similarOnly")}</p>}
              {"truncated" in data && data.truncated ? (
                <p className="notice">{t("reg.truncated")}</p>
              ) : (
                <MatchCount page={data} />
              )}
              <div className="table-wrap">
                {data.what === "people" ? (
                  <table className="register" aria-busy={results.loading}>
                    <thead>
                      <tr>
                        <th>{t("reg.name")}</th>
                        <th>{t("reg.birthDate")}</th>
                        <th>{t("reg.pin")}</th>
                        <th>{t("reg.household")}</th>
                        <th>{t("reg.village")}</th>
                        {wide && <th>{t("org.kind.ayil-okmotu")}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((p) => (
                        <tr key={p.id}>
                          <td>
                            {p.householdId
                              ? cardLink(p.householdId, `${p.surname} ${p.givenName} ${p.patronymic ?? ""}`)
                              : `${p.surname} ${p.givenName} ${p.patronymic ?? ""}`}{" "}
                            <small className="muted">{p.nameLatin}</small>
                            {/* Whom a certificate may not be issued for: the dead, and those gone from every household. */}
                            {p.deathDate ? (
                              <span className="badge died">† {formatDate(p.deathDate, currentLocale())}</span>
                            ) : (
                              !p.householdId && <span className="badge">{t("reg.inNoHousehold")}</span>
                            )}
                          </td>
                          <td>{p.birthDate ? formatDate(p.birthDate, currentLocale()) : "—"}</td>
                          <td>{p.pin ?? <span className="badge">{t("reg.pinUnknown")}</span>}</td>
                          <td>{p.householdNumber ? `№ ${p.householdNumber}` : "—"}</td>
                          <td>{p.villageCode ? villageName(p.villageCode) : "—"}</td>
                          {wide && <td>{bookOf(p.orgId)}</td>}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <table className="register" aria-busy={results.loading}>
                    <thead>
                      <tr>
                        <th>№</th>
                        <th>{t("reg.head")}</th>
                        <th>{t("reg.address")}</th>
                        <th>{t("reg.members")}</th>
                        <th>{t("reg.flags")}</th>
                        {wide && <th>{t("org.kind.ayil-okmotu")}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((h) => (
                        <tr key={h.id}>
                          <td>
                            {cardLink(h.id, String(h.number))}
                            {h.formerNumber !== null && (
                              <small className="muted">
                                {" "}
                                (
                                {h.formerBook
                                  ? t("reg.transferredFrom", {
                                      number: h.formerNumber,
                                      municipality: nameOf(h.formerBook),
                                    })
                                  : t("reg.formerNumber", { number: h.formerNumber })}
                                )
                              </small>
                            )}
                            {h.dissolvedOn && (
                              <small className="muted">
                                {" "}
                                ({t("reg.dissolvedOn")} {formatDate(h.dissolvedOn, currentLocale())})
                              </small>
                            )}
                          </td>
                          <td>{cardLink(h.id, h.headName ?? "—")}</td>
                          <td className="address">
                            {[villageName(h.villageCode), h.street, h.house].filter(Boolean).join(", ")}
                          </td>
                          <td>{h.memberCount}</td>
                          {/* A dash as the other columns have: on a phone an empty cell left its label alone. */}
                          <td>
                            {h.flags.length === 0
                              ? "—"
                              : h.flags.map((f) => (
                                  <span key={f} className="badge">
                                    {criterionName(h.orgId, f)}
                                  </span>
                                ))}
                          </td>
                          {wide && <td>{bookOf(h.orgId)}</td>}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
              <Pager page={page} hasMore={data.hasMore} />
              {data.what === "households" && <HouseholdListFiles query={query} />}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/**
 * The households the search found, every page, as a file: a social worker's list of one flag for
 * the social development department, a village's for its elder.
 */
function HouseholdListFiles({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const href = (format: "xlsx" | "csv") =>
    `/api/registry/households/export?${new URLSearchParams([
      ...[...query.entries()].filter(([k]) => k !== "page"),
      ["format", format],
    ])}`;
  return (
    <p className="actions household-list-files no-print">
      <a href={href("xlsx")}>{t("reg.householdList.exportXlsx")}</a>
      <a href={href("csv")}>{t("reg.householdList.exportCsv")}</a>
    </p>
  );
}

/** The municipality's villages; for an office (`wide`), the country's, to name any household's. */
export function useVillages(wide = false) {
  return useLoad(
    () => api<Village[]>("GET", wide ? "/api/places?level=village" : "/api/registry/villages"),
    wide ? "places" : "villages",
  );
}

/** The municipality's villages as options of a select, by name in the user's language. */
export function VillageOptions({ villages }: { villages: Village[] | null | undefined }) {
  return (
    <>
      {villages?.map((v) => (
        <option key={v.code} value={v.code}>
          {nameOf(v.name)}
        </option>
      ))}
    </>
  );
}

/**
 * A select of villages for a form that reads its fields when sent (not one held in state). Given
 * its value before the villages come, a select falls on the first option when they do, and a save
 * would then move a household or a plot there; so it is drawn again once they come, holds the value
 * it was given meanwhile, and keeps a value that is not in the list as it is.
 */
export function VillageSelect({
  villages,
  defaultValue,
  empty,
  id,
}: {
  id?: string;
  villages: Village[] | null | undefined;
  defaultValue: string;
  /** The label of "no village", where none is a choice. */
  empty?: string;
}) {
  const { t } = useTranslation();
  const listed = villages?.some((v) => v.code === defaultValue) ?? false;
  return (
    <select key={villages ? "villages" : "loading"} id={id} name="villageCode" defaultValue={defaultValue}>
      {empty !== undefined && <option value="">{empty}</option>}
      {defaultValue && !listed && (
        <option value={defaultValue}>{villages ? defaultValue : t("common.loading")}</option>
      )}
      <VillageOptions villages={villages} />
    </select>
  );
}

/** A list's filter by village: every village, or one. */
export function VillageFilter({
  villages,
  value,
}: {
  villages: Village[] | null | undefined;
  value: string | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{t("reg.village")}</span>
      <VillageSelect id={id} villages={villages} defaultValue={value ?? ""} empty={t("reg.all")} />
    </label>
  );
}
