import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDate, formatMoney, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { DayInput, EmptyState, Field, Loaded, useLoad, useSavedNotice, useSubmit } from "../app/ui.js";
import { useWaterVillages, villageName } from "../water/api.js";
import type { Buckets, Debtor } from "./api.js";
import { BillingTabs } from "./tabs.js";

type Reminded = {
  queued: number;
  queuedBefore: number;
  withoutPhone: number;
};
interface Charged {
  documents: number;
  totalTyiyn: number;
}

const BUCKETS = ["notDue", "d0_30", "d31_90", "d90plus", "total"] as const;

/** Debtors aged by days past due, with SMS reminders and an Excel export. */
export default function DebtorsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const villages = useWaterVillages();
  const [params, setParams] = useSearchParams();
  const asOf = params.get("asOf") ?? todayIso();
  const [reminded, setReminded] = useState<Reminded | null>(null);
  const [charged, setCharged] = useState<Charged | null>(null);
  const list = useLoad(
    () => api<{ items: Debtor[]; totals: Buckets }>("GET", `/api/billing/debtors?asOf=${asOf}`),
    asOf,
  );

  const { notice, saved, clear } = useSavedNotice();
  // Sent again after a lost answer, what the first sending did is shown, where it could be had again.
  const reminders = useSubmit((said, first) => {
    if (!said) return;
    saved(said);
    setReminded((first as Reminded | undefined) ?? null);
  });
  const penalties = useSubmit((said, first) => {
    list.reload();
    if (!said) return;
    saved(said);
    setCharged((first as Charged | undefined) ?? null);
  });

  async function remind() {
    clear();
    setReminded(null);
    // Texts go out to people's phones and cannot be called back: first counted, then asked.
    const reminder = { asOf, minDaysPastDue: 1 };
    const toText = await reminders.send<Reminded>("POST", "/api/billing/reminders", {
      ...reminder,
      dryRun: true,
    });
    if (!toText) return;
    if (toText.queued === 0) {
      // No one to text (all reminded for the day already, or without a phone): said, not asked.
      setReminded(toText);
      return;
    }
    // The list has more debtors than are texted: who is left out, and why, is said with the count.
    const leftOut = [
      toText.withoutPhone > 0 && t("billing.debtors.remindersWithoutPhone", { count: toText.withoutPhone }),
      toText.queuedBefore > 0 && t("billing.debtors.remindersAlreadySent", { count: toText.queuedBefore }),
    ]
      .filter(Boolean)
      .map((sentence) => ` ${sentence}`)
      .join("");
    const question = t("billing.debtors.confirmReminders", {
      count: toText.queued,
      date: formatDate(asOf, locale),
      leftOut,
    });
    if (!window.confirm(question)) return;
    const answer = await reminders.send<Reminded>("POST", "/api/billing/reminders", reminder);
    if (answer) setReminded(answer);
  }

  async function chargePenalties() {
    // Penalties are posted to the users' accounts (a credit note undoes them): asked first.
    if (!window.confirm(t("billing.debtors.confirmPenalties", { date: formatDate(asOf, locale) }))) return;
    clear();
    const answer = await penalties.send<Charged>("POST", "/api/billing/penalties", { asOf });
    if (answer) setCharged(answer);
  }

  return (
    <section>
      <h1>{t("billing.debtors.title")}</h1>
      <BillingTabs />
      <div className="filters">
        <Field label={t("billing.debtors.asOf")}>
          <DayInput name="asOf" value={asOf} onDayChange={(day) => day && setParams({ asOf: day })} />
        </Field>
        <a href={`/api/billing/debtors/export?asOf=${asOf}&locale=${locale}`}>
          {t("billing.debtors.export")}
        </a>
        {can("billing.write") && (
          <button
            type="button"
            disabled={reminders.busy}
            aria-busy={reminders.busy}
            onClick={() => void remind()}
          >
            {t("billing.debtors.remind")}
          </button>
        )}
        {can("billing.write") && (
          <button
            type="button"
            className="link"
            disabled={penalties.busy}
            aria-busy={penalties.busy}
            onClick={() => void chargePenalties()}
          >
            {t("billing.debtors.penalties")}
          </button>
        )}
      </div>
      {reminders.message}
      {penalties.message}
      {notice}
      {reminded && (
        <p role="status">
          {t("billing.debtors.reminded", reminded)}
          {reminded.queuedBefore > 0 &&
            ` ${t("billing.debtors.remindedBefore", { count: reminded.queuedBefore })}`}
        </p>
      )}
      {charged && (
        <p role="status">
          {t("billing.debtors.penaltiesCharged", {
            documents: charged.documents,
            amount: formatMoney(charged.totalTyiyn, locale),
          })}
        </p>
      )}
      <Loaded state={list}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("billing.user.number")}</th>
                    <th>{t("billing.user.name")}</th>
                    <th>{t("billing.user.village")}</th>
                    {BUCKETS.map((b) => (
                      <th key={b}>{t(`billing.ageing.${b}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((d) => (
                    <tr key={d.waterUserId}>
                      <td>{d.number}</td>
                      <td>
                        <Link to={`/billing/statement/${d.waterUserId}`}>{d.displayName}</Link>
                      </td>
                      <td>{villageName(villages.data, d.villageCode)}</td>
                      {BUCKETS.map((b) => (
                        <td key={b}>{formatMoney(d[b], locale)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th colSpan={3}>{t("billing.ageing.total")}</th>
                    {BUCKETS.map((b) => (
                      <th key={b}>{formatMoney(data.totals[b], locale)}</th>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
