import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { parseSom } from "../../domain/shared/money.js";
import { ApiProblem, api } from "../app/api.js";
import { formatDate, formatMoney } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  EmptyState,
  ErrorState,
  Field,
  FormActions,
  Loaded,
  NumberInput,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import type { BillingSettings, CashierHit, Payment, Statement } from "./api.js";
import { BillingTabs } from "./tabs.js";

interface Made {
  payment: { id: string; amountTyiyn: number };
}

/** A payment above this (100 000 som) and above twice the debt is confirmed before it is recorded. */
const ASK_ABOVE_TYIYN = 10_000_000;

/** Fast cashier entry: find the payer by number or name, type the amount, print the receipt. */
export default function CashierPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const [hits, setHits] = useState<CashierHit[] | null>(null);
  const [payer, setPayer] = useState<CashierHit | null>(null);
  const [method, setMethod] = useState<"cash" | "bank" | "in-kind">("cash");
  const [error, setError] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<Made["payment"] | null>(null);
  // What is said besides the receipt's line where a corrected payment was not sent (useSubmit).
  const { notice, saved, clear } = useSavedNotice();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [statement, setStatement] = useState<Statement | null>(null);
  const [amountError, setAmountError] = useState<string | undefined>(undefined);
  /** Tyiyn from the typed som, or why not. */
  const amountOf = (text: string): number | string => {
    try {
      const tyiyn = parseSom(text);
      return tyiyn > 0 ? tyiyn : t("billing.cashier.amountPositive");
    } catch {
      return t("errors.money.unparseable", { value: text.trim() });
    }
  };
  const recent = useLoad(
    () => api<{ items: Payment[] }>("GET", "/api/billing/payments?limit=20"),
    done?.id ?? "",
  );

  async function find(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
    if (!q) return;
    setError(null);
    try {
      const found = await api<CashierHit[]>("GET", `/api/billing/cashier?q=${encodeURIComponent(q)}`);
      setHits(found);
      setPayer(found.length === 1 ? found[0]! : null);
      setStatement(null);
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }

  /** A payment recorded (null: recorded, but its answer could not be had again), and the desk made ready for the next. */
  function recorded(payment: Made["payment"] | null, said?: string) {
    setDone(payment);
    if (said) saved(said);
    setKey(crypto.randomUUID());
    setPayer(null);
    setHits(null);
    // The recent payments load again for a new receipt by themselves; without one, asked to.
    if (!payment) recent.reload();
  }
  // A payment corrected after a lost answer whose first sending was recorded: the receipt is the first's.
  const payment = useSubmit((said, first) => {
    if (said) recorded((first as Made | undefined)?.payment ?? null, said);
  });

  async function pay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!payer) return;
    const f = new FormData(e.currentTarget);
    setError(null);
    setAmountError(undefined);
    clear();
    const amount = String(f.get("amount") ?? "");
    const body: Record<string, unknown> = { waterUserId: payer.id, method, idempotencyKey: key };
    if (method === "in-kind") {
      body.commodity = String(f.get("commodity") ?? "");
      body.quantityKg = Number(f.get("quantityKg"));
    } else {
      // Said at the field at once: a text that is no amount, or none to take.
      const amountTyiyn = amountOf(amount);
      if (typeof amountTyiyn === "string") {
        setAmountError(amountTyiyn);
        return;
      }
      body.amountTyiyn = amountTyiyn;
      // A figure far above what the payer owes is most often a zero typed twice: asked first.
      const owes = Math.max(payer.balanceTyiyn, 0);
      if (
        amountTyiyn > Math.max(2 * owes, ASK_ABOVE_TYIYN) &&
        !window.confirm(
          t("billing.cashier.confirmLarge", {
            amount: formatMoney(amountTyiyn, locale),
            owes: formatMoney(owes, locale),
          }),
        )
      )
        return;
    }
    if (method === "bank") body.reference = String(f.get("reference") ?? "");
    const made = await payment.send<Made>("POST", "/api/billing/payments", body);
    if (made) recorded(made.payment);
  }

  async function showStatement(id: string) {
    try {
      setStatement(await api<Statement>("GET", `/api/billing/users/${id}/statement`));
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }

  const reversal = useSubmit(() => recent.reload());
  function reverse(p: Payment) {
    const reason = window.prompt(t("billing.cashier.reverseReason"));
    if (!reason) return;
    void reversal.send("POST", `/api/billing/payments/${p.id}/reverse`, { reason, version: p.version });
  }

  return (
    <section>
      <h1>{t("billing.nav.cashier")}</h1>
      <BillingTabs />
      <form className="filters" onSubmit={find}>
        <Field label={t("billing.cashier.search")}>
          <input name="q" />
        </Field>
        <button type="submit">{t("billing.cashier.find")}</button>
      </form>
      {error && <ErrorState error={error} />}
      {notice}
      {done && (
        <p role="status">
          {t("billing.cashier.recorded", { amount: formatMoney(done.amountTyiyn, locale) })}{" "}
          <a href={`/api/billing/payments/${done.id}/receipt?format=a4`} target="_blank" rel="noreferrer">
            {t("billing.receipt.a4")}
          </a>{" "}
          <a href={`/api/billing/payments/${done.id}/receipt?format=80mm`} target="_blank" rel="noreferrer">
            {t("billing.receipt.narrow")}
          </a>
        </p>
      )}
      {hits && hits.length === 0 && <EmptyState />}
      {hits && hits.length > 1 && !payer && (
        <ul>
          {hits.map((h) => (
            <li key={h.id}>
              <button type="button" className="link" onClick={() => setPayer(h)}>
                № {h.number} {h.displayName} — {formatMoney(h.balanceTyiyn, locale)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {payer && (
        <form onSubmit={pay} aria-label={t("billing.cashier.pay")}>
          <p>
            <strong>
              № {payer.number} {payer.displayName}
            </strong>{" "}
            {t("billing.cashier.owes")}: {formatMoney(payer.balanceTyiyn, locale)}{" "}
            <button type="button" className="link" onClick={() => void showStatement(payer.id)}>
              {t("billing.doc.statement")}
            </button>
          </p>
          {statement && (
            <div className="table-wrap">
              <table aria-label={t("billing.doc.statement")}>
                <thead>
                  <tr>
                    <th>{t("billing.receipt.date")}</th>
                    <th>{t("billing.tariff.kind")}</th>
                    <th>{t("billing.doc.total")}</th>
                    <th>{t("billing.doc.balance")}</th>
                  </tr>
                </thead>
                <tbody>
                  {statement.lines.map((l) => (
                    <tr key={`${l.kind}-${l.id}`}>
                      <td>{formatDate(l.on, locale)}</td>
                      <td>
                        {t(`billing.doc.kinds.${l.kind}`)} {l.ref} {l.reason ?? ""}
                      </td>
                      <td>{formatMoney(l.amountTyiyn, locale)}</td>
                      <td>{formatMoney(l.balanceTyiyn, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ul>
            {payer.openInvoices.map((i) => (
              <li key={i.id}>
                {t("billing.doc.kinds.invoice")} {i.number}, {t("billing.doc.dueOn")}{" "}
                {formatDate(i.dueOn, locale)}: {formatMoney(i.outstandingTyiyn, locale)}
              </li>
            ))}
          </ul>
          <Field label={t("billing.cashier.method")}>
            <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              {(["cash", "bank", "in-kind"] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`billing.method.${m}`)}
                </option>
              ))}
            </select>
          </Field>
          {method === "in-kind" ? (
            <InKindFields />
          ) : (
            <Field label={t("billing.cashier.amount")} error={amountError ?? payment.fields.amountTyiyn}>
              <input name="amount" inputMode="decimal" required />
            </Field>
          )}
          {method === "bank" && (
            <Field label={t("billing.cashier.reference")}>
              <input name="reference" required />
            </Field>
          )}
          {payment.message}
          <FormActions saving={payment.busy} saveLabel={t("billing.cashier.pay")} />
        </form>
      )}
      <h2>{t("billing.cashier.recent")}</h2>
      {reversal.message}
      <Loaded state={recent}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("billing.receipt.date")}</th>
                    <th>{t("billing.receipt.payer")}</th>
                    <th>{t("billing.receipt.method")}</th>
                    <th>{t("billing.receipt.amount")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.id}>
                      <td>{formatDate(p.receivedOn, locale)}</td>
                      <td>
                        № {p.userNumber} {p.userName}
                      </td>
                      <td>{t(`billing.method.${p.method}`)}</td>
                      <td>{formatMoney(p.amountTyiyn, locale)}</td>
                      <td>
                        {p.reversedAt ? (
                          `${t("billing.receipt.reversed")}: ${p.reversalReason ?? ""}`
                        ) : (
                          <>
                            <a
                              href={`/api/billing/payments/${p.id}/receipt?format=80mm`}
                              target="_blank"
                              rel="noreferrer"
                            >
                              {t("billing.receipt.narrow")}
                            </a>{" "}
                            {can("billing.write") && (
                              <button
                                type="button"
                                className="link"
                                disabled={reversal.busy}
                                onClick={() => reverse(p)}
                              >
                                {t("billing.cashier.reverse")}
                              </button>
                            )}
                          </>
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
    </section>
  );
}

/**
 * What an in-kind payment brings: one of the produce the council has valued (the billing
 * settings' rates), as the server counts it in som by that rate, and its weight.
 */
function InKindFields() {
  const { t } = useTranslation();
  const settings = useLoad(() => api<BillingSettings>("GET", "/api/billing/settings"), "");
  return (
    <Loaded state={settings}>
      {({ inKindRates }) => {
        const produce = [...new Set(inKindRates.map((r) => r.commodity))];
        if (produce.length === 0)
          return (
            <p className="state" role="note">
              {t("billing.cashier.noRates")}{" "}
              <Link to="/billing/settings">{t("billing.cashier.toSettings")}</Link>
            </p>
          );
        return (
          <>
            <Field label={t("billing.cashier.commodity")}>
              <select name="commodity" required>
                {produce.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </Field>
            <Field label={t("billing.cashier.quantityKg")}>
              <NumberInput name="quantityKg" min={0} step={0.001} required />
            </Field>
          </>
        );
      }}
    </Loaded>
  );
}
