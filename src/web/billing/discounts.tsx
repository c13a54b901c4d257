import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { parseSom } from "../../domain/shared/money.js";
import { decimalsOf } from "../../domain/shared/number-format.js";
import { ApiProblem, api } from "../app/api.js";
import { formatDate, formatMoney, formatPercent } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
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
import type { CashierHit, Discount } from "./api.js";
import { BillingTabs } from "./tabs.js";

/**
 * Exemptions and discounts: who, how much, why and by which decision; one granted for
 * vulnerability shows the register's flag it relies on. Ending one lets the next run correct.
 */
export default function DiscountsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const [error, setError] = useState<ApiProblem | null>(null);
  const [hits, setHits] = useState<CashierHit[] | null>(null);
  const [basis, setBasis] = useState<"percent" | "fixed">("percent");
  const list = useLoad(() => api<Discount[]>("GET", "/api/billing/discounts"), "");

  const { notice, saved, clear } = useSavedNotice();
  const change = useSubmit((said) => {
    saved(said);
    list.reload();
  });

  async function find(q: string) {
    if (!q.trim()) return;
    setError(null);
    try {
      setHits(await api<CashierHit[]>("GET", `/api/billing/cashier?q=${encodeURIComponent(q.trim())}`));
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }

  async function grant(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    clear();
    const granted = await change.send("POST", "/api/billing/discounts", {
      waterUserId: text("waterUserId"),
      basis,
      ...(basis === "percent" ? { percent: Number(text("percent")) } : {}),
      ...(basis === "fixed" ? { amountTyiyn: parseSom(text("amount")) } : {}),
      reason: text("reason"),
      decisionRef: text("decisionRef"),
      vulnerable: f.get("vulnerable") === "on",
      validFrom: text("validFrom"),
      validTo: text("validTo"),
    });
    if (granted) {
      form.reset();
      setHits(null);
    }
  }

  function end(d: Discount) {
    if (!window.confirm(t("billing.discount.confirmEnd", { name: d.userName }))) return;
    clear();
    void change.send("POST", `/api/billing/discounts/${d.id}/end`, { version: d.version });
  }

  const registerText = (r: NonNullable<Discount["register"]>) =>
    !r.linked
      ? t("billing.discount.notLinked")
      : r.flags.length === 0
        ? t("billing.discount.noFlag", { date: formatDate(r.on, locale) })
        : t("billing.discount.flagged", { flags: r.flags.join(", "), date: formatDate(r.on, locale) });

  return (
    <section>
      <h1>{t("billing.nav.discounts")}</h1>
      <BillingTabs />
      {error && <ErrorState error={error} />}
      {change.message}
      {notice}
      <Loaded state={list}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table aria-label={t("billing.nav.discounts")}>
                <thead>
                  <tr>
                    <th>{t("billing.user.name")}</th>
                    <th>{t("billing.discount.size")}</th>
                    <th>{t("billing.tariff.reason")}</th>
                    <th>{t("billing.tariff.decisionRef")}</th>
                    <th>{t("billing.discount.period")}</th>
                    <th>{t("billing.discount.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link to={`/billing/statement/${d.waterUserId}`}>
                          № {d.userNumber} {d.userName}
                        </Link>
                      </td>
                      <td>
                        {d.basis === "percent"
                          ? formatPercent(d.percent ?? 0, locale, decimalsOf(d.percent ?? 0, 2))
                          : formatMoney(d.amountTyiyn ?? 0, locale)}
                      </td>
                      <td>
                        {d.reason}
                        {d.register && (
                          <>
                            <br />
                            <span className={d.register.flags.length > 0 ? "badge" : "muted"}>
                              {registerText(d.register)}
                            </span>
                          </>
                        )}
                      </td>
                      <td>{d.decisionRef}</td>
                      <td>
                        {formatDate(d.validFrom, locale)} – {formatDate(d.validTo, locale)}
                      </td>
                      <td>
                        {d.endedAt ? (
                          t("billing.discount.endedOn", { date: formatDate(d.endedAt, locale) })
                        ) : can("billing.write") ? (
                          <button
                            type="button"
                            className="link"
                            disabled={change.busy}
                            onClick={() => end(d)}
                          >
                            {t("billing.discount.end")}
                          </button>
                        ) : (
                          t("billing.discount.active")
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
      {can("billing.write") && (
        <form className="form" onSubmit={grant} aria-label={t("billing.discount.grant")}>
          <h2>{t("billing.discount.grant")}</h2>
          <div className="filters">
            <Field label={t("billing.cashier.search")}>
              <input
                name="q"
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    void find(e.currentTarget.value);
                  }
                }}
              />
            </Field>
            <button
              type="button"
              onClick={(e) =>
                void find(
                  (e.currentTarget.form?.elements.namedItem("q") as HTMLInputElement | null)?.value ?? "",
                )
              }
            >
              {t("billing.cashier.find")}
            </button>
          </div>
          <div className="form-grid">
            {hits && (
              <Field label={t("billing.user.name")}>
                <select name="waterUserId" required>
                  {hits.map((h) => (
                    <option key={h.id} value={h.id}>
                      № {h.number} {h.displayName}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            <Field label={t("billing.discount.basis")}>
              <select value={basis} onChange={(e) => setBasis(e.target.value as typeof basis)}>
                <option value="percent">{t("billing.discount.bases.percent")}</option>
                <option value="fixed">{t("billing.discount.bases.fixed")}</option>
              </select>
            </Field>
            {basis === "percent" ? (
              <Field label={t("billing.discount.percent")}>
                <NumberInput name="percent" min={0} max={100} required />
              </Field>
            ) : (
              <Field label={t("billing.discount.amount")}>
                <input name="amount" inputMode="decimal" required />
              </Field>
            )}
            <Field label={t("billing.tariff.reason")}>
              <input name="reason" required />
            </Field>
            <Field label={t("billing.discount.decision")}>
              <input name="decisionRef" required />
            </Field>
            <label className="check">
              <input type="checkbox" name="vulnerable" /> {t("billing.discount.vulnerable")}
            </label>
            <Field label={t("billing.tariff.validFrom")}>
              <DayInput name="validFrom" required />
            </Field>
            <Field label={t("billing.tariff.validTo")}>
              <DayInput name="validTo" required />
            </Field>
          </div>
          <FormActions
            saving={change.busy}
            nothingToSave={!hits || hits.length === 0}
            saveLabel={t("billing.discount.grant")}
          />
        </form>
      )}
    </section>
  );
}
