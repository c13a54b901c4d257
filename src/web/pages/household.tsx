import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import {
  CADASTRAL_NUMBER_EXAMPLE,
  CADASTRAL_NUMBER_ISSUE,
  readCadastralNumber,
} from "../../domain/registry/cadastral-number.js";
import { certificateNumber } from "../../domain/registry/certificate-number.js";
import { templateIssues } from "../../domain/registry/certificate-template.js";
import { MIN_SPOUSE_AGE_YEARS } from "../../domain/registry/kinship.js";
import { annulmentPermission, MARRIAGE_AGE_YEARS, marriageAge } from "../../domain/registry/life-events.js";
import { abroadOn } from "../../domain/registry/person.js";
import { ADDRESS_CHANGED, countryName, headOf, relationWordKey } from "../../domain/registry/vocabulary.js";
import { REGISTER_CLEAR_REASONS } from "../../domain/registry/vulnerability.js";
import { api, type LocalizedText } from "../app/api.js";
import { formatDate, formatDateTime, formatNumber, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { PaperGapNotice } from "../app/paper-gaps.js";
import { activeOrganisation, useSession } from "../app/session.js";
import {
  Check,
  DayInput,
  EmptyState,
  Field,
  FormActions,
  Loaded,
  NumberInput,
  nameOf,
  PastDayInput,
  useLoad,
  useSubmit,
} from "../app/ui.js";
import {
  CERTIFICATE_KINDS,
  type CertificateTemplate,
  type Criterion,
  type CurrentMember,
  DWELLING_KINDS,
  DWELLING_WATER,
  type Flag,
  type HouseholdCard,
  LAND_CATEGORIES,
  type LandPlot,
  type LivestockCount,
  type Relation,
  SPECIES,
} from "../register/api.js";
import { MemberSelect } from "../register/member-select.js";
import {
  CountrySelect,
  emptyPerson,
  type PersonDraft,
  PersonFields,
  personBody,
  personDraft,
  personErrors,
  RelationOptions,
  RelationWarnings,
} from "../register/person-fields.js";
import { PrintHead, RunningHead } from "../register/print-head.js";
import { useBookKeepers, useRegisterScope } from "../register/scope.js";
import { AnnulEvent, mayAnnul } from "./annul-event.js";
import { HouseholdCertificates } from "./household-certificates.js";
import {
  type ChosenRelations,
  EventDetails,
  householdByNumber,
  plotEndReason,
  RelationsToNewHead,
  relationsToHead,
  SplitFrom,
  useHeadByNumber,
  usePlotName,
} from "./household-events.js";
import { useVillages, VillageOptions, VillageSelect } from "./register.js";

/**
 * The household card, one per household: a link to another card (a split's, a marriage's) starts
 * it afresh, so that nothing of this one (a saved notice, an open form) shows on the other.
 */
export default function HouseholdPage() {
  const { householdId } = useParams();
  return <CardPage key={householdId} householdId={householdId} />;
}

/** The household card: as it stands today or stood on any day, with what a clerk does to it. */
function CardPage({ householdId }: { householdId: string | undefined }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = todayIso();
  // The register holds no tomorrow: a day not come yet shows today, and says so.
  const askedFor = params.get("asOf") ?? "";
  const future = askedFor > today;
  const asOf = future ? "" : askedFor;
  // An office opens a municipality's card from its search to read only (each opening is audited);
  // what it may not do is not offered, as its permissions say.
  const readOnly = useRegisterScope() === "readable";
  const cardQuery = new URLSearchParams({
    ...(asOf ? { asOf } : {}),
    ...(readOnly ? { scope: "readable" } : {}),
  });
  const card = useLoad(
    () =>
      api<HouseholdCard>(
        "GET",
        `/api/registry/households/${householdId}${cardQuery.size > 0 ? `?${cardQuery}` : ""}`,
      ),
    `${householdId}:${asOf}:${readOnly}`,
  );
  // The criteria the flags are named by: the household's municipality's (an office keeps none).
  const criteriaOf = readOnly ? card.data?.orgId : undefined;
  const criteria = useLoad(
    () =>
      readOnly && !criteriaOf
        ? Promise.resolve([])
        : api<Criterion[]>(
            "GET",
            `/api/registry/vulnerability-criteria${criteriaOf ? `?orgId=${criteriaOf}` : ""}`,
          ),
    `criteria:${criteriaOf ?? ""}`,
  );
  const villages = useVillages(readOnly);
  // An office reads another's book: the card, and its paper, name the municipality that keeps it.
  const bookOf = useBookKeepers(readOnly);
  // What was saved, said beside the part of the card that saved it (see SavedNotice). A certificate
  // says what was issued beside its own button (null): no word elsewhere outlives it.
  // A new household's page that opens this card says here what became of its sending.
  const arrivedWith = (useLocation().state as { said?: string } | null)?.said;
  // A correction's warnings (a son now older than the head) are said with its "saved".
  const [notice, setNotice] = useState<{ text: string; at: NoticePlace; warnings?: string[] } | null>(
    arrivedWith ? { text: arrivedWith, at: "members" } : null,
  );
  // Another day shown: what was said of a saving made on today's card does not hold for it.
  const noticeAsOf = useRef(asOf);
  useEffect(() => {
    if (noticeAsOf.current === asOf) return;
    noticeAsOf.current = asOf;
    setNotice(null);
  }, [asOf]);
  const [editing, setEditing] = useState<CurrentMember | null>(null);
  const { can, session } = useSession();
  const [changes, setChanges] = useState(0);
  const done = (message: string | null, at: NoticePlace, warnings?: string[]) => {
    setNotice(message === null ? null : { text: message, at, ...(warnings?.length ? { warnings } : {}) });
    setChanges((n) => n + 1);
    card.reload();
  };
  // What a clerk does acts on today's household: not on a past day's view, nor a dissolved one.
  const past = (h: HouseholdCard) => h.asOf < today;
  const writable = (h: HouseholdCard) => !readOnly && !past(h) && h.dissolvedOn === null;
  // A dissolved household's last events, which left it with no one, may still be found a mistake:
  // annulled, they bring it back (registry/annulment.ts).
  const mayUndo = (h: HouseholdCard, e: HouseholdCard["events"][number]) =>
    writable(h) || (!readOnly && !past(h) && e.occurredOn === h.dissolvedOn);
  const noticeAt = (at: NoticePlace) =>
    notice?.at === at && <SavedNotice key={changes} text={notice.text} warnings={notice.warnings} />;
  const day = (d: string | null | undefined) => (d ? formatDate(d, currentLocale()) : "—");
  const plotName = usePlotName();
  const speciesLine = (count: LivestockCount) =>
    Object.entries(count.counts)
      .map(([s, n]) => `${t(`registry.species.${s}`)}: ${n}`)
      .join(" · ");
  // Whom an event was about: a member now or before, or the record merged away.
  const names = new Map(
    [...(card.data?.members ?? []), ...(card.data?.formerMembers ?? [])].map((p) => [
      p.id,
      `${p.surname} ${p.givenName}`,
    ]),
  );
  const personOf = (e: HouseholdCard["events"][number]): string | null => {
    const who = (e.personId && names.get(e.personId)) || e.personName;
    if (e.kind === "person-merged" && typeof e.details.mergedName === "string")
      return t("reg.personMerged", { merged: e.details.mergedName, kept: who ?? "" });
    return who;
  };
  const eventLine = (e: HouseholdCard["events"][number]) =>
    [t(`reg.event.${e.kind}`), personOf(e)].filter(Boolean).join(": ");
  // Whose book a paper is of: printed at its top, and on every page with the household's number.
  const keeperOf = (h: HouseholdCard) =>
    readOnly ? t("reg.bookOf", { name: bookOf(h.orgId) }) : nameOf(activeOrganisation(session)?.name ?? {});
  const headName = (h: HouseholdCard) => {
    const head = headOf(h.members);
    return head ? `${head.surname} ${head.givenName}` : null;
  };
  // Those who left: a member whose relation changed (a new head, a correction) is a member still,
  // and the history says what changed.
  const leftOf = (h: HouseholdCard) => h.formerMembers.filter((m) => !h.members.some((c) => c.id === m.id));
  // An address as the card writes it: the village's name, the street, the house. Until the villages
  // come (a slow link), the village waits rather than show its 14-digit code; one the list lacks
  // shows its code.
  const addressOf = (a: { villageCode?: unknown; street?: unknown; house?: unknown }) =>
    [
      villages.data &&
        (nameOf(villages.data.find((v) => v.code === a.villageCode)?.name ?? {}) || a.villageCode),
      a.street,
      a.house,
    ]
      .filter((part) => typeof part === "string" && part !== "")
      .join(", ");
  const criterionName = (code: string) => {
    const c = criteria.data?.find((x) => x.code === code);
    return c ? nameOf(c.name) : code;
  };

  return (
    <section className="household-card">
      <Loaded state={card}>
        {(h) => (
          <>
            <PrintHead keeper={keeperOf(h)} />
            <RunningHead
              text={[t("reg.householdNumber", { number: h.number }), headName(h), keeperOf(h)]
                .filter(Boolean)
                .join(" · ")}
            />
            <div className="page-head">
              <h1>{t("reg.householdNumber", { number: h.number })}</h1>
              <div className="actions no-print">
                <label className="field">
                  <span className="field-label">{t("reg.asOf")}</span>
                  <DayInput
                    name="asOf"
                    value={asOf}
                    max={today}
                    onDayChange={(day) => setParams(day ? { asOf: day } : {})}
                  />
                </label>
                <button type="button" onClick={() => window.print()}>
                  {t("reg.print")}
                </button>
              </div>
            </div>
            {future && (
              <p className="notice no-print" role="note">
                {t("reg.futureAsOf", { date: day(askedFor) })}
              </p>
            )}
            {/* On paper the print head names the book, and reading only is the screen's concern. */}
            {readOnly && (
              <>
                <p className="book-of no-print">{t("reg.bookOf", { name: bookOf(h.orgId) })}</p>
                <p className="muted read-only no-print">{t("reg.readOnlyCard")}</p>
              </>
            )}
            <p>
              {addressOf(h)}
              {h.phone ? ` · ${h.phone}` : ""} · {t("reg.formedOn")} {day(h.formedOn)}
              {h.dissolvedOn ? ` · ${t("reg.dissolvedOn")} ${day(h.dissolvedOn)}` : ""} · {t("reg.asOf")}{" "}
              {day(h.asOf)}
            </p>
            <SplitFrom card={h} />
            {!h.existed && h.asOf < h.formedOn && (
              <p className="notice" role="note">
                {t("reg.notYetFormed", { date: day(h.asOf), formedOn: day(h.formedOn) })}
              </p>
            )}
            {h.dissolvedOn !== null ? (
              <p className="notice no-print dissolved" role="note">
                {t("reg.dissolvedCard", { date: day(h.dissolvedOn) })}
              </p>
            ) : (
              past(h) &&
              !readOnly && (
                <p className="notice no-print past-view" role="note">
                  {t("reg.pastView", { date: day(h.asOf) })}{" "}
                  <button type="button" className="link" onClick={() => setParams({})}>
                    {t("reg.toToday")}
                  </button>
                </p>
              )
            )}
            <DwellingAndNotes card={h} />
            <h2>{t("reg.members")}</h2>
            {/* A head who died with no end written (older records, an import) heads no one: the clerk names one. */}
            {writable(h) && can("registry.write") && h.members.length > 0 && !headOf(h.members) && (
              <p className="notice notice-warning no-print no-head" role="note">
                {t("reg.noHead")}
              </p>
            )}
            {h.members.length === 0 ? (
              <EmptyState />
            ) : (
              <div className="table-wrap">
                <table className="members">
                  <thead>
                    <tr>
                      <th>{t("reg.name")}</th>
                      <th>{t("reg.relation")}</th>
                      <th>{t("reg.birthDate")}</th>
                      <th>{t("reg.pin")}</th>
                      <th>{t("reg.memberSince")}</th>
                      <th className="no-print" />
                    </tr>
                  </thead>
                  <tbody>
                    {h.members.map((m) => (
                      <tr key={m.id}>
                        <td>
                          {m.surname} {m.givenName} {m.patronymic ?? ""}{" "}
                          <small className="muted">{m.nameLatin}</small>
                          {m.disabilityGroup && (
                            <span className="badge">{t(`reg.disability.${m.disabilityGroup}`)}</span>
                          )}
                          {m.migration && (
                            <span className="badge">
                              {t("reg.abroad", { country: countryName(t, m.migration.country) })}
                            </span>
                          )}
                        </td>
                        <td>{t(relationWordKey(m, headOf(h.members)))}</td>
                        <td>{day(m.birthDate)}</td>
                        <td>{m.pin ?? <span className="badge">{t("reg.pinUnknown")}</span>}</td>
                        <td>{day(m.memberSince)}</td>
                        <td className="no-print">
                          {writable(h) && can("registry.write") && (
                            <button
                              type="button"
                              className="link"
                              onClick={() => {
                                setNotice(null);
                                setEditing(m);
                              }}
                            >
                              {t("reg.editPerson")}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {editing && (
              <EditPerson
                key={editing.id}
                person={editing}
                members={h.members}
                onDone={(said, warnings) => {
                  setEditing(null);
                  done(said ?? t("common.saved"), "members", warnings);
                }}
              />
            )}
            {noticeAt("members")}
            {/* Without the head: a former member's relation was to the head of its day. */}
            <FoldedList title={t("reg.formerMembers")} items={leftOf(h)}>
              {(m) => (
                <li key={`${m.id}-${m.memberSince}`}>
                  {m.surname} {m.givenName} — {t(relationWordKey(m))}, {day(m.memberSince)} –{" "}
                  {day(m.memberUntil)}
                  {m.deathDate ? ` † ${day(m.deathDate)}` : ""}
                </li>
              )}
            </FoldedList>

            <h2>{t("reg.flags")}</h2>
            {h.flags.length === 0 ? (
              <p className="muted">{t("reg.noFlags")}</p>
            ) : (
              <ul className="flags">
                {h.flags.map((f) => (
                  <li key={f.id}>
                    <FlagLine flag={f} criterionName={criterionName} />{" "}
                    {writable(h) && (
                      <ClearFlag
                        householdId={h.id}
                        flag={f}
                        onDone={(said) => done(said ?? t("common.saved"), "flags")}
                      />
                    )}
                  </li>
                ))}
              </ul>
            )}
            {noticeAt("flags")}
            <FoldedList className="former-flags" title={t("reg.formerFlags")} items={h.formerFlags}>
              {(f) => (
                <li key={f.id}>
                  <FlagLine flag={f} criterionName={criterionName} />. {t("reg.clearReason")}:{" "}
                  {f.clearReason !== null && REGISTER_CLEAR_REASONS.includes(f.clearReason) ? (
                    t(f.clearReason)
                  ) : (
                    <>
                      {f.clearReason}
                      {/* A derived flag a person cleared: the register's data gave it, her judgement did not. */}
                      {f.source === "derived" && (
                        <small className="muted"> ({t("reg.clearedAgainstRegister")})</small>
                      )}
                    </>
                  )}
                </li>
              )}
            </FoldedList>

            <h2>{t("reg.land")}</h2>
            {h.landPlots.length === 0 ? (
              <p className="muted">{t("common.empty")}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("registry.fields.cadastralNumber")}</th>
                      <th>{t("registry.fields.category")}</th>
                      <th>{t("registry.fields.tenure")}</th>
                      <th>{t("registry.fields.areaHa")}</th>
                      <th>{t("reg.since")}</th>
                      <th className="no-print" />
                    </tr>
                  </thead>
                  <tbody>
                    {h.landPlots.map((p) => (
                      <tr key={p.id}>
                        <td>{p.cadastralNumber ?? "—"}</td>
                        <td>{t(`registry.landCategories.${p.category}`)}</td>
                        <td>{t(`registry.tenures.${p.tenure}`)}</td>
                        <td>{formatNumber(p.areaHa, currentLocale(), 2)}</td>
                        <td>{day(p.fromDate)}</td>
                        <td className="no-print">
                          {writable(h) && can("registry.land") && (
                            <EndPlot
                              householdId={h.id}
                              plot={p}
                              onOpen={() => setNotice(null)}
                              onDone={(said) => done(said ?? t("common.saved"), "land")}
                            />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {noticeAt("land")}
            <FoldedList className="former-plots" title={t("reg.formerPlots")} items={h.formerLandPlots}>
              {(p) => {
                const ending = h.events.find(
                  (e) => e.kind === "land-ended" && e.details.plotId === p.id && !e.annulledAt,
                );
                const why = plotEndReason(t, p.endReason, ending?.details.note);
                return (
                  <li key={p.id}>
                    {plotName(p)} — {t(`registry.tenures.${p.tenure}`)}, {day(p.fromDate)} – {day(p.toDate)}
                    {why && ` (${why})`}
                  </li>
                );
              }}
            </FoldedList>
            <h2>{t("reg.livestock")}</h2>
            {h.livestock ? (
              <p>
                {speciesLine(h.livestock)} <small className="muted">({day(h.livestock.countedOn)})</small>
              </p>
            ) : (
              <p className="muted">{t("common.empty")}</p>
            )}
            <FoldedList
              className="earlier-livestock"
              title={t("reg.earlierLivestock")}
              items={h.earlierLivestock}
            >
              {(c) => (
                <li key={c.countedOn}>
                  {day(c.countedOn)}: {speciesLine(c)}
                </li>
              )}
            </FoldedList>

            {can("certificates.read") && (
              <HouseholdCertificates householdId={h.id} until={h.asOf} changes={changes} />
            )}

            <h2>{t("reg.history")}</h2>
            <ol className="events">
              {h.events.map((e) => {
                const label = `${day(e.occurredOn)} — ${eventLine(e)}`;
                const text = (
                  <>
                    {label}
                    {e.kind === "household-transferred" && <TransferredFrom details={e.details} />}
                    {e.kind === ADDRESS_CHANGED && (
                      <>
                        : {addressOf(e.details.from ?? {})} → {addressOf(e.details.to ?? {})}
                        {e.recordedByName && ` (${t("reg.recordedBy", { name: e.recordedByName })})`}
                      </>
                    )}
                    <EventDetails event={e} card={h} nameOf={(id) => names.get(id) ?? null} />
                  </>
                );
                return (
                  <li key={e.id} className={e.annulledAt ? "annulled" : undefined}>
                    {e.annulledAt ? (
                      <>
                        <s>{text}</s>{" "}
                        <em>
                          {e.annulledByMerge
                            ? t("reg.annul.byMerge", {
                                merged: e.annulledByMerge.mergedName,
                                kept: e.annulledByMerge.keptName,
                                date: day(e.annulledByMerge.on),
                              })
                            : t("reg.annul.note", {
                                reason: e.annulledReason ?? "",
                                who: e.annulledByName ?? "—",
                                date: formatDateTime(e.annulledAt, currentLocale()),
                              })}
                        </em>
                      </>
                    ) : (
                      text
                    )}
                    {mayUndo(h, e) && can(annulmentPermission(e.kind)) && mayAnnul(e) && (
                      <>
                        {" "}
                        <AnnulEvent
                          householdId={h.id}
                          event={e}
                          label={label}
                          onDone={() => done(t("reg.annul.done"), "history")}
                        />
                      </>
                    )}
                  </li>
                );
              })}
            </ol>
            {noticeAt("history")}

            {/* The municipality's officer signs its own book's card; an office reading it signs nothing. */}
            {!readOnly && <p className="print-only signature">{t("reg.signature")}</p>}
            {writable(h) && (
              <div className="no-print">
                <Actions
                  card={h}
                  criteria={criteria.data ?? []}
                  onOpen={() => setNotice(null)}
                  onDone={(message) => done(message, "actions")}
                />
              </div>
            )}
            {noticeAt("actions")}
            <p className="no-print">
              <Link to="/register">← {t("reg.title")}</Link>
            </p>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** Where a household came from when its municipality's register was taken over by this one. */
function TransferredFrom({ details }: { details: Record<string, unknown> }) {
  const { t } = useTranslation();
  const from = details.fromOrganisation as { name: LocalizedText } | undefined;
  return (
    <>
      {" "}
      (
      {t("reg.transferredFrom", {
        number: String(details.formerNumber ?? ""),
        municipality: from ? nameOf(from.name) : "",
      })}
      )
    </>
  );
}

/** One action form at a time, opened from a row of buttons. */
function Actions({
  card,
  criteria,
  onOpen,
  onDone,
}: {
  card: HouseholdCard;
  criteria: Criterion[];
  onOpen: () => void;
  onDone: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  // A saved form closes: pressing Save again cannot record the same child or plot a second time.
  const saved: Saved = (said) => {
    setOpen(null);
    onDone(said ?? t("common.saved"));
  };
  const forms: [string, string, ReactNode][] = [];
  if (can("registry.write"))
    forms.push(["event", t("reg.recordEvent"), <EventForm key="e" card={card} onDone={saved} />]);
  if (can("registry.write"))
    forms.push(["household", t("reg.editHousehold"), <HouseholdForm key="h" card={card} onDone={saved} />]);
  if (can("registry.land"))
    forms.push([
      "plot",
      t("reg.addPlot"),
      <PlotForm key="p" householdId={card.id} formedOn={card.formedOn} onDone={saved} />,
    ]);
  if (can("registry.write"))
    forms.push(["livestock", t("reg.countLivestock"), <LivestockForm key="l" card={card} onDone={saved} />]);
  if (can("registry.flags"))
    forms.push([
      "flag",
      t("reg.setFlag"),
      <FlagForm key="f" card={card} criteria={criteria} onDone={saved} />,
    ]);
  if (can("certificates.issue"))
    forms.push([
      "certificate",
      t("reg.issueCertificate"),
      <CertificateForm key="c" card={card} onIssued={() => onDone(null)} />,
    ]);
  // Nothing this user may do here (an office reading the card): no empty box of actions.
  if (forms.length === 0) return null;
  return (
    <div className="card">
      <div className="actions">
        {forms.map(([id, label]) => (
          <button
            key={id}
            type="button"
            aria-pressed={open === id}
            onClick={() => {
              onOpen();
              setOpen(open === id ? null : id);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {forms.find(([id]) => id === open)?.[2]}
    </div>
  );
}

/** What the card says of the dwelling and the clerk's notes, when there is anything. */
function DwellingAndNotes({ card }: { card: HouseholdCard }) {
  const { t } = useTranslation();
  const d = card.dwelling;
  const parts = [
    d.kind && t(`reg.dwelling.kinds.${d.kind}`),
    d.rooms !== undefined && `${t("reg.dwelling.rooms")}: ${d.rooms}`,
    d.areaM2 !== undefined && `${t("reg.dwelling.areaM2")}: ${formatNumber(d.areaM2, currentLocale(), 1)}`,
    d.water && `${t("reg.dwelling.water")}: ${t(`reg.dwelling.waters.${d.water}`)}`,
  ].filter(Boolean);
  return (
    <>
      {parts.length > 0 && (
        <p className="dwelling">
          {t("reg.dwelling.title")}: {parts.join(" · ")}
        </p>
      )}
      {card.notes && (
        <p className="household-notes">
          {t("reg.notes")}: {card.notes}
        </p>
      )}
    </>
  );
}

/** The household's address, phone for SMS, dwelling and notes, corrected. */
function HouseholdForm({ card, onDone }: { card: HouseholdCard; onDone: Saved }) {
  const { t } = useTranslation();
  const villages = useVillages();
  const { send, fields, message, busy } = useSubmit(onDone);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim() || null;
    const number = (name: string) => (text(name) === null ? undefined : Number(text(name)));
    const dwelling = Object.fromEntries(
      Object.entries({
        kind: text("dwelling.kind") ?? undefined,
        rooms: number("dwelling.rooms"),
        areaM2: number("dwelling.areaM2"),
        water: text("dwelling.water") ?? undefined,
      }).filter(([, v]) => v !== undefined),
    );
    void send("PATCH", `/api/registry/households/${card.id}`, {
      villageCode: f.get("villageCode"),
      street: text("street"),
      house: text("house"),
      phone: text("phone"),
      notes: text("notes"),
      dwelling,
      version: card.version,
    });
  }
  const d = card.dwelling;
  return (
    <form className="form household-edit" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("reg.village")} error={fields.villageCode}>
          <VillageSelect villages={villages.data} defaultValue={card.villageCode} />
        </Field>
        <Field label={t("registry.book.columns.street")} error={fields.street}>
          <input name="street" defaultValue={card.street ?? ""} />
        </Field>
        <Field label={t("registry.book.columns.house")} error={fields.house}>
          <input name="house" defaultValue={card.house ?? ""} />
        </Field>
        <Field label={t("registry.book.columns.phone")} error={fields.phone}>
          <input name="phone" type="tel" defaultValue={card.phone ?? ""} />
        </Field>
        <DwellingChoice part="kind" choices={DWELLING_KINDS} value={d.kind} />
        <Field label={t("reg.dwelling.rooms")} error={fields["dwelling.rooms"]}>
          <NumberInput name="dwelling.rooms" min={0} max={100} step={1} defaultValue={d.rooms} />
        </Field>
        <Field label={t("reg.dwelling.areaM2")} error={fields["dwelling.areaM2"]}>
          <NumberInput name="dwelling.areaM2" min={0} defaultValue={d.areaM2} />
        </Field>
        <DwellingChoice part="water" choices={DWELLING_WATER} value={d.water} />
        <Field label={t("reg.notes")} error={fields.notes}>
          <textarea name="notes" rows={3} defaultValue={card.notes ?? ""} />
        </Field>
      </div>
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

/** One of the dwelling's listed attributes (its kind, its water), or none said. */
function DwellingChoice({
  part,
  choices,
  value,
}: {
  part: "kind" | "water";
  choices: readonly string[];
  value: string | undefined;
}) {
  const { t } = useTranslation();
  const labels = part === "kind" ? "kinds" : "waters";
  return (
    <Field label={t(`reg.dwelling.${part}`)}>
      <select name={`dwelling.${part}`} defaultValue={value ?? ""}>
        <option value="">—</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {t(`reg.dwelling.${labels}.${c}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A part of the card kept folded (what was, not what is), titled with how many it holds; nothing when empty. */
function FoldedList<T>({
  className,
  title,
  items,
  children,
}: {
  className?: string;
  title: string;
  items: T[];
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <details className={className}>
      <summary>
        {title} ({items.length})
      </summary>
      <ul>{items.map(children)}</ul>
    </details>
  );
}

/** The household's members as options of a select, told apart by birth date (names repeat in a family). */
const EVENT_KINDS = [
  "birth",
  "arrival",
  "death",
  "departure",
  "marriage",
  "household-split",
  "migration",
  "head-change",
  "relation-correction",
] as const;

function EventForm({ card, onDone }: { card: HouseholdCard; onDone: Saved }) {
  const { t } = useTranslation();
  const { send, fields, message, busy, refusal } = useSubmit(onDone);
  const villages = useVillages();
  // A household with no head is first of all given one.
  const [kind, setKind] = useState<(typeof EVENT_KINDS)[number]>(
    headOf(card.members) ? "birth" : "head-change",
  );
  const [occurredOn, setOccurredOn] = useState(todayIso());
  const [personId, setPersonId] = useState(card.members[0]?.id ?? "");
  const [newHead, setNewHead] = useState("");
  // Relations to the new head the clerk changed from the suggested ones.
  const [chosen, setChosen] = useState<ChosenRelations>({});
  const [correctedTo, setCorrectedTo] = useState<Relation | "">("");
  // A relation typed wrong is put right from the day it began, so no day of the stay keeps it.
  const [wrongFromStart, setWrongFromStart] = useState(false);
  const [country, setCountry] = useState("");
  const [person, setPerson] = useState<PersonDraft>(emptyPerson("son"));
  // Marriage: into another household of the book (by its number), or away (a place named).
  const [toNumber, setToNumber] = useState("");
  const [toRelation, setToRelation] = useState<Relation>("spouse");
  const [destination, setDestination] = useState("");
  const [arrivedFrom, setArrivedFrom] = useState("");
  const [unknownHousehold, setUnknownHousehold] = useState(false);
  const [underAgeConfirmed, setUnderAgeConfirmed] = useState(false);
  const headMarriedInto = useHeadByNumber(kind === "marriage" ? toNumber.trim() : "", occurredOn);
  // Split: who goes, as what in the new household, and where it lives.
  const [going, setGoing] = useState<Record<string, Relation>>({});
  const [address, setAddress] = useState({ villageCode: card.villageCode, street: "", house: "" });
  const isBirth = kind === "birth";
  const needsPerson = isBirth || kind === "arrival";
  const leaving = card.members.find((m) => m.id === personId);
  const correctsFromStart = kind === "relation-correction" && wrongFromStart && leaving !== undefined;
  const eventDay = correctsFromStart ? leaving.relationSince : occurredOn;
  const headLeaves =
    kind === "household-split"
      ? card.members.some((m) => m.relation === "head" && going[m.id])
      : (kind === "death" || kind === "departure" || kind === "marriage") && leaving?.relation === "head";
  // The new household's head in a split, whom the others going take their relations to.
  const splitHead = card.members.find((m) => going[m.id] === "head");
  const stayingIds = new Set(
    kind === "household-split" ? card.members.filter((m) => !going[m.id]).map((m) => m.id) : [],
  );
  const choosesHead = headLeaves || kind === "head-change";
  const headChoices = card.members.filter((m) =>
    kind === "household-split"
      ? stayingIds.has(m.id)
      : kind === "head-change"
        ? m.relation !== "head"
        : m.id !== personId,
  );
  const nextHead = choosesHead ? headChoices.find((m) => m.id === newHead) : undefined;
  // Who stays besides the new head (the old head too, when the head changes while everyone stays).
  const staysWithNewHead = (kind === "head-change" ? card.members : headChoices).filter(
    (m) => m.id !== newHead,
  );
  const withHead = (body: Record<string, unknown>) =>
    nextHead
      ? {
          ...body,
          newHeadPersonId: nextHead.id,
          relations: relationsToHead(staysWithNewHead, nextHead, chosen),
        }
      : body;
  // A marriage under 18 is said before saving, and recorded only when the clerk confirms it.
  const marrying = kind === "marriage" && leaving ? marriageAge(leaving.birthDate, occurredOn) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setUnknownHousehold(false);
    if (needsPerson)
      return send("POST", `/api/registry/households/${card.id}/events`, {
        kind,
        // A birth happens on the child's birth date (today when the clerk leaves it empty).
        occurredOn: isBirth ? person.birthDate || todayIso() : occurredOn,
        relation: person.relation,
        person: personBody(person),
        ...(kind === "arrival" && arrivedFrom.trim() ? { from: arrivedFrom.trim() } : {}),
      });
    if (kind === "migration")
      return send("POST", `/api/registry/households/${card.id}/events`, {
        kind,
        occurredOn,
        personId,
        migration: country ? { country } : null,
      });
    if (kind === "marriage") {
      const toHouseholdId = toNumber.trim() ? await householdByNumber(toNumber.trim()) : null;
      if (toNumber.trim() && !toHouseholdId) return setUnknownHousehold(true);
      return send(
        "POST",
        `/api/registry/households/${card.id}/events`,
        withHead({
          kind,
          occurredOn,
          personId,
          ...(marrying?.standing === "under-age" && underAgeConfirmed ? { underAgeConfirmed: true } : {}),
          ...(toHouseholdId
            ? { toHouseholdId, relation: toRelation }
            : destination.trim()
              ? { destination: destination.trim() }
              : {}),
        }),
      );
    }
    if (kind === "household-split")
      return send(
        "POST",
        `/api/registry/households/${card.id}/events`,
        withHead({
          kind,
          occurredOn,
          members: Object.entries(going).map(([id, relation]) => ({ personId: id, relation })),
          address: {
            villageCode: address.villageCode,
            ...(address.street ? { street: address.street } : {}),
            ...(address.house ? { house: address.house } : {}),
          },
        }),
      );
    // No new head chosen: the server's refusal names the field.
    if (kind === "head-change")
      return send("POST", `/api/registry/households/${card.id}/events`, withHead({ kind, occurredOn }));
    if (kind === "relation-correction")
      return send("POST", `/api/registry/households/${card.id}/events`, {
        kind,
        occurredOn: eventDay,
        personId,
        relation: correctedTo || leaving?.relation,
      });
    return send(
      "POST",
      `/api/registry/households/${card.id}/events`,
      withHead({
        kind,
        occurredOn,
        personId,
        ...(kind === "departure" && destination.trim() ? { destination: destination.trim() } : {}),
      }),
    );
  }
  return (
    <form className="form" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("reg.eventKind")}>
          <select
            name="kind"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as typeof kind;
              setKind(next);
              // The head's relation is not corrected (a head change names the new one): another member is.
              if (next === "relation-correction" && leaving?.relation === "head")
                setPersonId(card.members.find((m) => m.relation !== "head")?.id ?? "");
            }}
          >
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`reg.event.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {/* A birth's date is the child's birth date, asked with the child's details below. */}
        {!isBirth && !correctsFromStart && (
          <Field label={t("reg.occurredOn")} error={fields.occurredOn}>
            <PastDayInput
              name="occurredOn"
              value={occurredOn}
              min={card.formedOn}
              onDayChange={setOccurredOn}
            />
          </Field>
        )}
        {!needsPerson && kind !== "household-split" && kind !== "head-change" && (
          <Field label={t("reg.person")}>
            <MemberSelect
              name="personId"
              value={personId}
              onChange={(e) => {
                setPersonId(e.target.value);
                setCorrectedTo("");
              }}
              members={
                kind === "relation-correction"
                  ? card.members.filter((m) => m.relation !== "head")
                  : card.members
              }
            />
          </Field>
        )}
        {kind === "relation-correction" && (
          <Field label={t("reg.correctRelation")} error={fields.relation}>
            <select
              name="correctedRelation"
              value={correctedTo || leaving?.relation}
              onChange={(e) => setCorrectedTo(e.target.value as Relation)}
            >
              <RelationOptions withoutHead />
            </select>
            {leaving && (
              <RelationWarnings
                member={{ relation: correctedTo || leaving.relation, birthDate: leaving.birthDate }}
                head={headOf(card.members)}
                on={eventDay}
              />
            )}
          </Field>
        )}
        {kind === "relation-correction" && leaving && (
          <Check name="wrongFromStart" checked={wrongFromStart} onChange={setWrongFromStart}>
            {t("reg.relationWrongFromStart", { date: formatDate(leaving.relationSince, currentLocale()) })}
          </Check>
        )}
        {choosesHead && (
          <Field label={t("reg.newHead")} error={fields.newHeadPersonId}>
            <MemberSelect
              name="newHeadPersonId"
              value={newHead}
              onChange={(e) => {
                setNewHead(e.target.value);
                setChosen({});
              }}
              members={headChoices}
            >
              <option value="">—</option>
            </MemberSelect>
          </Field>
        )}
        {kind === "arrival" && (
          <Field label={t("reg.arrivedFrom")} error={fields.from}>
            <input name="from" value={arrivedFrom} onChange={(e) => setArrivedFrom(e.target.value)} />
          </Field>
        )}
        {kind === "departure" && (
          <Field label={t("reg.destination")} error={fields.destination}>
            <input name="destination" value={destination} onChange={(e) => setDestination(e.target.value)} />
          </Field>
        )}
        {kind === "marriage" && (
          <>
            <Field
              label={t("reg.toHousehold")}
              error={unknownHousehold ? t("reg.noSuchHousehold", { number: toNumber }) : undefined}
            >
              <input
                name="toHouseholdNumber"
                inputMode="numeric"
                placeholder={t("reg.toHouseholdHint")}
                value={toNumber}
                onChange={(e) => setToNumber(e.target.value)}
              />
            </Field>
            {toNumber.trim() ? (
              <Field label={t("reg.relation")}>
                {headMarriedInto && (
                  <span className="muted married-into-head">
                    {t("reg.marriedIntoHead", {
                      name: `${headMarriedInto.head.surname} ${headMarriedInto.head.givenName}`,
                    })}
                  </span>
                )}
                <select
                  name="toRelation"
                  value={toRelation}
                  onChange={(e) => setToRelation(e.target.value as Relation)}
                >
                  <RelationOptions withoutHead />
                </select>
                {/* A spouse under 16 is already refused above, as a marriage under age. */}
                {leaving && marrying?.standing !== "refused" && (
                  <RelationWarnings
                    member={{ relation: toRelation, birthDate: leaving.birthDate }}
                    head={headMarriedInto?.head}
                    on={occurredOn}
                  />
                )}
                {toRelation === "spouse" && headMarriedInto?.spouse && (
                  <span className="notice notice-warning kin-warning" role="note">
                    {t("reg.headHasSpouse", {
                      head: `${headMarriedInto.head.surname} ${headMarriedInto.head.givenName}`,
                      spouse: `${headMarriedInto.spouse.surname} ${headMarriedInto.spouse.givenName}`,
                    })}
                  </span>
                )}
              </Field>
            ) : (
              <Field label={t("reg.destination")} error={fields.destination}>
                <input
                  name="destination"
                  value={destination}
                  onChange={(e) => setDestination(e.target.value)}
                />
              </Field>
            )}
          </>
        )}
        {kind === "migration" && (
          <Field label={t("reg.country")}>
            <CountrySelect
              name="country"
              value={country}
              onChange={setCountry}
              abroad
              none={t("reg.countryBack")}
            />
          </Field>
        )}
      </div>
      {marrying?.standing === "refused" && (
        <p className="notice notice-warning marriage-age" role="note">
          {t("errors.registry.marriageRefusedUnderAge", { age: marrying.age, minAge: MIN_SPOUSE_AGE_YEARS })}
        </p>
      )}
      {marrying?.standing === "under-age" && (
        <>
          <p className="notice notice-warning marriage-age" role="note">
            {t("errors.registry.marriageUnderAgeUnconfirmed", {
              age: marrying.age,
              marriageAge: MARRIAGE_AGE_YEARS,
            })}
          </p>
          <Check name="underAgeConfirmed" checked={underAgeConfirmed} onChange={setUnderAgeConfirmed}>
            {t("reg.confirmUnderAgeMarriage", { age: marrying.age })}
          </Check>
        </>
      )}
      {kind === "household-split" && (
        <fieldset className="split">
          <legend>{t("reg.splitWho")}</legend>
          {fields.members && <span className="field-error">{fields.members}</span>}
          {card.members.map((m) => {
            const relation = going[m.id];
            return (
              <div key={m.id} className="form-grid">
                <label className="check">
                  <input
                    type="checkbox"
                    name={`going-${m.id}`}
                    checked={Boolean(relation)}
                    onChange={(e) => {
                      const next = { ...going };
                      if (e.target.checked) next[m.id] = Object.keys(going).length === 0 ? "head" : "other";
                      else delete next[m.id];
                      setGoing(next);
                    }}
                  />{" "}
                  {m.surname} {m.givenName}
                </label>
                {relation && (
                  <Field label={t("reg.relationInNew")}>
                    <select
                      name={`relation-${m.id}`}
                      value={relation}
                      onChange={(e) => setGoing({ ...going, [m.id]: e.target.value as Relation })}
                    >
                      <RelationOptions />
                    </select>
                    <RelationWarnings
                      member={{ relation, birthDate: m.birthDate }}
                      head={splitHead}
                      on={occurredOn}
                    />
                  </Field>
                )}
              </div>
            );
          })}
          <div className="form-grid">
            <Field label={t("reg.village")} error={fields["address.villageCode"]}>
              <select
                name="splitVillageCode"
                value={address.villageCode}
                onChange={(e) => setAddress({ ...address, villageCode: e.target.value })}
              >
                <VillageOptions villages={villages.data} />
              </select>
            </Field>
            <Field label={t("registry.book.columns.street")} error={fields["address.street"]}>
              <input
                name="splitStreet"
                value={address.street}
                onChange={(e) => setAddress({ ...address, street: e.target.value })}
              />
            </Field>
            <Field label={t("registry.book.columns.house")} error={fields["address.house"]}>
              <input
                name="splitHouse"
                value={address.house}
                onChange={(e) => setAddress({ ...address, house: e.target.value })}
              />
            </Field>
          </div>
        </fieldset>
      )}
      {nextHead && (
        <RelationsToNewHead
          staying={staysWithNewHead}
          newHead={nextHead}
          chosen={chosen}
          on={occurredOn}
          onChange={setChosen}
        />
      )}
      {needsPerson && (
        <PersonFields
          namePrefix="person"
          value={person}
          onChange={setPerson}
          errors={personErrors(fields, "person.")}
          kin={{ head: headOf(card.members), on: isBirth ? person.birthDate || todayIso() : occurredOn }}
        />
      )}
      {/* An under-age marriage is said above its checkbox already: the server's same words are not repeated. */}
      {!(marrying?.standing === "under-age" && refusal === "registry.marriageUnderAgeUnconfirmed") && message}
      <FormActions saving={busy} />
    </form>
  );
}

function PlotForm({
  householdId,
  formedOn,
  onDone,
}: {
  householdId: string;
  formedOn: string;
  onDone: Saved;
}) {
  const { t } = useTranslation();
  const { send, fields, message, busy } = useSubmit(onDone);
  // Said at the field before sending: a text that is no cadastral number (the server's own rule).
  const [cadastralError, setCadastralError] = useState<string | undefined>(undefined);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const cadastralNumber = readCadastralNumber(String(f.get("cadastralNumber") ?? ""));
    setCadastralError(
      cadastralNumber === "invalid"
        ? t(`errors.field.${CADASTRAL_NUMBER_ISSUE.code}`, CADASTRAL_NUMBER_ISSUE.params)
        : undefined,
    );
    if (cadastralNumber === "invalid") return;
    void send("POST", `/api/registry/households/${householdId}/land-plots`, {
      cadastralNumber,
      areaHa: Number(f.get("areaHa")),
      category: f.get("category"),
      tenure: f.get("tenure"),
      fromDate: f.get("fromDate"),
    });
  }
  return (
    <form className="form" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("registry.fields.cadastralNumber")} error={cadastralError ?? fields.cadastralNumber}>
          <input name="cadastralNumber" placeholder={CADASTRAL_NUMBER_EXAMPLE} />
        </Field>
        <Field label={t("registry.fields.areaHa")} error={fields.areaHa}>
          <NumberInput name="areaHa" required />
        </Field>
        <Field label={t("registry.fields.category")}>
          <select name="category">
            {LAND_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`registry.landCategories.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("registry.fields.tenure")}>
          <select name="tenure">
            <option value="owned">{t("registry.tenures.owned")}</option>
            <option value="leased">{t("registry.tenures.leased")}</option>
          </select>
        </Field>
        <Field label={t("reg.since")} error={fields.fromDate}>
          <PastDayInput name="fromDate" defaultValue={todayIso()} min={formedOn} required />
        </Field>
      </div>
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

const PLOT_END_REASONS = ["sold", "lease-ended", "other"] as const;

/** A plot leaving the household: sold, its lease ended or otherwise, on the day it happened. */
function EndPlot({
  householdId,
  plot,
  onOpen,
  onDone,
}: {
  householdId: string;
  plot: LandPlot;
  onOpen: () => void;
  onDone: Saved;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { send, fields, message, busy } = useSubmit((said) => {
    setOpen(false);
    onDone(said);
  });
  if (!open)
    return (
      <button
        type="button"
        className="link"
        onClick={() => {
          onOpen();
          setOpen(true);
        }}
      >
        {t("reg.plotSold")}
      </button>
    );
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void send("POST", `/api/registry/households/${householdId}/land-plots/${plot.id}/end`, {
      reason: f.get("reason"),
      toDate: f.get("toDate"),
    });
  }
  return (
    <form className="form end-plot" onSubmit={submit}>
      <Field label={t("reg.reason")}>
        <select name="reason" defaultValue={plot.tenure === "leased" ? "lease-ended" : "sold"}>
          {PLOT_END_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reg.plotEndReasons.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("reg.occurredOn")} error={fields.toDate}>
        <PastDayInput name="toDate" defaultValue={todayIso()} min={plot.fromDate} required />
      </Field>
      {message}
      <FormActions saving={busy} onCancel={() => setOpen(false)} />
    </form>
  );
}

/**
 * A livestock count, filled in with the last one: the clerk corrects the species that changed, and
 * a species cleared is sent as none (0), so the count saved is the whole herd as it now stands.
 */
function LivestockForm({ card, onDone }: { card: HouseholdCard; onDone: Saved }) {
  const { t } = useTranslation();
  const { send, fields, message, busy } = useSubmit(onDone);
  const last = card.livestock?.counts ?? {};
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const counts = Object.fromEntries(
      SPECIES.flatMap((s) => {
        const n = Number(f.get(s) || 0);
        return n > 0 || s in last ? [[s, n]] : [];
      }),
    );
    void send("PUT", `/api/registry/households/${card.id}/livestock`, {
      countedOn: f.get("countedOn"),
      counts,
    });
  }
  return (
    <form className="form" onSubmit={submit}>
      <p className="muted livestock-hint">{t("reg.livestockHint")}</p>
      <div className="form-grid">
        <Field label={t("reg.countedOn")} error={fields.countedOn}>
          {/* Today's count is a count of its own: the last one's day would overwrite the last one. */}
          <PastDayInput name="countedOn" defaultValue={todayIso()} min={card.formedOn} required />
        </Field>
        {SPECIES.map((s) => (
          <Field key={s} label={t(`registry.species.${s}`)} error={fields[`counts.${s}`]}>
            <NumberInput name={s} min={0} step={1} defaultValue={last[s]} />
          </Field>
        ))}
      </div>
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

function FlagForm({ card, criteria, onDone }: { card: HouseholdCard; criteria: Criterion[]; onDone: Saved }) {
  const { t } = useTranslation();
  const { send, fields, message, busy } = useSubmit(onDone);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void send("POST", `/api/registry/households/${card.id}/flags`, {
      criterionCode: f.get("criterionCode"),
      reason: f.get("reason"),
      setOn: f.get("setOn"),
    });
  }
  return (
    <form className="form" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("reg.flag")}>
          <select name="criterionCode">
            {criteria
              .filter((c) => c.active)
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {nameOf(c.name)}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t("reg.reason")} error={fields.reason}>
          <input name="reason" required />
        </Field>
        <Field label={t("reg.setOn")} error={fields.setOn}>
          <PastDayInput name="setOn" defaultValue={todayIso()} min={card.formedOn} required />
        </Field>
      </div>
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

/**
 * A flag as the card reads it: the criterion, the reason, and in brackets where it comes from (whose
 * hand, for one a person set, whatever her role) and its days (until the clearing day, when there is
 * one), so the reason never runs into the source.
 */
function FlagLine({ flag, criterionName }: { flag: Flag; criterionName: (code: string) => string }) {
  const { t } = useTranslation();
  const days = [flag.setOn, flag.clearedOn]
    .filter((d) => d !== null)
    .map((d) => formatDate(d, currentLocale()));
  const source =
    flag.source === "manual" && flag.setByName !== null
      ? t("reg.source.manualBy", { name: flag.setByName })
      : t(`reg.source.${flag.source}`);
  return (
    <>
      <strong>{criterionName(flag.criterionCode)}</strong> —{" "}
      {flag.source === "derived" ? t(flag.reason, flag.reasonParams) : flag.reason}{" "}
      <small className="muted">
        ({source}, {days.join(" – ")})
      </small>
    </>
  );
}

/**
 * A flag cleared with the social worker's reason and the day it ended (today unless she says). A
 * derived one the register still gives is refused, saying why; she may then confirm she clears it
 * against the register's data.
 */
function ClearFlag({ householdId, flag, onDone }: { householdId: string; flag: Flag; onDone: Saved }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const [againstRegister, setAgainstRegister] = useState(false);
  const { send, fields, message, busy, refusal } = useSubmit(onDone);
  if (!can("registry.flags")) return null;
  if (!open)
    return (
      <button type="button" className="link no-print" onClick={() => setOpen(true)}>
        {t("reg.clearFlag")}
      </button>
    );
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void send("POST", `/api/registry/households/${householdId}/flags/${flag.id}/clear`, {
      reason: f.get("reason"),
      clearedOn: f.get("clearedOn"),
      ...(againstRegister ? { againstRegister: true } : {}),
    });
  }
  return (
    <form className="form no-print clear-flag" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("reg.clearReason")} error={fields.reason}>
          <input name="reason" required />
        </Field>
        <Field label={t("reg.clearedOn")} error={fields.clearedOn}>
          <PastDayInput name="clearedOn" defaultValue={todayIso()} min={flag.setOn} required />
        </Field>
      </div>
      {message}
      {(againstRegister || refusal === "registry.flagStillGiven") && (
        <Check name="againstRegister" checked={againstRegister} onChange={setAgainstRegister}>
          {t("reg.clearAgainstRegister")}
        </Check>
      )}
      <FormActions saving={busy} onCancel={() => setOpen(false)} saveLabel={t("reg.clearFlag")} />
    </form>
  );
}

interface IssuedCertificate {
  id: string;
  year: number;
  number: number;
  warnings: { code: string; message: string }[];
}

/**
 * Issues a certificate to a member. What was issued (its number and PDF) shows beside the button,
 * and goes as soon as the form is changed or the next attempt is refused, so the clerk never prints
 * the last paper believing it the new one.
 */
function CertificateForm({ card, onIssued }: { card: HouseholdCard; onIssued: () => void }) {
  const { t } = useTranslation();
  const [issued, setIssued] = useState<IssuedCertificate | null>(null);
  const { send, fields, message, busy } = useSubmit(onIssued);
  const [locale, setLocale] = useState<"ky" | "ru">(currentLocale() === "ru" ? "ru" : "ky");
  const [kind, setKind] = useState<string>(CERTIFICATE_KINDS[0]);
  const [personId, setPersonId] = useState(card.members[0]?.id ?? "");
  // Wording saved before it was checked may not print: said before the clerk fills the form in,
  // by the rules the server keeps, rather than on pressing Issue.
  const templates = useLoad(
    () => api<CertificateTemplate[]>("GET", "/api/certificate-templates"),
    "certificate-templates",
  );
  const wording = templates.data?.find((template) => template.kind === kind);
  const [mistake] = wording ? templateIssues(wording.texts, [locale]) : [];
  const broken = mistake
    ? t("errors.certificates.templateBroken", {
        kind: t(`reg.certificate.${kind}`),
        lang: locale,
        mistake: t(`errors.field.${mistake.issue.code}`, mistake.issue),
      })
    : null;
  // A residence paper says the holder lives here: one the register has abroad is issued, but not unawares.
  const migration = card.members.find((m) => m.id === personId)?.migration ?? null;
  const abroad =
    kind === "residence" && migration && abroadOn(migration, todayIso())
      ? t("reg.holderAbroad", {
          since: formatDate(migration.since, currentLocale()),
          where: [countryName(t, migration.country), migration.place].filter(Boolean).join(", "),
        })
      : null;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setIssued(null);
    setIssued(
      await send<IssuedCertificate>("POST", "/api/certificates", {
        kind,
        householdId: card.id,
        personId,
        purpose: f.get("purpose"),
        locale,
      }),
    );
  }
  return (
    <form className="form" onSubmit={submit} onChange={() => setIssued(null)}>
      <div className="form-grid">
        <Field label={t("reg.certificateKind")} error={fields.kind}>
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {CERTIFICATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`reg.certificate.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("reg.person")} error={fields.personId}>
          <MemberSelect
            name="personId"
            value={personId}
            onChange={(e) => setPersonId(e.target.value)}
            members={card.members}
          />
        </Field>
        <Field label={t("reg.purpose")} error={fields.purpose}>
          <input name="purpose" required placeholder={t("reg.purposeExample")} />
        </Field>
        <Field label={t("language.label")} error={fields.locale}>
          <select
            name="locale"
            value={locale}
            onChange={(e) => setLocale(e.target.value === "ru" ? "ru" : "ky")}
          >
            <option value="ky">{t("language.ky")}</option>
            <option value="ru">{t("language.ru")}</option>
          </select>
        </Field>
      </div>
      <PaperGapNotice locale={locale} />
      {abroad && (
        <p className="notice notice-warning holder-abroad" role="note">
          {abroad}
        </p>
      )}
      {broken && (
        <p className="notice notice-warning template-broken" role="note">
          {broken}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={broken !== null || busy}>
          {t("reg.issue")}
        </button>
        {issued && (
          <>
            <span className="notice" role="status">
              {t("reg.certificateIssued", { number: certificateNumber(issued) })}
            </span>
            <a
              className="button"
              href={`/api/certificates/${issued.id}/pdf`}
              target="_blank"
              rel="noreferrer"
            >
              {t("reg.openPdf")}
            </a>
          </>
        )}
        {message}
      </div>
      {issued?.warnings.map((w) => (
        <p key={w.code} className="notice notice-warning issue-warning" role="note">
          {w.message}
        </p>
      ))}
    </form>
  );
}

/** Corrects a person's record (a PIN written wrongly, a name's spelling); a stale version is refused. */
function EditPerson({
  person,
  members,
  onDone,
}: {
  person: CurrentMember;
  members: CurrentMember[];
  onDone: (said?: string, warnings?: string[]) => void;
}) {
  const { t } = useTranslation();
  // Saved: the answer's warnings go with "saved" (a first sending found saved says so instead).
  const { send, fields, message, busy } = useSubmit((said, first) => {
    if (said) onDone(said, correctionWarnings(first));
  });
  const [draft, setDraft] = useState<PersonDraft>(() => personDraft(person, person.relation));
  // The form opens below the whole list: on a phone, far out of sight without this.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    form.current?.querySelector<HTMLElement>("input, select")?.focus({ preventScroll: true });
  }, []);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const saved = await send("PATCH", `/api/registry/people/${person.id}`, {
      ...personBody(draft),
      version: person.version,
    });
    if (saved) onDone(undefined, correctionWarnings(saved));
  }
  return (
    <form ref={form} className="card form no-print edit-person" onSubmit={submit}>
      <h3>
        {t("reg.editPerson")}: {person.surname} {person.givenName}
      </h3>
      <PersonFields
        namePrefix="edit"
        value={draft}
        onChange={setDraft}
        errors={personErrors(fields, "")}
        withRelation={false}
        personId={person.id}
        kin={{
          head: headOf(members),
          on: person.relationSince,
          others: members
            .filter((m) => m.id !== person.id)
            .map((m) => ({ ...m, name: `${m.surname} ${m.givenName}`, on: m.relationSince })),
        }}
      />
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

/** The warnings' words of a correction's answer (PATCH /api/registry/people/:id). */
function correctionWarnings(answer: unknown): string[] {
  const warnings = (answer as { warnings?: { message: string }[] } | null | undefined)?.warnings ?? [];
  return warnings.map((w) => w.message);
}

/**
 * A form's saving done: what to say, when not "saved" (a first sending found saved, see useSubmit).
 */
type Saved = (said?: string) => void;

/** Where the card says what was saved: beside the part that saved it. */
type NoticePlace = "members" | "flags" | "land" | "history" | "actions";

/**
 * "Saved", brought into sight when it appears (the form that saved may have been far down), with
 * what the saving leaves hard to believe (a correction's kinship warnings), which the clerk may
 * know to be right.
 */
function SavedNotice({ text, warnings = [] }: { text: string; warnings?: string[] | undefined }) {
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    notice.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <>
      <p ref={notice} className="notice no-print" role="status">
        {text}
      </p>
      {warnings.map((warning) => (
        <p key={warning} className="notice notice-warning kin-warning saved-warning no-print" role="note">
          {warning}
        </p>
      ))}
    </>
  );
}
