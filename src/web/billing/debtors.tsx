import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ApiProblem, api } from "../app/api.js";
import { formatMoney, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorState, Field, Loaded, useLoad } from "../app/ui.js";
import type { Buckets, Debtor } from "./api.js";
import { BillingTabs } from "./tabs.js";

const BUCKETS = ["notDue", "d0_30", "d31_90", "d90plus", "total"] as const;

/** Debtors aged by days past due, with SMS reminders and an Excel export. */
export default function DebtorsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const asOf = params.get("asOf") ?? todayIso();
  const [error, setError] = useState<ApiProblem | null>(null);
  const [reminded, setReminded] = useState<{ queued: number; withoutPhone: number } | null>(null);
  const [charged, setCharged] = useState<{ documents: number; totalTyiyn: number } | null>(null);
  const list = useLoad(
    () => api<{ items: Debtor[]; totals: Buckets }>("GET", `/api/billing/debtors?asOf=${asOf}`),
    asOf,
  );

  async function remind() {
    setError(null);
    try {
      setReminded(await api("POST", "/api/billing/reminders", { asOf, minDaysPastDue: 1 }));
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }

  async function chargePenalties() {
    setError(null);
    try {
      setCharged(await api("POST", "/api/billing/penalties", { asOf }));
      list.reload();
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }

  return (
    <section>
      <h1>{t("billing.debtors.title")}</h1>
      <BillingTabs />
      <div className="filters">
        <Field label={t("billing.debtors.asOf")}>
          <input
            type="date"
            value={asOf}
            onChange={(e) => e.target.value && setParams({ asOf: e.target.value })}
          />
        </Field>
        <a href={`/api/billing/debtors/export?asOf=${asOf}&locale=${locale}`}>
          {t("billing.debtors.export")}
        </a>
        {can("billing.write") && (
          <button type="button" onClick={() => void remind()}>
            {t("billing.debtors.remind")}
          </button>
        )}
        {can("billing.write") && (
          <button type="button" className="link" onClick={() => void chargePenalties()}>
            {t("billing.debtors.penalties")}
          </button>
        )}
      </div>
      {error && <ErrorState error={error} />}
      {reminded && <p role="status">{t("billing.debtors.reminded", reminded)}</p>}
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
                      <td>{d.villageCode ?? "—"}</td>
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
