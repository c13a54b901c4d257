import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { cropName } from "../../domain/planning/crops.js";
import { decimalsOf } from "../../domain/shared/number-format.js";
import { api } from "../app/api.js";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { EmptyState, Loaded, useLoad } from "../app/ui.js";
import type { BillingDocument, DocumentLine, Season } from "./api.js";
import { BillingTabs } from "./tabs.js";

/** An invoice that is one instalment of a season's plan: which, of how many (its lines say so). */
function instalmentOf(d: BillingDocument): { n: number; of: number } | null {
  const params = d.lines[0]?.params;
  return d.kind === "invoice" && typeof params?.instalment === "number"
    ? { n: params.instalment, of: Number(params.instalments) }
    : null;
}

/** Invoices, supplementary invoices, credit notes and penalties, each line saying what it charges for. */
export default function InvoicesPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const seasonId = params.get("seasonId") ?? "";
  const seasons = useLoad(() => api<Season[]>("GET", "/api/billing/seasons"), "");
  const docs = useLoad(
    () =>
      api<{ items: BillingDocument[] }>(
        "GET",
        `/api/billing/documents?limit=100${seasonId ? `&seasonId=${seasonId}` : ""}`,
      ),
    seasonId,
  );
  const lineText = (l: DocumentLine) => {
    const what =
      l.kind === "area" || l.kind === "volume"
        ? t(`billing.line.${l.kind}`, {
            quantity: formatNumber(l.quantity ?? 0, locale, 2),
            rate: formatMoney(l.rateTyiyn ?? 0, locale),
          })
        : t(`billing.line.${l.kind}`);
    // An instalment's line is its share of the season's: say which part, so rate × quantity adds up.
    const part =
      l.params.instalments && Number(l.params.instalments) > 1
        ? t("billing.line.instalment", {
            n: l.params.instalment,
            of: l.params.instalments,
            percent: formatPercent(
              Number(l.params.instalmentPercent),
              locale,
              decimalsOf(Number(l.params.instalmentPercent), 2),
            ),
          })
        : null;
    const detail = [
      typeof l.params.crop === "string" ? cropName(l.params.crop, locale) : null,
      l.params.reason,
      l.params.decisionRef,
      part,
    ]
      .filter(Boolean)
      .join(", ");
    return `${what}${detail ? ` (${detail})` : ""}: ${formatMoney(l.amountTyiyn, locale)}`;
  };
  return (
    <section>
      <h1>{t("billing.nav.invoices")}</h1>
      <BillingTabs />
      <label className="field">
        <span className="field-label">{t("billing.run.season")}</span>
        <select
          value={seasonId}
          onChange={(e) => setParams(e.target.value ? { seasonId: e.target.value } : {})}
        >
          <option value="">—</option>
          {(seasons.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <Loaded state={docs}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("billing.doc.number")}</th>
                    <th>{t("billing.tariff.kind")}</th>
                    <th>{t("billing.user.name")}</th>
                    <th>{t("billing.doc.issuedOn")}</th>
                    <th>{t("billing.doc.dueOn")}</th>
                    <th>{t("billing.doc.lines")}</th>
                    <th>{t("billing.doc.total")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((d) => (
                    <tr key={d.id}>
                      <td>{d.number}</td>
                      <td>{t(`billing.doc.kinds.${d.kind}`)}</td>
                      <td>
                        <Link to={`/billing/statement/${d.waterUserId}`}>
                          № {d.userNumber} {d.userName}
                        </Link>
                      </td>
                      <td>{formatDate(d.issuedOn, locale)}</td>
                      <td>
                        {formatDate(d.dueOn, locale)}
                        {instalmentOf(d) && (
                          <>
                            <br />
                            <span className="badge">{t("billing.doc.instalmentOf", instalmentOf(d)!)}</span>
                          </>
                        )}
                      </td>
                      <td>
                        <ul>
                          {d.lines.map((l) => (
                            <li key={l.code}>{lineText(l)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{formatMoney(d.totalTyiyn, locale)}</td>
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
