import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_CLASSES } from "../../domain/billing/tariff.js";
import { pickName } from "../../domain/places/units.js";
import { CROPS, cropName } from "../../domain/planning/crops.js";
import { parseSom } from "../../domain/shared/money.js";
import { api } from "../app/api.js";
import { formatDate, formatMoney } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
  EmptyState,
  Field,
  FormActions,
  Loaded,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import { tariffClassName } from "../water/api.js";
import type { BillingSettings, Tariff } from "./api.js";
import { BillingTabs } from "./tabs.js";

const KINDS = ["area", "volume", "membership"] as const;
const PAYERS = ["all", "members", "non-members"] as const;
/** The class choice that opens a field for a class of the association's own. */
const NEW_CLASS = "\u0000new";

/** Tariffs as dated data with the decision that set them (exemptions and discounts: discounts.tsx). */
export default function TariffsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("area");
  const [classChoice, setClassChoice] = useState("");
  const tariffs = useLoad(() => api<Tariff[]>("GET", "/api/billing/tariffs"), "");
  const settings = useLoad(() => api<BillingSettings>("GET", "/api/billing/settings"), "");
  const { notice, saved, clear } = useSavedNotice();
  const { send, fields, message, busy } = useSubmit((said) => {
    saved(said);
    tariffs.reload();
  });

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    const tariffClass = classChoice === NEW_CLASS ? text("tariffClass") : classChoice;
    clear();
    const added = await send("POST", "/api/billing/tariffs", {
      kind,
      ...(kind === "area" && tariffClass ? { tariffClass } : {}),
      ...(kind === "area" && text("crop") ? { crop: text("crop") } : {}),
      payers: text("payers"),
      validFrom: text("validFrom"),
      validTo: text("validTo"),
      rateTyiyn: parseSom(text("rate")),
      decisionBody: text("decisionBody"),
      decisionRef: text("decisionRef"),
      decidedOn: text("decidedOn"),
    });
    if (!added) return;
    form.reset();
    setClassChoice("");
  }

  return (
    <section>
      <h1>{t("billing.nav.tariffs")}</h1>
      <BillingTabs />
      <Loaded state={tariffs}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table aria-label={t("billing.nav.tariffs")}>
                <thead>
                  <tr>
                    <th>{t("billing.tariff.kind")}</th>
                    <th>{t("billing.tariff.tariffClass")}</th>
                    <th>{t("billing.tariff.crop")}</th>
                    <th>{t("billing.tariff.payers")}</th>
                    <th>{t("billing.tariff.validFrom")}</th>
                    <th>{t("billing.tariff.rate")}</th>
                    <th>{t("billing.tariff.decision")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((x) => (
                    <tr key={x.id}>
                      <td>{t(`billing.tariff.kinds.${x.kind}`)}</td>
                      <td>{x.tariffClass ? tariffClassName(t, x.tariffClass) : "—"}</td>
                      <td>{x.crop ? cropName(x.crop, locale) : "—"}</td>
                      <td>{t(`billing.tariff.payerKinds.${x.payers}`)}</td>
                      <td>
                        {formatDate(x.validFrom, locale)} – {formatDate(x.validTo, locale)}
                      </td>
                      <td>{formatMoney(x.rateTyiyn, locale)}</td>
                      <td>
                        {t(`billing.tariff.bodies.${x.decisionBody}`)} {x.decisionRef},{" "}
                        {formatDate(x.decidedOn, locale)}
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
        <form className="form" onSubmit={add} aria-label={t("billing.tariff.add")}>
          <h2>{t("billing.tariff.add")}</h2>
          {message}
          <div className="form-grid">
            <Field label={t("billing.tariff.kind")} error={fields.kind}>
              <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`billing.tariff.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            {kind === "area" && (
              <>
                {/* The classes by name: the membership classes contracts take by default, the
                  association's own (its settings) and those its tariffs already use, or a new one. */}
                <Field
                  label={t("billing.tariff.tariffClass")}
                  error={classChoice === NEW_CLASS ? undefined : fields.tariffClass}
                >
                  <select value={classChoice} onChange={(e) => setClassChoice(e.target.value)}>
                    <option value="">{t("billing.tariff.everyClass")}</option>
                    {[
                      ...new Set([
                        ...MEMBERSHIP_CLASSES,
                        ...(settings.data?.tariffClasses ?? []),
                        ...(tariffs.data ?? []).flatMap((x) => (x.tariffClass ? [x.tariffClass] : [])),
                      ]),
                    ].map((c) => (
                      <option key={c} value={c}>
                        {tariffClassName(t, c)}
                      </option>
                    ))}
                    <option value={NEW_CLASS}>{t("billing.tariff.newClass")}</option>
                  </select>
                </Field>
                {classChoice === NEW_CLASS && (
                  <Field label={t("billing.tariff.newClassName")} error={fields.tariffClass}>
                    <input name="tariffClass" required maxLength={60} />
                  </Field>
                )}
                <Field label={t("billing.tariff.crop")} error={fields.crop}>
                  <select name="crop" defaultValue="">
                    <option value="">—</option>
                    {CROPS.map((c) => (
                      <option key={c.code} value={c.code}>
                        {pickName(c.name, locale)}
                      </option>
                    ))}
                  </select>
                </Field>
              </>
            )}
            <Field label={t("billing.tariff.payers")} error={fields.payers}>
              <select name="payers" defaultValue="all">
                {PAYERS.map((p) => (
                  <option key={p} value={p}>
                    {t(`billing.tariff.payerKinds.${p}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("billing.tariff.validFrom")} error={fields.validFrom}>
              <DayInput name="validFrom" required />
            </Field>
            <Field label={t("billing.tariff.validTo")} error={fields.validTo}>
              <DayInput name="validTo" required />
            </Field>
            <Field label={t("billing.tariff.rate")} error={fields.rateTyiyn}>
              <input name="rate" inputMode="decimal" required />
            </Field>
            <Field label={t("billing.tariff.decision")} error={fields.decisionBody}>
              <select name="decisionBody" defaultValue="general-meeting">
                <option value="general-meeting">{t("billing.tariff.bodies.general-meeting")}</option>
                <option value="state">{t("billing.tariff.bodies.state")}</option>
              </select>
            </Field>
            <Field label={t("billing.tariff.decisionRef")} error={fields.decisionRef}>
              <input name="decisionRef" required />
            </Field>
            <Field label={t("billing.tariff.decidedOn")} error={fields.decidedOn}>
              <DayInput name="decidedOn" required />
            </Field>
          </div>
          <FormActions saving={busy} saveLabel={t("billing.tariff.add")} />
          {notice}
        </form>
      )}
    </section>
  );
}
