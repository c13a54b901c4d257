import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { ApiProblem, api } from "../app/api.js";
import { formatDate, formatMoney } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { DayInput, EmptyState, ErrorState, Field, Loaded, useLoad } from "../app/ui.js";
import type { CashierHit, Statement } from "./api.js";
import { BillingTabs } from "./tabs.js";

/**
 * A water user's statement for a range of days: the balance brought forward, every invoice,
 * credit note, payment and reversal with the running balance, the closing balance, and its PDF.
 * Without a user, a search to pick one.
 */
export default function StatementPage() {
  const { t } = useTranslation();
  const { waterUserId } = useParams();
  return (
    <section>
      <h1>{t("billing.doc.statement")}</h1>
      <BillingTabs />
      {waterUserId ? <UserStatement waterUserId={waterUserId} /> : <PickUser />}
    </section>
  );
}

function PickUser() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const [hits, setHits] = useState<CashierHit[] | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  async function find(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
    if (!q) return;
    setError(null);
    try {
      const found = await api<CashierHit[]>("GET", `/api/billing/cashier?q=${encodeURIComponent(q)}`);
      if (found.length === 1) navigate(`/billing/statement/${found[0]!.id}`);
      else setHits(found);
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }
  return (
    <>
      <form className="filters" onSubmit={find}>
        <Field label={t("billing.cashier.search")}>
          <input name="q" required />
        </Field>
        <button type="submit">{t("billing.cashier.find")}</button>
      </form>
      {error && <ErrorState error={error} />}
      {hits &&
        (hits.length === 0 ? (
          <EmptyState />
        ) : (
          <ul>
            {hits.map((h) => (
              <li key={h.id}>
                <Link to={`/billing/statement/${h.id}`}>
                  № {h.number} {h.displayName}
                </Link>{" "}
                {t("billing.cashier.owes")}: {formatMoney(h.balanceTyiyn, locale)}
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}

function UserStatement({ waterUserId }: { waterUserId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const range = [from && `from=${from}`, to && `to=${to}`].filter(Boolean).join("&");
  const statement = useLoad(
    () => api<Statement>("GET", `/api/billing/users/${waterUserId}/statement${range ? `?${range}` : ""}`),
    `${waterUserId}?${range}`,
  );
  const setDay = (key: "from" | "to", value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const what = (l: Statement["lines"][number]) =>
    l.reason ? `${t(`billing.doc.kinds.${l.kind}`)}: ${l.reason}` : t(`billing.doc.kinds.${l.kind}`);
  return (
    <>
      <div className="filters">
        <Field label={t("billing.statement.from")}>
          <DayInput name="from" value={from} onDayChange={(day) => setDay("from", day)} />
        </Field>
        <Field label={t("billing.statement.to")}>
          <DayInput name="to" value={to} onDayChange={(day) => setDay("to", day)} />
        </Field>
        <a
          href={`/api/billing/users/${waterUserId}/statement/pdf?${range ? `${range}&` : ""}locale=${locale}`}
          target="_blank"
          rel="noreferrer"
        >
          {t("billing.statement.pdf")}
        </a>
      </div>
      <Loaded state={statement}>
        {(s) => (
          <>
            <h2>
              № {s.user.number} {s.user.displayName}
            </h2>
            <div className="table-wrap">
              <table aria-label={t("billing.doc.statement")}>
                <thead>
                  <tr>
                    <th>{t("billing.receipt.date")}</th>
                    <th>{t("billing.tariff.kind")}</th>
                    <th>{t("billing.doc.number")}</th>
                    <th>{t("billing.doc.total")}</th>
                    <th>{t("billing.doc.balance")}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr data-row="opening">
                    <th colSpan={4}>
                      {t("billing.statement.opening")}
                      {s.from ? ` (${formatDate(s.from, locale)})` : ""}
                    </th>
                    <td>{formatMoney(s.openingBalanceTyiyn, locale)}</td>
                  </tr>
                  {s.lines.map((l) => (
                    <tr key={`${l.kind}-${l.id}`}>
                      <td>{formatDate(l.on, locale)}</td>
                      <td>{what(l)}</td>
                      <td>{l.ref}</td>
                      <td>{formatMoney(l.amountTyiyn, locale)}</td>
                      <td>{formatMoney(l.balanceTyiyn, locale)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-row="closing">
                    <th colSpan={4}>
                      {t("billing.statement.closing")}
                      {s.to ? ` (${formatDate(s.to, locale)})` : ""}
                    </th>
                    <th>{formatMoney(s.closingBalanceTyiyn, locale)}</th>
                  </tr>
                </tfoot>
              </table>
            </div>
            <p className="muted">
              {t("billing.statement.owesNow", { amount: formatMoney(s.balanceTyiyn, locale) })}
            </p>
          </>
        )}
      </Loaded>
    </>
  );
}
