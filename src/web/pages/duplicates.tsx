import { Fragment, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import type { MergeEffect } from "../../domain/registry/merge.js";
import { ApiProblem, api } from "../app/api.js";
import { formatDate, formatDateTime } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { Pager, pageIn, withPage } from "../app/pager.js";
import { useSession } from "../app/session.js";
import {
  EmptyState,
  ErrorState,
  Loaded,
  Loading,
  ProblemMessage,
  useDownloads,
  useLoad,
  useOneAtATime,
} from "../app/ui.js";
import type {
  CountedTwiceGroup,
  DuplicateGroup,
  DuplicatePerson,
  OffsetPage,
  Person,
  RegisteredElsewhere,
} from "../register/api.js";
import { useRegisterScope } from "../register/scope.js";

interface Finding {
  kind:
    | "member-before-birth"
    | "member-after-death"
    | "in-two-households"
    | "same-day-two-households"
    | "empty-household"
    | "household-without-head"
    | "flag-after-dissolution";
  personName: string | null;
  householdId: string;
  householdNumber: number;
  otherHouseholdId: string | null;
  otherHouseholdNumber: number | null;
  criterionName: string | null;
  day: string;
  repairable: boolean;
}

/**
 * Contradictions records kept before the register's rules can hold (a member after death, one
 * person in two households at once, a household left with no one or with no head, a dissolved
 * household's flag still in force), and their repair. Each links to the household's card, where a
 * household without a head gets one by a change of head.
 */
function RegisterCheck() {
  const { t } = useTranslation();
  const { can } = useSession();
  const findings = useLoad(() => api<Finding[]>("GET", "/api/registry/check"), "register-check");
  const [error, setError] = useState<ApiProblem | null>(null);
  const [repaired, setRepaired] = useState<{
    membershipsStartedAtBirth: number;
    membershipsEnded: number;
    householdsDissolved: number;
    flagsEnded: number;
    left: number;
  }>();
  // On a slow link the button says the repair is on its way, and a second press sends nothing.
  const repairing = useOneAtATime();
  async function repair() {
    setError(null);
    await repairing.run(async () => {
      try {
        setRepaired(await api("POST", "/api/registry/check/repair", {}));
        findings.reload();
      } catch (err) {
        if (err instanceof ApiProblem) setError(err);
      }
    });
  }
  return (
    <section className="register-check">
      <h2>{t("reg.check.title")}</h2>
      <p className="muted">{t("reg.check.hint")}</p>
      {error && <ErrorState error={error} />}
      {repaired && (
        <p role="status">
          {t("reg.check.repaired", {
            started: repaired.membershipsStartedAtBirth,
            ended: repaired.membershipsEnded,
            dissolved: repaired.householdsDissolved,
            flags: repaired.flagsEnded,
            left: repaired.left,
          })}
        </p>
      )}
      <Loaded state={findings}>
        {(data) =>
          data.length === 0 ? (
            <p className="state">{t("reg.check.none")}</p>
          ) : (
            <>
              <ul className="findings">
                {data.map((f) => (
                  <li key={`${f.kind}-${f.householdId}-${f.personName ?? f.criterionName}-${f.day}`}>
                    <Link to={`/register/households/${f.householdId}`}>
                      {t(`reg.check.${f.kind}`, {
                        name: f.personName,
                        number: f.householdNumber,
                        other: f.otherHouseholdNumber,
                        criterion: f.criterionName,
                        day: formatDate(f.day, currentLocale()),
                      })}
                    </Link>
                  </li>
                ))}
              </ul>
              {can("registry.write") && data.some((f) => f.repairable) && (
                <button
                  type="button"
                  className="primary"
                  disabled={repairing.busy}
                  onClick={() => void repair()}
                >
                  {t(repairing.busy ? "reg.check.repairing" : "reg.check.repair")}
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** Groups a page shows; the list is counted whole, so the page says how many there are. */
const GROUPS_PAGE = 20;
const ELSEWHERE_PAGE = 50;
/** An office's groups a page shows: records of two municipalities, read from kept keys. */
const COUNTED_TWICE_PAGE = 50;

/** A page of a list counted whole: its page in the URL, back to the last page when it shrank under it. */
function useOffsetPage<K extends string, P extends OffsetPage<K, unknown>>(
  load: (offset: number, limit: number) => Promise<P>,
  key: K,
  param: string,
  size: number,
  /** Changes when the list may have: read it again. */
  version = 0,
) {
  const [params, setParams] = useSearchParams();
  const page = pageIn(params, param);
  const state = useLoad(() => load((page - 1) * size, size), `${key}-${page}-${version}`);
  const data = state.data;
  // Merging the last group of the last page leaves that page empty: show the one before it.
  useEffect(() => {
    if (!state.loading && data && data[key].length === 0 && page > 1)
      setParams(withPage(params, Math.max(1, Math.ceil(data.total / size)), param), { replace: true });
  }, [state.loading, data, key, page, params, setParams, param, size]);
  return { state, page, hasMore: (data: P) => data.offset + data[key].length < data.total };
}

/** A list's count and its downloads (xlsx, CSV), with the note of a download that failed. */
function CountAndExports({
  count,
  url,
  downloads,
}: {
  count: string;
  url: string;
  downloads: ReturnType<typeof useDownloads>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="actions">
        <span className="count">{count}</span>
        {downloads.link(`${url}?format=xlsx`, t("reg.exportXlsx"))}
        {downloads.link(`${url}?format=csv`, t("reg.exportCsv"))}
      </p>
      {downloads.note}
    </>
  );
}

/**
 * The municipality's people whom another organisation's register holds too (moved without being
 * struck off there?), by the import's screening rules: our record and the other's name only.
 */
function RegisteredElsewhereList({ merges }: { merges: number }) {
  const { t } = useTranslation();
  const { state, page, hasMore } = useOffsetPage(
    (offset, limit) =>
      api<OffsetPage<"items", RegisteredElsewhere>>(
        "GET",
        `/api/registry/duplicates/elsewhere?offset=${offset}&limit=${limit}`,
      ),
    "items",
    "elsewherePage",
    ELSEWHERE_PAGE,
    merges,
  );
  // The list is built at once, never "being prepared": the note only ever tells of a failure.
  const downloads = useDownloads("", "registered-elsewhere");
  return (
    <section className="registered-elsewhere" id="registered-elsewhere">
      <h2>{t("reg.duplicates.elsewhere.title")}</h2>
      <p className="muted">{t("reg.duplicates.elsewhere.hint")}</p>
      <Loaded state={state}>
        {(data) =>
          data.total === 0 ? (
            <p className="state">{t("reg.duplicates.elsewhere.none")}</p>
          ) : (
            <>
              <CountAndExports
                count={t("reg.duplicates.elsewhere.count", { count: data.total })}
                url="/api/registry/duplicates/elsewhere/export"
                downloads={downloads}
              />
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("reg.duplicates.elsewhere.person")}</th>
                      <th>{t("reg.duplicates.elsewhere.household")}</th>
                      <th>{t("reg.duplicates.elsewhere.reason")}</th>
                      <th>{t("reg.duplicates.elsewhere.organisation")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((r) => (
                      <tr key={`${r.id}-${r.organisation}`}>
                        <td>
                          <PersonLine person={r} />
                        </td>
                        <td>
                          {r.householdId ? (
                            <Link to={`/register/households/${r.householdId}`}>№ {r.householdNumber}</Link>
                          ) : (
                            "—"
                          )}
                        </td>
                        <td>{t(`reg.duplicates.${r.reason}`)}</td>
                        <td>{r.organisation}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={page}
                hasMore={hasMore(data)}
                param="elsewherePage"
                label={t("reg.duplicates.elsewhere.title")}
              />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/**
 * An office's list: people whom two of its municipalities count today, each record with its
 * municipality and household (the card opens read only), to have one municipality strike them off.
 */
function CountedTwiceList() {
  const { t } = useTranslation();
  const { state, page, hasMore } = useOffsetPage(
    (offset, limit) =>
      api<OffsetPage<"groups", CountedTwiceGroup> & { foundAt: string | null }>(
        "GET",
        `/api/registry/duplicates/across?offset=${offset}&limit=${limit}`,
      ),
    "groups",
    "page",
    COUNTED_TWICE_PAGE,
  );
  const downloads = useDownloads("", "counted-twice");
  return (
    <section className="counted-twice">
      <h1>{t("reg.duplicates.across.title")}</h1>
      <p className="muted">{t("reg.duplicates.across.hint")}</p>
      <Loaded state={state}>
        {(data) => (
          <>
            {data.foundAt && (
              <p className="muted">
                {t("reg.duplicates.across.foundAt", { time: formatDateTime(data.foundAt, currentLocale()) })}
              </p>
            )}
            {data.total === 0 ? (
              <p className="state">{t("reg.duplicates.across.none")}</p>
            ) : (
              <>
                <CountAndExports
                  count={t("reg.duplicates.count", { count: data.total })}
                  url="/api/registry/duplicates/across/export"
                  downloads={downloads}
                />
                <ul className="duplicates">
                  {data.groups.map((g) => (
                    <li key={g.people.map((p) => p.id).join()} className="card">
                      <strong>{t(`reg.duplicates.${g.reason}`)}</strong>
                      <ol>
                        {g.people.map((p) => (
                          <li key={p.id}>
                            <span className="organisation">{p.organisation}</span>: <PersonLine person={p} />
                            <HouseholdOf person={p} />
                          </li>
                        ))}
                      </ol>
                    </li>
                  ))}
                </ul>
                <Pager page={page} hasMore={hasMore(data)} label={t("reg.duplicates.across.title")} />
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** " — № 12", the record's household today, linked to its card; nothing when it has none. */
function HouseholdOf({ person: p }: { person: DuplicatePerson }) {
  if (!p.householdId) return null;
  return (
    <>
      {" "}
      — <Link to={`/register/households/${p.householdId}`}>№ {p.householdNumber}</Link>
    </>
  );
}

/** A record's name, birth date and PIN, as each list of this page shows them. */
function PersonLine({
  person: p,
}: {
  person: Pick<DuplicatePerson, "surname" | "givenName" | "patronymic" | "birthDate" | "pin">;
}) {
  const { t } = useTranslation();
  return (
    <>
      {[p.surname, p.givenName, p.patronymic].filter(Boolean).join(" ")},{" "}
      {p.birthDate ? formatDate(p.birthDate, currentLocale()) : "—"}, {p.pin ?? t("reg.pinUnknown")}
    </>
  );
}

/**
 * Probable duplicates, a page of groups at a time, each group with the record to keep first unless
 * the clerk chooses another; merging keeps both histories. An office, which keeps no book of its
 * own, gets the people its municipalities count twice instead.
 */
export default function DuplicatesPage() {
  return useRegisterScope() === "readable" ? <CountedTwiceList /> : <OwnDuplicates />;
}

/** The merge button's label names the kept record by its place in the group's numbered list. */
const KEPT_ORDINALS = ["first", "second", "third"];

/**
 * Where the clerk's last merge ended: refused, beside its group; or done, the record kept as
 * merged, in the place on its page that the group held (a group of three stays, one record fewer,
 * after it).
 */
type MergeOutcome = { group: string; refused: ApiProblem } | { kept: Person; page: number; at: number };

function OwnDuplicates() {
  const { t } = useTranslation();
  const {
    state: groups,
    page,
    hasMore,
  } = useOffsetPage(
    (offset, limit) =>
      api<OffsetPage<"groups", DuplicateGroup>>(
        "GET",
        `/api/registry/duplicates?offset=${offset}&limit=${limit}`,
      ),
    "groups",
    "page",
    GROUPS_PAGE,
  );
  // The record each group keeps, by the group's key: the first unless the clerk chooses another.
  const [kept, setKept] = useState<Record<string, string>>({});
  // The merge the clerk asked for and must confirm: it cannot be undone.
  const [asked, setAsked] = useState<{ group: string; duplicate: DuplicatePerson } | null>(null);
  const [outcome, setOutcome] = useState<MergeOutcome | null>(null);
  // A merged record is no longer one of ours held elsewhere: that list is read again after a merge.
  const [merges, setMerges] = useState(0);
  // One merge at a time: its confirmation stays, its button saying it is on its way, until the
  // answer, so a slow link is seen and a second press sends nothing.
  const merging = useOneAtATime();
  async function merge(group: string, at: number, keep: DuplicatePerson, duplicate: DuplicatePerson) {
    setOutcome(null);
    await merging.run(async () => {
      try {
        const current = await api<Person>("GET", `/api/registry/people/${keep.id}`);
        // The record as merged: facts it lacked (a PIN) are the duplicate's now.
        const merged = await api<Person>("POST", `/api/registry/people/${keep.id}/merge`, {
          duplicateId: duplicate.id,
          version: current.version,
        });
        setOutcome({ kept: merged, page, at });
        groups.reload();
        setMerges((n) => n + 1);
      } catch (err) {
        if (err instanceof ApiProblem) setOutcome({ group, refused: err });
      }
    });
    setAsked(null);
  }
  const merged = outcome && "kept" in outcome ? outcome : null;
  const mergedNotice = merged && (
    <>
      {t("reg.duplicates.merged")} <PersonLine person={merged.kept} />
    </>
  );
  return (
    <section>
      <h1>{t("reg.duplicates.title")}</h1>
      <p className="muted">{t("reg.duplicates.hint")}</p>
      <Loaded state={groups}>
        {(data) => {
          // The last page's last group merged, the list goes back a page: the notice heads it.
          const pageGone = merged !== null && merged.page > Math.ceil(data.total / GROUPS_PAGE);
          const noticeAt =
            merged?.page === page && !pageGone ? Math.min(merged.at, data.groups.length) : null;
          const noticeItem = (
            <li className="notice merge-done" role="status">
              {mergedNotice}
            </li>
          );
          return (
            <>
              {pageGone && (
                <p className="notice merge-done" role="status">
                  {mergedNotice}
                </p>
              )}
              {data.total === 0 ? (
                <EmptyState />
              ) : (
                <>
                  <p className="count">{t("reg.duplicates.count", { count: data.total })}</p>
                  <ul className="duplicates">
                    {data.groups.map((g, at) => {
                      const group = g.people.map((p) => p.id).join();
                      return (
                        <Fragment key={group}>
                          {at === noticeAt && noticeItem}
                          <DuplicateGroupCard
                            group={g}
                            groupKey={group}
                            keepId={kept[group]}
                            onKeep={(id) => {
                              setKept({ ...kept, [group]: id });
                              if (asked?.group === group) setAsked(null);
                            }}
                            asked={asked?.group === group ? asked.duplicate : null}
                            onAsk={(duplicate) => {
                              setOutcome(null);
                              setAsked({ group, duplicate });
                            }}
                            onCancel={() => setAsked(null)}
                            onMerge={(keep, duplicate) => void merge(group, at, keep, duplicate)}
                            merging={merging.busy}
                            refused={
                              outcome && "refused" in outcome && outcome.group === group
                                ? outcome.refused
                                : null
                            }
                          />
                        </Fragment>
                      );
                    })}
                    {noticeAt === data.groups.length && noticeItem}
                  </ul>
                  <Pager page={page} hasMore={hasMore(data)} label={t("reg.duplicates.title")} />
                </>
              )}
            </>
          );
        }}
      </Loaded>
      <RegisteredElsewhereList merges={merges} />
      <RegisterCheck />
    </section>
  );
}

/**
 * One group of probable duplicates: its records, the one to keep chosen with a radio (the first
 * unless the clerk chooses another), a merge button beside each other record that asks first,
 * naming both records, and a refusal beside the group it concerns.
 */
function DuplicateGroupCard({
  group: g,
  groupKey,
  keepId,
  onKeep,
  asked,
  onAsk,
  onCancel,
  onMerge,
  merging,
  refused,
}: {
  group: DuplicateGroup;
  /** Its records' ids: it names the group's choice of record to keep. */
  groupKey: string;
  keepId: string | undefined;
  onKeep: (id: string) => void;
  /** The record the clerk asked to merge into the kept one, awaiting confirmation. */
  asked: DuplicatePerson | null;
  onAsk: (duplicate: DuplicatePerson) => void;
  onCancel: () => void;
  onMerge: (keep: DuplicatePerson, duplicate: DuplicatePerson) => void;
  /** A merge is on its way: nothing else is asked meanwhile. */
  merging: boolean;
  refused: ApiProblem | null;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const keepAt = Math.max(
    0,
    g.people.findIndex((p) => p.id === keepId),
  );
  const keep = g.people[keepAt]!;
  return (
    <li className="card">
      <strong>{t(`reg.duplicates.${g.reason}`)}</strong>
      <ol>
        {g.people.map((p) => (
          <li key={p.id}>
            {can("registry.write") && (
              <label className="check">
                <input
                  type="radio"
                  name={`keep-${groupKey}`}
                  disabled={merging}
                  checked={p.id === keep.id}
                  onChange={() => onKeep(p.id)}
                />{" "}
                {t("reg.duplicates.keep")}
              </label>
            )}{" "}
            <PersonLine person={p} />
            <HouseholdOf person={p} />
            {p.id !== keep.id && can("registry.write") && (
              <button type="button" disabled={merging} onClick={() => onAsk(p)}>
                {t(`reg.duplicates.mergeInto.${KEPT_ORDINALS[keepAt] ?? "nth"}`, { n: keepAt + 1 })}
              </button>
            )}
          </li>
        ))}
      </ol>
      {asked && (
        <div className="notice notice-warning merge-confirm">
          <p>
            <strong>{t("reg.duplicates.confirm.title")}</strong>
          </p>
          <p>
            {t("reg.duplicates.confirm.kept")}: <PersonLine person={keep} />
            <HouseholdOf person={keep} />
          </p>
          <p>
            {t("reg.duplicates.confirm.mergedInto")}: <PersonLine person={asked} />
            <HouseholdOf person={asked} />
          </p>
          <MergeConfirm
            keep={keep}
            duplicate={asked}
            onMerge={() => onMerge(keep, asked)}
            merging={merging}
            onCancel={onCancel}
          />
        </div>
      )}
      {refused && <Refusal error={refused} />}
    </li>
  );
}

/**
 * The confirm step's account of households, read before the clerk says yes: the kept record keeps
 * its own; each of the other's is kept, joined, cut or dropped; a household left with no one is
 * closed. A merge that would be refused says so here, and cannot be confirmed.
 */
function MergeConfirm({
  keep,
  duplicate,
  onMerge,
  merging,
  onCancel,
}: {
  keep: DuplicatePerson;
  duplicate: DuplicatePerson;
  onMerge: () => void;
  merging: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const plan = useLoad(
    () => api<MergeEffect>("GET", `/api/registry/people/${keep.id}/merge-plan?duplicateId=${duplicate.id}`),
    `merge-plan-${keep.id}-${duplicate.id}`,
  );
  const period = (p: { fromDate: string; toDate: string | null }) =>
    `${formatDate(p.fromDate, currentLocale())} – ${p.toDate ? formatDate(p.toDate, currentLocale()) : t("reg.duplicates.plan.today")}`;
  const household = (id: string, number: number) => <Link to={`/register/households/${id}`}>№ {number}</Link>;
  return (
    <>
      {plan.error && <Refusal error={plan.error} />}
      {plan.loading && !plan.data && <Loading />}
      {plan.data && !plan.error && (
        <div className="merge-plan">
          <p>
            <strong>{t("reg.duplicates.plan.title")}</strong>
          </p>
          <p>{t("reg.duplicates.plan.keptKeeps")}</p>
          {plan.data.stays.length === 0 ? (
            <p>{t("reg.duplicates.plan.none")}</p>
          ) : (
            <>
              <p>{t("reg.duplicates.plan.ofOther")}</p>
              <ul>
                {plan.data.stays.map((s) => (
                  <li key={`${s.householdId}-${s.fromDate}`}>
                    {household(s.householdId, s.household)} ({period(s)}):{" "}
                    {t(`reg.duplicates.plan.${s.outcome}`, { period: s.becomes && period(s.becomes) })}.
                  </li>
                ))}
              </ul>
            </>
          )}
          {plan.data.closed.map((c) => (
            <p key={c.householdId}>
              {household(c.householdId, c.household)}{" "}
              {t("reg.duplicates.plan.closed", { day: formatDate(c.on, currentLocale()) })}
            </p>
          ))}
          {plan.data.voided.map((v) => (
            <p key={`${v.householdId}-${v.kind}-${v.occurredOn}`} className="voided">
              {household(v.householdId, v.household)}{" "}
              {t("reg.duplicates.plan.voided", {
                event: t(`reg.event.${v.kind}`),
                day: formatDate(v.occurredOn, currentLocale()),
              })}
            </p>
          ))}
        </div>
      )}
      <p>{t("reg.duplicates.confirm.irreversible")}</p>
      <p className="actions">
        {plan.data && !plan.error && (
          <button type="button" className="primary" disabled={merging} onClick={onMerge}>
            {t(merging ? "reg.duplicates.confirm.merging" : "reg.duplicates.confirm.merge")}
          </button>
        )}
        <button type="button" disabled={merging} onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </>
  );
}

/** A refused merge, with a link to the card of the household it names, where the clerk sets it right. */
function Refusal({ error }: { error: ApiProblem }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <ProblemMessage error={error} />
      {error.household && !error.mergedInto && (
        <p>
          <Link to={`/register/households/${error.household.id}`}>
            {t("reg.duplicates.openHousehold", { number: error.household.number })}
          </Link>
        </p>
      )}
    </div>
  );
}
