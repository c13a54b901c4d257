import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem, api } from "../app/api.js";
import { formatDate, formatMoney } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorState, Loaded, useLoad } from "../app/ui.js";
import type { Run, Season } from "./api.js";
import { BillingTabs } from "./tabs.js";

/** Billing runs per season, and closing a season. */
export default function RunsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const [error, setError] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const seasons = useLoad(() => api<Season[]>("GET", "/api/billing/seasons"), "");
  const runs = useLoad(() => api<Run[]>("GET", "/api/billing/runs"), "");
  const seasonName = (id: string) => seasons.data?.find((s) => s.id === id)?.name ?? "";

  async function act(work: () => Promise<unknown>) {
    setError(null);
    setBusy(true);
    try {
      await work();
      seasons.reload();
      runs.reload();
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    } finally {
      setBusy(false);
    }
  }
  const run = (s: Season) => act(() => api("POST", "/api/billing/runs", { seasonId: s.id }));
  const close = (s: Season) =>
    window.confirm(t("billing.run.confirmClose")) &&
    act(() => api("POST", `/api/billing/seasons/${s.id}/close`));

  return (
    <section>
      <h1>{t("billing.nav.runs")}</h1>
      <BillingTabs />
      {error && <ErrorState error={error} />}
      <Loaded state={seasons}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <tbody>
                  {data.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>
                        {formatDate(s.startsOn, locale)} – {formatDate(s.endsOn, locale)}
                      </td>
                      <td>{s.closed ? t("billing.run.closed") : t("billing.run.open")}</td>
                      <td>
                        {can("billing.write") && (
                          <button type="button" disabled={busy} onClick={() => void run(s)}>
                            {t("billing.run.start")}
                          </button>
                        )}{" "}
                        {can("billing.close") && !s.closed && (
                          <button
                            type="button"
                            className="link"
                            disabled={busy}
                            onClick={() => void close(s)}
                          >
                            {t("billing.run.close")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <Loaded state={runs}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table aria-label={t("billing.nav.runs")}>
                <thead>
                  <tr>
                    <th>{t("billing.run.runOn")}</th>
                    <th>{t("billing.run.season")}</th>
                    <th>{t("billing.run.users")}</th>
                    <th>{t("billing.run.invoices")}</th>
                    <th>{t("billing.run.supplementary")}</th>
                    <th>{t("billing.run.creditNotes")}</th>
                    <th>{t("billing.run.unchanged")}</th>
                    <th>{t("billing.run.net")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDate(r.runOn, locale)}</td>
                      <td>{seasonName(r.seasonId)}</td>
                      <td>{r.users}</td>
                      <td>{r.invoices}</td>
                      <td>{r.supplementary}</td>
                      <td>{r.creditNotes}</td>
                      <td>{r.unchanged}</td>
                      <td>{formatMoney(r.netTyiyn, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
