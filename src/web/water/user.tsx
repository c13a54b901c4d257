import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { MEMBERSHIP_CLASSES, membershipClass } from "../../domain/billing/tariff.js";
import { CROPS } from "../../domain/planning/crops.js";
import { ApiProblem, api } from "../app/api.js";
import { formatDate, formatNumber, todayIso, typedNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
  EmptyState,
  Field,
  FormActions,
  Loaded,
  NamedOptions,
  NumberInput,
  nameOf,
  problemText,
  useLoad,
  useSubmit,
} from "../app/ui.js";
import { VillageSelect } from "../pages/register.js";
import {
  type Candidate,
  type ContractDetail,
  type ContractHit,
  type Plot,
  type Season,
  tariffClassName,
  useWaterVillages,
  villageName,
  type WaterUserCard,
} from "./api.js";
import { WaterUserForm } from "./user-form.js";

const day = (d: string | null | undefined) => (d ? formatDate(d, currentLocale()) : "—");
const ha = (n: number) => formatNumber(n, currentLocale(), 2);

/** The water user card: details, the link to the register with its flags, plots and contracts. */
export default function WaterUserPage() {
  const { t } = useTranslation();
  const { waterUserId } = useParams();
  const { can } = useSession();
  const card = useLoad(() => api<WaterUserCard>("GET", `/api/water/users/${waterUserId}`), waterUserId ?? "");
  const villages = useWaterVillages();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const done = () => {
    setNotice(t("common.saved"));
    setEditing(false);
    card.reload();
  };
  const archive = useSubmit(done);

  return (
    <section>
      <Loaded state={card}>
        {(u) => (
          <>
            <div className="page-head">
              <h1>
                № {u.number} · {u.displayName}
              </h1>
              {can("water.users") && (
                <div className="actions">
                  <button type="button" aria-pressed={editing} onClick={() => setEditing(!editing)}>
                    {t("common.edit")}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void archive.send("PATCH", `/api/water/users/${u.id}`, {
                        version: u.version,
                        archivedOn: u.archivedOn ? null : todayIso(),
                      })
                    }
                  >
                    {t(u.archivedOn ? "wu.restore" : "wu.toArchive")}
                  </button>
                </div>
              )}
              {can("billing.read") && (
                <Link to={`/billing/statement/${u.id}`}>{t("billing.doc.statement")}</Link>
              )}
            </div>
            {archive.message}
            {notice && (
              <p className="notice" role="status">
                {notice}
              </p>
            )}
            {editing ? (
              <div className="card">
                <WaterUserForm user={u} onDone={done} />
              </div>
            ) : (
              <dl className="details">
                <dt>{t("wu.kind")}</dt>
                <dd>
                  {t(`wu.kinds.${u.kind}`)}
                  {u.legalEntityKind && ` · ${t(`wu.entityKinds.${u.legalEntityKind}`)}`}
                </dd>
                <dt>{u.kind === "person" ? t("reg.pin") : t("wu.taxId")}</dt>
                <dd>{(u.kind === "person" ? u.pin : u.taxId) ?? "—"}</dd>
                <dt>{t("reg.village")}</dt>
                <dd>{villageName(villages.data, u.villageCode)}</dd>
                <dt>{t("wu.membership")}</dt>
                <dd>{t(u.member ? "wu.member" : "wu.nonMember")}</dd>
                <dt>{t("wu.phone")}</dt>
                <dd>
                  {u.phone ?? "—"}
                  {u.phone && can("sms.read") && (
                    <>
                      {" "}
                      <Link to={`/sms?to=${encodeURIComponent(u.phone)}`}>{t("wu.smsSent")}</Link>
                    </>
                  )}
                </dd>
                <dt>{t("wu.language")}</dt>
                <dd>{t(`language.${u.locale}`)}</dd>
                {u.archivedOn && (
                  <>
                    <dt>{t("wu.archived")}</dt>
                    <dd>{day(u.archivedOn)}</dd>
                  </>
                )}
                {u.notes && (
                  <>
                    <dt>{t("wu.notes")}</dt>
                    <dd>{u.notes}</dd>
                  </>
                )}
              </dl>
            )}
            {u.kind === "person" && <LinkSection card={u} onDone={done} />}
            <PlotsSection card={u} onDone={done} />
            <ContractsSection card={u} onDone={done} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The link to the municipality's register: its status, the household's flags while confirmed, or the suggestions. */
function LinkSection({ card, onDone }: { card: WaterUserCard; onDone: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const link = card.link;
  const live = link && (link.status === "proposed" || link.status === "confirmed");
  const end = useSubmit(onDone);
  return (
    <div className="card">
      <h2>{t("wu.link.title")}</h2>
      {link && (
        <p>
          <span className="badge">{t(`wu.link.status.${link.status}`)}</span>{" "}
          {link.reason && <span className="muted">{link.reason}</span>}
        </p>
      )}
      {link?.status === "confirmed" && (
        <>
          <h3>{t("reg.flags")}</h3>
          {link.flags.length === 0 ? (
            <p className="muted">{t("reg.noFlags")}</p>
          ) : (
            <ul className="flags">
              {link.flags.map((f) => (
                <li key={f.code}>
                  <span className="badge">{f.label}</span> {t("wu.link.since", { date: day(f.setOn) })}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{t("wu.link.readOnly")}</p>
        </>
      )}
      {link?.status === "proposed" && <p className="muted">{t("wu.link.waiting")}</p>}
      {live && can("water.users") && (
        <button
          type="button"
          onClick={() => {
            const reason = window.prompt(t("wu.link.endReason"));
            if (reason)
              void end.send("POST", `/api/water/links/${link.id}/end`, { reason, version: link.version });
          }}
        >
          {t(link.status === "proposed" ? "wu.link.withdraw" : "wu.link.end")}
        </button>
      )}
      {end.message}
      {!live && can("water.users") && <Suggestions card={card} onDone={onDone} />}
    </div>
  );
}

function Suggestions({ card, onDone }: { card: WaterUserCard; onDone: () => void }) {
  const { t } = useTranslation();
  const villages = useWaterVillages();
  const [birthDate, setBirthDate] = useState("");
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const propose = useSubmit(onDone);
  async function find(e: FormEvent) {
    e.preventDefault();
    setFound(null);
    setError(null);
    try {
      const query = new URLSearchParams(card.pin ? {} : { birthDate });
      setFound(await api<Candidate[]>("GET", `/api/water/users/${card.id}/link-suggestions?${query}`));
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      setError(problemText(err, t));
    }
  }
  return (
    <form className="form" onSubmit={(e) => void find(e)}>
      <p className="muted">{t("wu.link.explain")}</p>
      <div className="form-grid">
        {!card.pin && (
          <Field label={t("reg.birthDate")}>
            <DayInput value={birthDate} onDayChange={setBirthDate} required />
          </Field>
        )}
      </div>
      <div className="actions">
        <button type="submit">{t("wu.link.find")}</button>
      </div>
      {error && (
        <p className="state-error" role="alert">
          {error}
        </p>
      )}
      {found &&
        (found.length === 0 ? (
          <p className="muted">{t("wu.link.noneFound")}</p>
        ) : (
          <ul className="candidates">
            {found.map((c) => (
              <li key={c.personId}>
                {c.name} · {c.birthYear ?? "—"} · {villageName(villages.data, c.villageCode)} ·{" "}
                <span className="muted">{nameOf(c.municipalityName)}</span>{" "}
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    void propose.send("POST", `/api/water/users/${card.id}/link`, {
                      personId: c.personId,
                      ...(card.pin ? {} : { birthDate }),
                    })
                  }
                >
                  {t("wu.link.propose")}
                </button>
              </li>
            ))}
          </ul>
        ))}
      {propose.message}
    </form>
  );
}

function PlotsSection({ card, onDone }: { card: WaterUserCard; onDone: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const villages = useWaterVillages();
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const end = useSubmit(onDone);
  const editing = card.plots.find((p) => p.id === editingId && !p.endedOn);
  return (
    <div className="card">
      <h2>{t("wu.plots")}</h2>
      {card.plots.length === 0 ? (
        <EmptyState />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("wu.outlet")}</th>
                <th>{t("registry.fields.areaHa")}</th>
                <th>{t("registry.fields.tenure")}</th>
                <th>{t("registry.fields.cadastralNumber")}</th>
                <th>{t("reg.village")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {card.plots.map((p: Plot) => (
                <tr key={p.id} className={p.endedOn ? "muted" : undefined}>
                  <td>
                    {p.outletCode} {p.outletName}
                  </td>
                  <td>{ha(p.areaHa)}</td>
                  <td>{t(`wu.tenures.${p.tenure}`)}</td>
                  <td>{p.cadastralNumber ?? "—"}</td>
                  <td>{villageName(villages.data, p.villageCode)}</td>
                  <td>
                    {p.endedOn
                      ? t("wu.plotEndedOn", { date: day(p.endedOn) })
                      : can("water.users") && (
                          <span className="actions">
                            <button
                              type="button"
                              className="link"
                              aria-pressed={editingId === p.id}
                              onClick={() => setEditingId(editingId === p.id ? null : p.id)}
                            >
                              {t("common.edit")}
                            </button>
                            <button
                              type="button"
                              className="link"
                              onClick={() => {
                                if (window.confirm(t("wu.endPlotConfirm")))
                                  void end.send("PATCH", `/api/water/plots/${p.id}`, {
                                    version: p.version,
                                    endedOn: todayIso(),
                                  });
                              }}
                            >
                              {t("wu.endPlot")}
                            </button>
                          </span>
                        )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {end.message}
      {editing && (
        <PlotForm
          key={`${editing.id}:${editing.version}`}
          card={card}
          plot={editing}
          onDone={() => {
            setEditingId(null);
            onDone();
          }}
        />
      )}
      {can("water.users") && !card.archivedOn && (
        <>
          <button type="button" aria-pressed={adding} onClick={() => setAdding(!adding)}>
            {t("wu.addPlot")}
          </button>
          {adding && <PlotForm card={card} onDone={onDone} />}
        </>
      )}
    </div>
  );
}

/** A new plot, or an existing one's outlet, area, tenure, cadastral number and village (PATCH with its version). */
function PlotForm({ card, plot, onDone }: { card: WaterUserCard; plot?: Plot; onDone: () => void }) {
  const { t } = useTranslation();
  const villages = useWaterVillages();
  const outlets = useLoad(
    () => api<{ id: string; code: string; name: string }[]>("GET", "/api/water/outlets"),
    "outlets",
  );
  const { send, fields, message, busy } = useSubmit(onDone);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const values = {
      outletId: f.get("outletId"),
      areaHa: Number(f.get("areaHa")),
      tenure: f.get("tenure"),
      cadastralNumber: String(f.get("cadastralNumber") ?? "").trim() || null,
      villageCode: String(f.get("villageCode") ?? "") || null,
    };
    if (plot) void send("PATCH", `/api/water/plots/${plot.id}`, { ...values, version: plot.version });
    else void send("POST", `/api/water/users/${card.id}/plots`, values);
  }
  return (
    <form className={plot ? "form plot-form plot-edit" : "form plot-form"} onSubmit={submit}>
      {plot && (
        <h3>{t("wu.editPlot", { outlet: plot.outletCode, cadastral: plot.cadastralNumber ?? "—" })}</h3>
      )}
      <div className="form-grid">
        <Field label={t("wu.outlet")} error={fields.outletId}>
          {/* Drawn again once the outlets come: given its value before, it would fall on the first. */}
          <select
            name="outletId"
            required
            defaultValue={plot?.outletId}
            key={outlets.data ? "outlets" : "loading"}
          >
            {outlets.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.code} {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("registry.fields.areaHa")} error={fields.areaHa}>
          <NumberInput name="areaHa" required defaultValue={plot?.areaHa} />
        </Field>
        <Field label={t("registry.fields.tenure")}>
          <select name="tenure" defaultValue={plot?.tenure}>
            <option value="own">{t("wu.tenures.own")}</option>
            <option value="lease">{t("wu.tenures.lease")}</option>
          </select>
        </Field>
        <Field label={t("registry.fields.cadastralNumber")} error={fields.cadastralNumber}>
          <input name="cadastralNumber" defaultValue={plot?.cadastralNumber ?? ""} />
        </Field>
        <Field label={t("reg.village")} error={fields.villageCode}>
          <VillageSelect
            villages={villages.data}
            defaultValue={(plot ? plot.villageCode : card.villageCode) ?? ""}
            empty="—"
          />
        </Field>
      </div>
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

function ContractsSection({ card, onDone }: { card: WaterUserCard; onDone: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [adding, setAdding] = useState(false);
  return (
    <div className="card">
      <h2>{t("wu.contracts")}</h2>
      <ContractTable contracts={card.contracts} />
      {can("water.users") && !card.archivedOn && (
        <>
          <button type="button" aria-pressed={adding} onClick={() => setAdding(!adding)}>
            {t("wu.newContract")}
          </button>
          {adding && <ContractForm plots={card.plots} card={card} onDone={onDone} />}
        </>
      )}
    </div>
  );
}

/** Contracts as a table: number (to the contract page), season, user, status, area. */
export function ContractTable({
  contracts,
  withUser = false,
}: {
  contracts: ContractHit[];
  withUser?: boolean;
}) {
  const { t } = useTranslation();
  if (contracts.length === 0) return <EmptyState />;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t("wu.contractNumber")}</th>
            <th>{t("wu.season")}</th>
            {withUser && <th>{t("wu.user")}</th>}
            <th>{t("wu.status")}</th>
            <th>{t("registry.fields.areaHa")}</th>
            <th>{t("wu.tariffClass")}</th>
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/water/contracts/${c.id}`}>{c.number}</Link>
              </td>
              <td>{c.seasonName}</td>
              {withUser && (
                <td>
                  <Link to={`/water/users/${c.waterUserId}`}>
                    № {c.userNumber} {c.userName}
                  </Link>
                </td>
              )}
              <td>
                <span className="badge">{t(`wu.contractStatus.${c.status}`)}</span>
              </td>
              <td>{ha(c.areaHa)}</td>
              <td>{tariffClassName(t, c.tariffClass)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A draft contract: a new one (season, tariff class, lines of plot, crop and area), or an existing
 * draft's lines and tariff class (an amendment starts as a copy of the signed contract).
 */
export function ContractForm({
  plots: allPlots,
  card,
  draft,
  onDone,
}: {
  plots: Plot[];
  card: Pick<WaterUserCard, "id" | "member">;
  draft?: ContractDetail;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/water/seasons"), "seasons");
  const { can } = useSession();
  // The association's own classes are kept in its billing settings, for those who read billing.
  const ownClasses = useLoad(
    () =>
      can("billing.read")
        ? api<{ tariffClasses: string[] }>("GET", "/api/billing/settings").then((s) => s.tariffClasses)
        : Promise.resolve([]),
    "tariff-classes",
  );
  const classes = [
    ...new Set([...MEMBERSHIP_CLASSES, ...(ownClasses.data ?? []), ...(draft ? [draft.tariffClass] : [])]),
  ];
  const plots = allPlots.filter((p) => !p.endedOn);
  const [lines, setLines] = useState(
    draft
      ? draft.lines.map((l) => ({ plotId: l.plotId, cropCode: l.cropCode, areaHa: String(l.areaHa) }))
      : [{ plotId: plots[0]?.id ?? "", cropCode: CROPS[0]!.code, areaHa: "" }],
  );
  const { send, fields, message } = useSubmit(onDone);
  const setLine = (i: number, key: "plotId" | "cropCode" | "areaHa", value: string) =>
    setLines(lines.map((l, j) => (j === i ? { ...l, [key]: value } : l)));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const common = {
      tariffClass: String(f.get("tariffClass") ?? "").trim() || undefined,
      plots: lines.map((l) => ({ ...l, areaHa: typedNumber(l.areaHa) })),
    };
    if (draft) {
      await send("PATCH", `/api/water/contracts/${draft.id}`, { ...common, version: draft.version });
      return;
    }
    const created = await send<{ id: string }>("POST", "/api/water/contracts", {
      ...common,
      seasonId: f.get("seasonId"),
      waterUserId: card.id,
    });
    if (created) navigate(`/water/contracts/${created.id}`);
  }
  if (plots.length === 0) return <p className="muted">{t("wu.noPlotsForContract")}</p>;
  return (
    <form className="form contract-form" onSubmit={(e) => void submit(e)}>
      <div className="form-grid">
        {!draft && (
          <Field label={t("wu.season")} error={fields.seasonId}>
            <select name="seasonId" required>
              <NamedOptions items={seasons.data} />
            </select>
          </Field>
        )}
        {/* By name: a new contract takes its user's membership class unless another is chosen. */}
        <Field label={t("wu.tariffClass")} error={fields.tariffClass}>
          <select
            key={ownClasses.data ? "classes" : "loading"}
            name="tariffClass"
            defaultValue={draft?.tariffClass ?? membershipClass(card.member)}
          >
            {classes.map((c) => (
              <option key={c} value={c}>
                {tariffClassName(t, c)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id until saved; their order is their identity
        <div className="form-grid" key={i}>
          <Field label={t("wu.plot")} error={fields[`plots.${i}.plotId`]}>
            <select value={l.plotId} onChange={(e) => setLine(i, "plotId", e.target.value)}>
              {plots.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.cadastralNumber ?? p.outletCode} · {ha(p.areaHa)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("wu.crop")} error={fields[`plots.${i}.cropCode`]}>
            <select value={l.cropCode} onChange={(e) => setLine(i, "cropCode", e.target.value)}>
              {CROPS.map((c) => (
                <option key={c.code} value={c.code}>
                  {nameOf(c.name)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("registry.fields.areaHa")} error={fields[`plots.${i}.areaHa`]}>
            <input
              inputMode="decimal"
              value={l.areaHa}
              onChange={(e) => setLine(i, "areaHa", e.target.value)}
              aria-label={t("registry.fields.areaHa")}
              required
            />
          </Field>
        </div>
      ))}
      {message}
      <div className="actions">
        <button
          type="button"
          onClick={() => setLines([...lines, { plotId: plots[0]!.id, cropCode: CROPS[0]!.code, areaHa: "" }])}
        >
          {t("wu.addLine")}
        </button>
        <button type="submit" className="primary">
          {t("wu.saveDraft")}
        </button>
      </div>
    </form>
  );
}
