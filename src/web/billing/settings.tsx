import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_CLASSES, ownTariffClasses } from "../../domain/billing/tariff.js";
import { parseSom } from "../../domain/shared/money.js";
import { api } from "../app/api.js";
import { formatDate, formatMoney } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
  Field,
  FormActions,
  Loaded,
  NumberInput,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import { tariffClassName } from "../water/api.js";
import type { BillingSettings, InKindRate, InstalmentPlan, PenaltyRule, Season } from "./api.js";
import { BillingTabs } from "./tabs.js";

type PenaltyKind = "none" | PenaltyRule["kind"];

/**
 * The WUA's billing rules: the late-payment penalty (with the decision), the payment term,
 * instalments per season (their shares and due days), the council's in-kind valuation rates and the
 * association's own tariff classes.
 */
export default function SettingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const settings = useLoad(() => api<BillingSettings>("GET", "/api/billing/settings"), "");
  const seasons = useLoad(() => api<Season[]>("GET", "/api/billing/seasons"), "");
  const { notice, saved, clear } = useSavedNotice();
  return (
    <section>
      <h1>{t("billing.nav.settings")}</h1>
      <BillingTabs />
      {notice}
      <Loaded state={settings}>
        {(data) => (
          <SettingsForm
            key={data.version}
            saved={data}
            seasons={seasons.data ?? []}
            editable={can("billing.write")}
            onSending={clear}
            onSaved={(said) => {
              saved(said);
              settings.reload();
            }}
          />
        )}
      </Loaded>
    </section>
  );
}

function SettingsForm({
  saved,
  seasons,
  editable,
  onSending,
  onSaved,
}: {
  saved: BillingSettings;
  seasons: Season[];
  editable: boolean;
  onSending: () => void;
  onSaved: (said?: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { send, message, busy } = useSubmit(onSaved);
  const [penaltyKind, setPenaltyKind] = useState<PenaltyKind>(saved.penaltyRule?.kind ?? "none");
  const [plans, setPlans] = useState<InstalmentPlan[]>(saved.instalments);
  const [rates, setRates] = useState<InKindRate[]>(saved.inKindRates);
  const [classes, setClasses] = useState<string[]>(saved.tariffClasses);
  const rule = saved.penaltyRule;

  const planOf = (seasonId: string) => plans.find((p) => p.seasonId === seasonId)?.parts ?? [];
  function setParts(seasonId: string, parts: InstalmentPlan["parts"]) {
    const others = plans.filter((p) => p.seasonId !== seasonId);
    setPlans(parts.length === 0 ? others : [...others, { seasonId, parts }]);
  }
  function setCount(season: Season, count: number) {
    const parts = planOf(season.id).slice(0, count);
    while (parts.length < count) parts.push({ percent: 0, dueOn: season.endsOn });
    // Even shares to start from, the last taking what rounding leaves (they must sum to 100).
    const share = Math.floor(10_000 / Math.max(count, 1)) / 100;
    setParts(
      season.id,
      parts.map((p, i) => ({
        ...p,
        percent: i === count - 1 ? Math.round((100 - share * (count - 1)) * 100) / 100 : share,
      })),
    );
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const num = (k: string) => Number(f.get(k));
    const penaltyRule: PenaltyRule | null =
      penaltyKind === "daily"
        ? {
            kind: "daily",
            basisPointsPerDay: Math.round(num("ratePercent") * 100),
            graceDays: num("graceDays"),
            capPercent: num("capPercent"),
          }
        : penaltyKind === "monthly"
          ? {
              kind: "monthly",
              percentPerMonth: num("ratePercent"),
              graceDays: num("graceDays"),
              capPercent: num("capPercent"),
            }
          : null;
    onSending();
    void send("PUT", "/api/billing/settings", {
      version: saved.version,
      penaltyRule,
      penaltyDecisionRef: String(f.get("penaltyDecisionRef") ?? "").trim() || null,
      dueDays: num("dueDays"),
      inKindRates: rates,
      instalments: plans,
      tariffClasses: classes,
    });
  }

  function addRate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    setRates([
      ...rates,
      {
        commodity: text("commodity"),
        rateTyiynPerKg: parseSom(text("rate")),
        decisionRef: text("decisionRef"),
        validFrom: text("validFrom"),
      },
    ]);
    form.reset();
  }

  function addClass(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setClasses(ownTariffClasses([...classes, String(new FormData(form).get("tariffClass") ?? "")]));
    form.reset();
  }

  return (
    <>
      {message}
      <form id="billing-settings" onSubmit={save} aria-label={t("billing.nav.settings")}>
        <fieldset disabled={!editable}>
          <h2>{t("billing.settings.penalty")}</h2>
          <Field label={t("billing.settings.penaltyKind")}>
            <select value={penaltyKind} onChange={(e) => setPenaltyKind(e.target.value as PenaltyKind)}>
              {(["none", "daily", "monthly"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`billing.settings.penaltyKinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          {penaltyKind !== "none" && (
            <>
              <Field
                label={t(
                  penaltyKind === "daily"
                    ? "billing.settings.percentPerDay"
                    : "billing.settings.percentPerMonth",
                )}
              >
                <NumberInput
                  name="ratePercent"
                  min={0}
                  required
                  defaultValue={
                    rule?.kind === "daily" && penaltyKind === "daily"
                      ? rule.basisPointsPerDay / 100
                      : rule?.kind === "monthly" && penaltyKind === "monthly"
                        ? rule.percentPerMonth
                        : null
                  }
                />
              </Field>
              <Field label={t("billing.settings.graceDays")}>
                <NumberInput name="graceDays" min={0} step={1} required defaultValue={rule?.graceDays ?? 0} />
              </Field>
              <Field label={t("billing.settings.capPercent")}>
                <NumberInput name="capPercent" min={0} max={1000} required defaultValue={rule?.capPercent} />
              </Field>
            </>
          )}
          <Field label={t("billing.discount.decision")}>
            <input name="penaltyDecisionRef" defaultValue={saved.penaltyDecisionRef ?? ""} />
          </Field>
          <Field label={t("billing.settings.dueDays")}>
            <NumberInput name="dueDays" min={0} max={365} step={1} required defaultValue={saved.dueDays} />
          </Field>

          <h2>{t("billing.settings.instalments")}</h2>
          {seasons.map((season) => {
            const parts = planOf(season.id);
            return (
              <fieldset key={season.id} className="card">
                <legend>{season.name}</legend>
                <Field label={t("billing.settings.instalmentCount", { season: season.name })}>
                  <select
                    name={`count-${season.id}`}
                    value={parts.length}
                    onChange={(e) => setCount(season, Number(e.target.value))}
                  >
                    {[0, 2, 3, 4, 5, 6].map((n) => (
                      <option key={n} value={n}>
                        {n === 0 ? t("billing.settings.noInstalments") : n}
                      </option>
                    ))}
                  </select>
                </Field>
                {parts.map((part, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a part is its place in the plan ("part 2")
                  <div key={`${season.id}-${i}`} className="filters">
                    <Field label={t("billing.settings.partPercent", { n: i + 1 })}>
                      <NumberInput
                        name={`percent-${season.id}-${i}`}
                        min={0}
                        max={100}
                        value={part.percent}
                        required
                        onNumberChange={(percent) =>
                          percent !== null &&
                          setParts(
                            season.id,
                            parts.map((p, k) => (k === i ? { ...p, percent } : p)),
                          )
                        }
                      />
                    </Field>
                    <Field label={t("billing.settings.partDue", { n: i + 1 })}>
                      <DayInput
                        name={`due-${season.id}-${i}`}
                        value={part.dueOn}
                        onDayChange={(dueOn) =>
                          setParts(
                            season.id,
                            parts.map((p, k) => (k === i ? { ...p, dueOn } : p)),
                          )
                        }
                      />
                    </Field>
                  </div>
                ))}
              </fieldset>
            );
          })}

          <h2>{t("billing.settings.inKind")}</h2>
          <div className="table-wrap">
            <table aria-label={t("billing.settings.inKind")}>
              <thead>
                <tr>
                  <th>{t("billing.cashier.commodity")}</th>
                  <th>{t("billing.settings.ratePerKg")}</th>
                  <th>{t("billing.discount.decision")}</th>
                  <th>{t("billing.tariff.validFrom")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rates.map((r, i) => (
                  <tr key={`${r.commodity}:${r.validFrom}:${r.decisionRef}`}>
                    <td>{r.commodity}</td>
                    <td>{formatMoney(r.rateTyiynPerKg, locale)}</td>
                    <td>{r.decisionRef}</td>
                    <td>{formatDate(r.validFrom, locale)}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setRates(rates.filter((_, k) => k !== i))}
                      >
                        {t("billing.settings.remove")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {/* The membership classes every contract takes by default, then the association's own. */}
          <h2>{t("billing.settings.tariffClasses")}</h2>
          <ul className="tariff-classes" aria-label={t("billing.settings.tariffClasses")}>
            {MEMBERSHIP_CLASSES.map((c) => (
              <li key={c}>
                {tariffClassName(t, c)} <span className="muted">{t("billing.settings.byMembership")}</span>
              </li>
            ))}
            {classes.map((c) => (
              <li key={c}>
                {c}{" "}
                <button
                  type="button"
                  className="link"
                  onClick={() => setClasses(classes.filter((k) => k !== c))}
                >
                  {t("billing.settings.remove")}
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      </form>
      {editable && (
        <form onSubmit={addClass} aria-label={t("billing.settings.addClass")} className="filters">
          <Field label={t("billing.tariff.newClassName")}>
            <input name="tariffClass" required maxLength={60} />
          </Field>
          <button type="submit">{t("billing.settings.addClass")}</button>
        </form>
      )}
      {editable && (
        <form onSubmit={addRate} aria-label={t("billing.settings.addRate")} className="filters">
          <Field label={t("billing.cashier.commodity")}>
            <input name="commodity" required />
          </Field>
          <Field label={t("billing.settings.ratePerKg")}>
            <input name="rate" inputMode="decimal" required />
          </Field>
          <Field label={t("billing.discount.decision")}>
            <input name="decisionRef" required />
          </Field>
          <Field label={t("billing.tariff.validFrom")}>
            <DayInput name="validFrom" required />
          </Field>
          <button type="submit">{t("billing.settings.addRate")}</button>
        </form>
      )}
      {editable && (
        <FormActions saving={busy} form="billing-settings" saveLabel={t("billing.settings.save")} />
      )}
    </>
  );
}
