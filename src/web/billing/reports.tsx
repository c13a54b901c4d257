import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../app/api.js";
import { formatDate, formatMoney, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { EmptyState, Loaded, NamedOptions, useLoad } from "../app/ui.js";
import { useWaterVillages, villageName } from "../water/api.js";
import type { Collection, RateGroup, Season, TrialBalance } from "./api.js";
import { BillingTabs } from "./tabs.js";

/**
 * An account's words' key: "revenue:area" is `revenue-area` (a colon would name an i18next
 * namespace), and every water user's receivable, summed as "receivable:*", is `receivable`.
 */
const accountKey = (account: string) => account.replace(/:\*$/, "").replace(":", "-");

/** Collection rate of a season (per village, vulnerable vs other) and the trial balance. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const villages = useWaterVillages();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/billing/seasons"), "");
  const [chosen, setChosen] = useState("");
  const seasonId = chosen || seasons.data?.at(-1)?.id || "";
  const collection = useLoad(
    () =>
      seasonId
        ? api<Collection>("GET", `/api/billing/seasons/${seasonId}/collection`)
        : Promise.resolve(null),
    seasonId,
  );
  const trial = useLoad(() => api<TrialBalance>("GET", "/api/billing/trial-balance"), "");
  const rateRows = (groups: RateGroup[], label: (key: string) => string) =>
    groups.map((g) => (
      <tr key={g.key}>
        <td>{label(g.key)}</td>
        <td>{formatMoney(g.chargedTyiyn, locale)}</td>
        <td>{formatMoney(g.paidTyiyn, locale)}</td>
        {/* Given with one decimal and a point; written with the page's decimal mark. */}
        <td>{g.ratePercent === null ? "—" : formatNumber(Number(g.ratePercent), locale, 1)}</td>
      </tr>
    ));
  const head = (
    <thead>
      <tr>
        <th />
        <th>{t("billing.reports.charged")}</th>
        <th>{t("billing.reports.paid")}</th>
        <th>{t("billing.reports.rate")}</th>
      </tr>
    </thead>
  );
  return (
    <section>
      <h1>{t("billing.nav.reports")}</h1>
      <BillingTabs />
      <h2>{t("billing.reports.collection")}</h2>
      <label className="field">
        <span className="field-label">{t("billing.run.season")}</span>
        <select value={seasonId} onChange={(e) => setChosen(e.target.value)}>
          <NamedOptions items={seasons.data} />
        </select>
      </label>
      <Loaded state={collection}>
        {(c) =>
          !c ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table aria-label={t("billing.reports.collection")}>
                {head}
                <tbody>
                  {rateRows([{ key: "", ...c.total }], () => t("billing.ageing.total"))}
                  <tr>
                    <th colSpan={4}>{t("billing.reports.byVillage")}</th>
                  </tr>
                  {rateRows(c.byVillage, (k) => villageName(villages.data, k || null))}
                  <tr>
                    <th colSpan={4}>{t("billing.reports.byVulnerability")}</th>
                  </tr>
                  {rateRows(c.byVulnerability, (k) => t(`billing.reports.${k}`))}
                </tbody>
              </table>
              <p>
                {t("billing.reports.byRegister", {
                  date: formatDate(c.flagsOn, locale),
                  links: c.confirmedLinks,
                })}
              </p>
            </div>
          )
        }
      </Loaded>
      <h2>{t("billing.reports.trialBalance")}</h2>
      <Loaded state={trial}>
        {(tb) =>
          tb.accounts.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table aria-label={t("billing.reports.trialBalance")}>
                <thead>
                  <tr>
                    <th>{t("billing.reports.account")}</th>
                    <th>{t("billing.reports.debit")}</th>
                    <th>{t("billing.reports.credit")}</th>
                  </tr>
                </thead>
                <tbody>
                  {tb.accounts.map((a) => (
                    <tr key={a.account}>
                      <td>{t(`billing.reports.accounts.${accountKey(a.account)}`)}</td>
                      <td>{formatMoney(a.debitTyiyn, locale)}</td>
                      <td>{formatMoney(a.creditTyiyn, locale)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th>{t("billing.ageing.total")}</th>
                    <th>{formatMoney(tb.totalDebitTyiyn, locale)}</th>
                    <th>{formatMoney(tb.totalCreditTyiyn, locale)}</th>
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
