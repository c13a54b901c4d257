import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { isMomentAhead } from "../../domain/shared/local-time.js";
import { isIsoDay } from "../../domain/shared/paper-date.js";
import { ACT_STATES } from "../../domain/water/delivery-acts.js";
import { turnDayRefusal } from "../../domain/water/season-days.js";
import { turnAmountRefusal } from "../../domain/water/turn-flow.js";
import { ApiProblem, api } from "../app/api.js";
import {
  formatDate,
  formatDateTime,
  formatMomentSpan,
  formatNumber,
  formatVolume,
  localMoment,
  momentInstant,
  numberForField,
  todayIso,
  typedNumber,
} from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { answerOrKept, type KeptAnswer, keepFor, keptFor, ownerKey, ownerOf } from "../app/kept-data.js";
import { Pager, pageIn, withPage } from "../app/pager.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorState, Loaded, MomentInput, useLoad } from "../app/ui.js";
import type { Page } from "../register/api.js";
import type { Season } from "./api.js";
import type { Queued } from "./device-queue.js";
import {
  DELIVERY_METHODS,
  type Delivery,
  type DeliveryMethod,
  type Outlet,
  type OutletUsers,
} from "./measurement-api.js";
import { KeptAsOf, QueueStatus, useQueue, WaitingElsewhere } from "./queue.js";

/** A turn as entered, kept on the phone until the service has it. */
interface DeliveryEntry {
  outletId: string;
  waterUserId: string;
  plotId: string | null;
  startedAt: string;
  endedAt: string;
  method: DeliveryMethod;
  flowLps?: number;
  volumeM3?: number;
}
type PendingDelivery = Queued<DeliveryEntry>;
/** Deliveries a page: a phone's screens of them, not a season's. */
const DELIVERIES_PAGE = 20;
const QUEUE = "deliveriesQueue";

const sendDelivery = (items: PendingDelivery[]) =>
  Promise.all(
    items.map((i) =>
      api<{ duplicate: boolean; delivery: Delivery }>("POST", "/api/water/deliveries", {
        clientKey: i.clientKey,
        ...i.body,
      }),
    ),
  );

/** A turn at an outlet: the outlet (remembered), the user, start and end, and how the volume is known. */
export default function DeliveriesPage() {
  const { t } = useTranslation();
  const { can, session } = useSession();
  // The last outlet and method are kept for this user in this organisation only.
  const owner = ownerOf(session);
  const locale = currentLocale();
  const [outletId, setOutletId] = useState(() => keptFor(owner, "lastOutlet", ""));
  // What the form offers (the outlets, the users at each, the provider's seasons, by which a turn
  // on a day none holds is said at once), kept for this user in this organisation: without a link,
  // the copy kept when the page was last opened with one.
  const lists = useLoad(
    () =>
      Promise.all([
        answerOrKept(owner, "outlets", () => api<Outlet[]>("GET", "/api/water/outlets")),
        answerOrKept(owner, "outletUsers", () => api<OutletUsers[]>("GET", "/api/water/outlet-users")),
        answerOrKept(owner, "seasons", () => api<Season[]>("GET", "/api/water/seasons")),
      ]),
    ownerKey(owner),
  );
  const outlets = lists.data?.[0].value;
  const users = lists.data?.[1].value.find((at) => at.outletId === outletId)?.users ?? [];
  const seasons = lists.data?.[2].value;
  const queue = useQueue(
    QUEUE,
    sendDelivery,
    1,
    (last: { delivery: Delivery }) =>
      t("measure.deliverySaved", {
        act: last.delivery.actNumber,
        volume: formatVolume(last.delivery.volumeM3, locale),
      }),
    (refused: DeliveryEntry) => {
      setOutletId(refused.outletId);
      setUserId(refused.waterUserId);
      chooseStart(localMoment(Date.parse(refused.startedAt)));
      setEndedAt(localMoment(Date.parse(refused.endedAt)));
      setMethod(refused.method);
      const amount = refused.flowLps ?? refused.volumeM3;
      setAmount(amount === undefined ? "" : numberForField(amount, locale));
    },
  );

  const [refresh, setRefresh] = useState(0);
  // The outlet's deliveries a page at a time, the newest first; the page is in the address.
  const [params, setParams] = useSearchParams();
  const page = pageIn(params);
  // Where the acts stand (the acts still to sign, to take round for signatures), in the address.
  const acts = ACT_STATES.find((state) => state === params.get("acts")) ?? "";
  // The days the turns began, first and last (the home page's season), in the address too.
  const dayIn = (key: "from" | "to") => {
    const day = params.get(key) ?? "";
    return isIsoDay(day) ? day : undefined;
  };
  const from = dayIn("from");
  const to = dayIn("to");
  // A home page figure counts every outlet's acts, so its link says so (outlet=all) and the list
  // shows what was counted over the outlet this phone remembers. The remembered outlet is kept,
  // still chosen for entry, and narrows the list again on the next visit from the menu: a water
  // master who opened a count came to see it, not to lose his outlet.
  const everyOutlet = params.get("outlet") === "all";
  const listQuery = new URLSearchParams({ pageSize: String(DELIVERIES_PAGE), page: String(page) });
  if (outletId && !everyOutlet) listQuery.set("outletId", outletId);
  if (acts) listQuery.set("acts", acts);
  if (from) listQuery.set("from", from);
  if (to) listQuery.set("to", to);
  // The list as the page opens (its first page, of the remembered outlet or of every outlet, no
  // other filter) is kept for this user in this organisation, one copy, of the outlet it was last
  // opened with (the one it opens with next), for working without a link; any other needs the link.
  const opening = page === 1 && !acts && !from && !to && !everyOutlet;
  const listOutlet = outletId || "everyOutlet";
  const list = useLoad(
    async (): Promise<KeptAnswer<Page<Delivery>>> => {
      const load = () => api<Page<Delivery>>("GET", `/api/water/deliveries?${listQuery}`);
      if (!opening) return { value: await load() };
      const kept = await answerOrKept(
        owner,
        "recordedTurns",
        async () => ({ outlet: listOutlet, turns: await load() }),
        { fits: (copy) => copy.outlet === listOutlet },
      );
      return { value: kept.value.turns, keptAt: kept.keptAt };
    },
    `${listQuery}/${refresh}/${queue.sent}/${ownerKey(owner)}`,
  );
  // A page or filter that needs the link shows no other list's rows under it.
  const turns = list.error ? null : list.data;
  const [userId, setUserId] = useState("");
  const [method, setMethod] = useState<DeliveryMethod>(() =>
    keptFor<DeliveryMethod>(owner, "lastMethod", "time-and-flow"),
  );
  const [startedAt, setStartedAt] = useState(() => localMoment(Date.now() - 3_600_000));
  // The start as the form suggests it (an hour ago) is no one's word yet: out of season (December),
  // it is said wrong once the water master chooses it, or saves.
  const [startChosen, setStartChosen] = useState(false);
  const chooseStart = (moment: string) => {
    setStartChosen(true);
    setStartedAt(moment);
  };
  const [endedAt, setEndedAt] = useState(() => localMoment(Date.now()));
  const [amount, setAmount] = useState("");
  // A refused turn is back in the form; what is wrong with its day (no season holds it) is said
  // at the start's field too, where it is corrected.
  const dayRefusal = seasons ? turnDayRefusal(seasons, startedAt.slice(0, 10))?.fields[0] : undefined;
  const dayError =
    dayRefusal &&
    t(
      `errors.field.${dayRefusal.code}`,
      // Its parameters are days (the turn's, the nearest season's first and last).
      Object.fromEntries(
        Object.entries(dayRefusal.params ?? {}).map(([key, day]) => [key, formatDate(String(day), locale)]),
      ),
    );
  const startError = queue.error?.fieldErrors().startedAt ?? (startChosen ? dayError : undefined);
  async function save(e: FormEvent) {
    e.preventDefault();
    const value = typedNumber(amount) ?? Number.NaN;
    const user = users.find((u) => u.id === userId);
    if (!outletId || !user || (method !== "gauge" && !Number.isFinite(value))) {
      queue.say(t("measure.fillDelivery"));
      return;
    }
    // Said at once, not when the link is back and the service refuses it.
    if (dayError) {
      setStartChosen(true);
      queue.say(dayError);
      return;
    }
    const endedAtInstant = momentInstant(endedAt);
    const body: DeliveryEntry = {
      outletId,
      waterUserId: user.id,
      plotId: user.plots.length === 1 ? user.plots[0]!.id : null,
      startedAt: momentInstant(startedAt),
      endedAt: endedAtInstant,
      method,
      ...(method === "time-and-flow" ? { flowLps: value } : method === "act" ? { volumeM3: value } : {}),
    };
    const chosen = outlets?.find((o) => o.id === outletId);
    const seconds = (Date.parse(body.endedAt) - Date.parse(body.startedAt)) / 1000;
    const amountRefusal = chosen ? turnAmountRefusal(chosen, body, seconds) : null;
    if (amountRefusal) {
      queue.say(
        t(`errors.${amountRefusal.code}`, {
          ...amountRefusal.params,
          // The figure as typed, the outlet's as the page writes numbers.
          flowLps: amount.trim(),
          volumeM3: amount.trim(),
          capacityLps: formatNumber(chosen!.capacityLps, locale),
          ...(amountRefusal.params.mostM3 === undefined
            ? {}
            : { mostM3: formatNumber(Number(amountRefusal.params.mostM3), locale) }),
        }),
      );
      return;
    }
    if (isMomentAhead(Date.parse(endedAtInstant), Date.now())) {
      queue.say(t("errors.water.turnAhead", { at: formatDateTime(endedAtInstant, locale) }));
      return;
    }
    keepFor(owner, "lastMethod", method);
    setAmount("");
    setUserId("");
    // The next user's turn at the outlet begins where this one ended (not the same hour again).
    setStartedAt(endedAt);
    setEndedAt(localMoment(Math.max(Date.now(), Date.parse(endedAtInstant))));
    await queue.enqueue(body);
  }

  async function change(d: Delivery, action: "sign" | "void") {
    const body =
      action === "sign"
        ? { version: d.version, signedOn: todayIso() }
        : { version: d.version, reason: window.prompt(t("measure.voidReason")) ?? "" };
    if ("reason" in body && !body.reason) return;
    try {
      if (action === "sign") await api("POST", `/api/water/deliveries/${d.id}/sign`, body);
      else await api("POST", `/api/water/deliveries/${d.id}/void`, body);
      setRefresh((n) => n + 1);
    } catch (err) {
      if (err instanceof ApiProblem) queue.fail(err);
    }
  }

  const outlet = outlets?.find((o) => o.id === outletId);
  return (
    <section className="measure">
      <h1>{t("measure.deliveries")}</h1>
      <WaitingElsewhere queue={queue} />
      <Loaded state={lists}>
        {(answers) => (
          <form className="quick-entry" onSubmit={(e) => void save(e)}>
            <KeptAsOf answers={answers} />
            <label className="field">
              <span className="field-label">{t("measure.outlet")}</span>
              <select
                value={outletId}
                onChange={(e) => {
                  setOutletId(e.target.value);
                  setUserId("");
                  keepFor(owner, "lastOutlet", e.target.value);
                  // Another outlet's list starts at its newest deliveries, narrowed to it again.
                  const next = withPage(params, 1);
                  next.delete("outlet");
                  setParams(next);
                }}
              >
                <option value="" />
                {answers[0].value.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.code} — {o.name}
                  </option>
                ))}
              </select>
            </label>
            {can("water.measure") && (
              <>
                <label className="field">
                  <span className="field-label">{t("measure.user")}</span>
                  <select value={userId} onChange={(e) => setUserId(e.target.value)}>
                    <option value="" />
                    {users.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.number}. {u.displayName}
                      </option>
                    ))}
                  </select>
                </label>
                <label className={startError ? "field field-invalid" : "field"}>
                  <span className="field-label">{t("measure.startedAt")}</span>
                  <MomentInput
                    value={startedAt}
                    onMomentChange={chooseStart}
                    label={t("measure.startedAt")}
                    required
                  />
                  {startError && <span className="field-error">{startError}</span>}
                </label>
                <label className="field">
                  <span className="field-label">{t("measure.endedAt")}</span>
                  <MomentInput
                    value={endedAt}
                    onMomentChange={setEndedAt}
                    label={t("measure.endedAt")}
                    required
                  />
                </label>
                <label className="field">
                  <span className="field-label">{t("measure.method")}</span>
                  <select value={method} onChange={(e) => setMethod(e.target.value as DeliveryMethod)}>
                    {DELIVERY_METHODS.filter((m) => m !== "gauge" || outlet?.hasGauge).map((m) => (
                      <option key={m} value={m}>
                        {t(`measure.methods.${m}`)}
                      </option>
                    ))}
                  </select>
                </label>
                {method !== "gauge" && (
                  <label className="field">
                    <span className="field-label">
                      {method === "time-and-flow" ? t("measure.flowLps") : t("measure.volumeM3")}
                    </span>
                    <input
                      className="big-number"
                      inputMode="decimal"
                      autoComplete="off"
                      value={amount}
                      onChange={(e) => setAmount(e.target.value)}
                    />
                  </label>
                )}
                <button type="submit" className="primary big">
                  {t("common.save")}
                </button>
                <QueueStatus queue={queue} />
              </>
            )}
          </form>
        )}
      </Loaded>
      <label className="field filters">
        <span className="field-label">{t("measure.acts.label")}</span>
        <select
          name="acts"
          value={acts}
          onChange={(e) => {
            const next = withPage(params, 1);
            if (e.target.value) next.set("acts", e.target.value);
            else next.delete("acts");
            setParams(next);
          }}
        >
          <option value="">{t("measure.acts.all")}</option>
          {ACT_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`measure.acts.${state}`)}
            </option>
          ))}
        </select>
      </label>
      {/* The outlet chosen for entry narrows the list too: said, with the way back to every outlet. */}
      {outlet && !everyOutlet && (
        <p className="list-scope">
          {t("measure.listOfOutlet", { outlet: `${outlet.code} — ${outlet.name}` })}{" "}
          <button
            type="button"
            className="link"
            onClick={() => {
              setOutletId("");
              setUserId("");
              keepFor(owner, "lastOutlet", "");
              setParams(withPage(params, 1));
            }}
          >
            {t("measure.everyOutlet")}
          </button>
        </p>
      )}
      {(from || to) && (
        <p className="list-scope">
          {t("measure.listOfDays", {
            from: from ? formatDate(from, locale) : "…",
            to: to ? formatDate(to, locale) : "…",
          })}{" "}
          <button
            type="button"
            className="link"
            onClick={() => {
              const next = withPage(params, 1);
              next.delete("from");
              next.delete("to");
              setParams(next);
            }}
          >
            {t("measure.everyDay")}
          </button>
        </p>
      )}
      {list.error &&
        (list.error.status === 0 ? (
          // Without a link, not a fault: the turns entered meanwhile wait above, and the list comes back with the link.
          <p className="state">
            {t("measure.listNeedsLink")}{" "}
            <button type="button" className="link" onClick={list.reload}>
              {t("common.retry")}
            </button>
          </p>
        ) : (
          <ErrorState error={list.error} onRetry={list.reload} />
        ))}
      {turns && <KeptAsOf answers={[turns]} />}
      {turns &&
        (turns.value.items.length === 0 ? (
          <EmptyState />
        ) : (
          <div className="table-wrap">
            <table className="deliveries">
              <thead>
                <tr>
                  <th>{t("measure.actNumber")}</th>
                  <th>{t("measure.outlet")}</th>
                  <th>{t("measure.user")}</th>
                  <th>{t("measure.turn")}</th>
                  <th>{t("measure.volumeM3")}</th>
                  <th>{t("measure.method")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {turns.value.items.map((d) => (
                  <tr key={d.id} className={d.voidedAt ? "voided" : undefined}>
                    <td>{d.actNumber}</td>
                    <td>{d.outletCode}</td>
                    <td className="wide">
                      {d.userNumber}. {d.userName}
                    </td>
                    <td className="wide">{formatMomentSpan(d.startedAt, d.endedAt, locale)}</td>
                    <td>
                      {formatNumber(d.volumeM3, locale, 1)}
                      {d.gapSeconds
                        ? ` (${t("measure.gapHours", { hours: formatNumber(d.gapSeconds / 3600, locale, 1) })})`
                        : ""}
                    </td>
                    <td>{t(`measure.methods.${d.method}`)}</td>
                    <td className="actions wide">
                      <a
                        href={`/api/water/deliveries/${d.id}/act.pdf?locale=ky`}
                        target="_blank"
                        rel="noreferrer"
                      >
                        {t("measure.actKy")}
                      </a>{" "}
                      <a
                        href={`/api/water/deliveries/${d.id}/act.pdf?locale=ru`}
                        target="_blank"
                        rel="noreferrer"
                      >
                        {t("measure.actRu")}
                      </a>{" "}
                      {d.voidedAt ? (
                        t("measure.voided", { reason: d.voidReason ?? "" })
                      ) : (
                        <>
                          {d.signedOn ? (
                            t("measure.signedOn", { date: formatDate(d.signedOn, locale) })
                          ) : can("water.measure") ? (
                            <button type="button" className="link" onClick={() => void change(d, "sign")}>
                              {t("measure.markSigned")}
                            </button>
                          ) : null}{" "}
                          {can("water.measure") && (
                            <button type="button" className="link" onClick={() => void change(d, "void")}>
                              {t("measure.void")}
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} hasMore={turns.value.hasMore} />
          </div>
        ))}
    </section>
  );
}
