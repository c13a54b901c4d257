import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { DOCUMENT_KINDS } from "../../domain/billing/invoice.js";
import { cropName } from "../../domain/planning/crops.js";
import { decimalsOf } from "../../domain/shared/number-format.js";
import { api } from "../app/api.js";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { EmptyState, ErrorState, Loaded, NamedOptions, useKeysetPages, useLoad } from "../app/ui.js";
import type { BillingDocument, DocumentLine, Season } from "./api.js";
import { BillingTabs } from "./tabs.js";

const PAGE_SIZE = 50;

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
  const kind = params.get("kind") ?? "";
  const seasons = useLoad(() => api<Season[]>("GET", "/api/billing/seasons"), "");
  // A page at a time, newest first: a large association's season has tens of thousands.
  const filters = new URLSearchParams([
    ["limit", String(PAGE_SIZE)],
    ...(seasonId ? [["seasonId", seasonId]] : []),
    ...(kind ? [["kind", kind]] : []),
  ]);
  const docs = useKeysetPages<BillingDocument>(`/api/billing/documents?${filters}`, "before");
  const choose = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
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
      <div className="filters">
        <label className="field">
          <span className="field-label">{t("billing.run.season")}</span>
          <select name="seasonId" value={seasonId} onChange={(e) => choose("seasonId", e.target.value)}>
            <NamedOptions items={seasons.data} all />
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("billing.tariff.kind")}</span>
          <select name="kind" value={kind} onChange={(e) => choose("kind", e.target.value)}>
            <option value="">{t("reg.all")}</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`billing.doc.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={docs.first}>
        {(first) => {
          const items = [...first.items, ...docs.more];
          if (items.length === 0) return <EmptyState />;
          return (
            <>
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
                    {items.map((d) => (
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
              {docs.moreError && <ErrorState error={docs.moreError} onRetry={() => void docs.loadMore()} />}
              {docs.nextCursor && (
                <button type="button" onClick={() => void docs.loadMore()}>
                  {t("common.loadMore")}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
