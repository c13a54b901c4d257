import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type CertificatePlaceholder,
  fillTemplate,
  parseTemplate,
  TEMPLATE_LANGUAGES,
  templateIssues,
} from "../../domain/registry/certificate-template.js";
import type { Sex } from "../../domain/registry/pin.js";
import { api } from "../app/api.js";
import { formatDate, todayIso } from "../app/format.js";
import { useCatalog } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  Field,
  FormActions,
  Loaded,
  NumberInput,
  nameOf,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import type { CertificateTemplate, Criterion } from "../register/api.js";

type Template = CertificateTemplate;

/** What an administrator configures: vulnerability criteria and the wording of certificates. */
export default function RegisterSettingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const criteria = useLoad(() => api<Criterion[]>("GET", "/api/registry/vulnerability-criteria"), "criteria");
  const readsTemplates = can("certificates.read");
  const templates = useLoad(
    () => (readsTemplates ? api<Template[]>("GET", "/api/certificate-templates") : Promise.resolve([])),
    `templates-${readsTemplates}`,
  );
  const editable = can("registry.configure");
  const [editing, setEditing] = useState<string | null>(null);
  const { notice, saved, clear } = useSavedNotice();
  const criterionSaved = (said?: string) => {
    saved(said);
    criteria.reload();
  };
  return (
    <section>
      <h1>{t("reg.settings.title")}</h1>
      <h2>{t("reg.flags")}</h2>
      <Loaded state={criteria}>
        {(list) => (
          <>
            <table className="criteria">
              <tbody>
                {list.map((c) =>
                  editing === c.code ? (
                    <tr key={c.code}>
                      <td colSpan={4}>
                        <CriterionForm
                          criterion={c}
                          taken={[]}
                          onDone={(said) => {
                            setEditing(null);
                            criterionSaved(said);
                          }}
                          onCancel={() => setEditing(null)}
                        />
                      </td>
                    </tr>
                  ) : (
                    <tr key={c.code}>
                      <td>
                        {nameOf(c.name)} <small className="muted">({c.code})</small>
                      </td>
                      <td>{ruleText(t, c.rule)}</td>
                      <td>{!c.active && <span className="badge">{t("reg.settings.inactive")}</span>}</td>
                      <td>
                        {editable && (
                          <button
                            type="button"
                            onClick={() => {
                              clear();
                              setEditing(c.code);
                            }}
                          >
                            {t("common.edit")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
            {notice}
            {editable && editing === null && (
              <CriterionForm taken={list.map((c) => c.code)} onDone={criterionSaved} />
            )}
          </>
        )}
      </Loaded>
      {readsTemplates && (
        <>
          <h2>{t("reg.settings.templates")}</h2>
          <p className="muted">{t("reg.settings.placeholders")}</p>
          <Loaded state={templates}>
            {(list) => (
              <>
                {list.map((tpl) => (
                  <TemplateForm key={tpl.kind} template={tpl} editable={can("certificates.templates")} />
                ))}
              </>
            )}
          </Loaded>
        </>
      )}
    </section>
  );
}

/** The rules a criterion may be derived by (domain/registry/vulnerability.ts), or none: set by hand. */
const RULE_KINDS = [
  "female-head",
  "member-with-disability",
  "elderly-alone",
  "children-at-least",
  "member-abroad",
] as const;
type RuleKind = (typeof RULE_KINDS)[number];
interface Rule {
  kind: RuleKind;
  minAgeYears?: number;
  count?: number;
  underAgeYears?: number;
}

function ruleText(t: (key: string, params?: Record<string, unknown>) => string, rule: unknown): string {
  const r = rule as Rule | null;
  return r ? t(`reg.settings.rules.${r.kind}`, { ...r }) : t("reg.settings.manual");
}

/** A new criterion, or the names, rule and use of an existing one (its code stays). */
/** A criterion's name in every language: Kyrgyz and Russian required, the others where known. */
const CRITERION_NAME_FIELDS = [
  { lang: "ky", field: "nameKy", required: true },
  { lang: "ru", field: "nameRu", required: true },
  { lang: "uz", field: "nameUz", required: false },
  { lang: "tg", field: "nameTg", required: false },
  { lang: "en", field: "nameEn", required: false },
] as const;

function CriterionForm({
  criterion,
  taken,
  onDone,
  onCancel,
}: {
  criterion?: Criterion;
  taken: string[];
  onDone: (said?: string) => void;
  /** Where an existing criterion is edited: closes the form unsaved. */
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const initial = (criterion?.rule as Rule | null) ?? null;
  const [kind, setKind] = useState<RuleKind | "">(initial?.kind ?? "");
  const [codeTaken, setTaken] = useState<string | null>(null);
  const { send, fields, message, busy } = useSubmit(onDone);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setTaken(null);
    const code = criterion?.code ?? String(f.get("code"));
    // PUT on an existing code would replace that criterion: a new one needs a code of its own.
    if (taken.includes(code)) {
      setTaken(t("reg.settings.codeTaken", { code }));
      return;
    }
    const number = (name: string) => Number(f.get(name));
    const rule =
      kind === ""
        ? null
        : kind === "elderly-alone"
          ? { kind, minAgeYears: number("minAgeYears") }
          : kind === "children-at-least"
            ? { kind, count: number("count"), underAgeYears: number("underAgeYears") }
            : { kind };
    const saved = await send("PUT", `/api/registry/vulnerability-criteria/${code}`, {
      // Each language's name as typed; one left empty is left out, and the page falls back.
      name: Object.fromEntries(
        CRITERION_NAME_FIELDS.flatMap(({ lang, field }) => {
          const text = String(f.get(field) ?? "").trim();
          return text ? [[lang, text]] : [];
        }),
      ),
      rule,
      active: criterion ? f.get("active") === "on" : true,
    });
    if (saved) form.reset();
  }
  return (
    <form className="card form criterion" onSubmit={submit}>
      <div className="form-grid">
        {!criterion && (
          <Field label={t("reg.settings.code")}>
            <input name="code" pattern="[a-z0-9\-]{2,60}" required />
          </Field>
        )}
        {CRITERION_NAME_FIELDS.map(({ lang, field, required }) => (
          <Field key={lang} label={t(`profile.${field}`)} error={fields[`name.${lang}`]}>
            <input name={field} lang={lang} defaultValue={criterion?.name[lang] ?? ""} required={required} />
          </Field>
        ))}
        <Field label={t("reg.settings.rule")}>
          <select name="rule" value={kind} onChange={(e) => setKind(e.target.value as RuleKind | "")}>
            <option value="">{t("reg.settings.manual")}</option>
            {RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`reg.settings.ruleKinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === "elderly-alone" && (
          <Field label={t("reg.settings.minAgeYears")}>
            <NumberInput
              name="minAgeYears"
              min={40}
              max={120}
              step={1}
              defaultValue={initial?.minAgeYears ?? 65}
            />
          </Field>
        )}
        {kind === "children-at-least" && (
          <>
            <Field label={t("reg.settings.count")}>
              <NumberInput name="count" min={1} max={30} step={1} defaultValue={initial?.count ?? 4} />
            </Field>
            <Field label={t("reg.settings.underAgeYears")}>
              <NumberInput
                name="underAgeYears"
                min={1}
                max={25}
                step={1}
                defaultValue={initial?.underAgeYears ?? 18}
              />
            </Field>
          </>
        )}
        {criterion && (
          <label className="check">
            <input name="active" type="checkbox" defaultChecked={criterion.active} />{" "}
            {t("reg.settings.active")}
          </label>
        )}
      </div>
      <p className="muted">{t("reg.settings.otherNames")}</p>
      <p className="muted">{t("reg.settings.appliesFromToday")}</p>
      {codeTaken && (
        <p className="state-error" role="alert">
          {codeTaken}
        </p>
      )}
      {message}
      <FormActions
        saving={busy}
        saveLabel={criterion ? undefined : t("reg.settings.addCriterion")}
        {...(onCancel ? { onCancel } : {})}
      />
    </form>
  );
}

function TemplateForm({ template, editable }: { template: Template; editable: boolean }) {
  const { t } = useTranslation();
  const [texts, setTexts] = useState(template.texts);
  const [saved, setSaved] = useState(template.texts);
  const [version, setVersion] = useState(template.version);
  const { notice, saved: said, clear } = useSavedNotice();
  // What the server holds now: this sending's answer, or a lost first sending's where it was saved.
  const hold = (answer: Template) => {
    setVersion(answer.version);
    setSaved(answer.texts);
    setTexts(answer.texts);
  };
  // The server names the field a mistake is in ("texts.ru.body"): shown beside it.
  const {
    send,
    fields: fieldErrors,
    message,
    busy,
    forget,
  } = useSubmit((instead, first) => {
    said(instead);
    if (first) hold(first as Template);
  });
  // Wording saved before it was checked (or under older rules) may break today's: its mistakes
  // show as soon as the page opens, and as the administrator types, by the same rules the server keeps.
  const mistakes = useMemo(
    () =>
      // A field's mistakes one a line, as the server's refusal shows them (ApiProblem.fieldErrors).
      templateIssues(texts).reduce<Record<string, string>>((byField, { lang, field, issue }) => {
        const { code, ...params } = issue;
        const path = `texts.${lang}.${field}`;
        const said = t(`errors.field.${code}`, params);
        byField[path] = byField[path] ? `${byField[path]}\n${said}` : said;
        return byField;
      }, {}),
    [texts, t],
  );
  const unprintable = [...new Set(templateIssues(saved).map((i) => i.lang))];
  async function submit(e: FormEvent) {
    e.preventDefault();
    clear();
    const answer = await send<Template>("PUT", `/api/certificate-templates/${template.kind}`, {
      version,
      texts,
    });
    if (answer) hold(answer);
  }
  // Corrected, the wording is no longer what was refused (or saved): neither message holds.
  const set = (lang: "ky" | "ru", key: "title" | "body", value: string) => {
    forget();
    clear();
    setTexts({ ...texts, [lang]: { ...texts[lang], [key]: value } });
  };
  const errorOf = (path: string) => fieldErrors[path] ?? mistakes[path];
  return (
    <form className="card form" onSubmit={submit}>
      <h3>{t(`reg.certificate.${template.kind}`)}</h3>
      {unprintable.length > 0 && (
        <p className="state-error template-broken" role="alert">
          {t("reg.settings.templateBroken", { langs: unprintable.join(", ") })}
        </p>
      )}
      <fieldset disabled={!editable} className="plain">
        {TEMPLATE_LANGUAGES.map((lang) => (
          <div key={lang} className="template-language">
            <Field label={`${t("reg.settings.docTitle")} (${lang})`} error={errorOf(`texts.${lang}.title`)}>
              <input
                name={`${lang}.title`}
                value={texts[lang].title}
                onChange={(e) => set(lang, "title", e.target.value)}
              />
            </Field>
            <Field label={`${t("reg.settings.body")} (${lang})`} error={errorOf(`texts.${lang}.body`)}>
              <textarea
                name={`${lang}.body`}
                rows={7}
                value={texts[lang].body}
                onChange={(e) => set(lang, "body", e.target.value)}
              />
            </Field>
            <TemplatePreview lang={lang} title={texts[lang].title} body={texts[lang].body} />
          </div>
        ))}
      </fieldset>
      {message}
      {notice}
      {editable && <FormActions saving={busy} />}
    </form>
  );
}

/**
 * The wording filled in for a made-up holder, in the wording's own language, as the paper will
 * read: the administrator sees a choice by sex and the placeholders' values in their sentence
 * before a citizen does. Shown only while the wording has no mistake (those are shown instead).
 */
function TemplatePreview({ lang, title, body }: { lang: "ky" | "ru"; title: string; body: string }) {
  const { t } = useTranslation();
  const [sex, setSex] = useState<Sex>("female");
  const wordsHere = useCatalog(lang);
  const [parsedTitle, parsedBody] = [parseTemplate(title), parseTemplate(body)];
  if (!wordsHere || !parsedTitle.ok || !parsedBody.ok) return null;
  const sample = (key: string) => t(`reg.settings.sample.${key}`, { lng: lang });
  const values: Record<CertificatePlaceholder, string> = {
    holderName: sample(`holderName.${sex}`),
    headName: sample("headName"),
    holderBirthDate: formatDate("1985-03-12", lang),
    address: sample("address"),
    purpose: sample("purpose"),
    householdNumber: "12",
    countedOn: formatDate(todayIso(), lang),
  };
  return (
    <section className="template-preview" aria-label={`${t("reg.settings.preview")} (${lang})`}>
      <div className="template-preview-head">
        <span className="field-label">{`${t("reg.settings.preview")} (${lang})`}</span>
        <label>
          {t("reg.settings.previewFor")}{" "}
          <select value={sex} onChange={(e) => setSex(e.target.value as Sex)}>
            <option value="female">{t("registry.sex.female")}</option>
            <option value="male">{t("registry.sex.male")}</option>
          </select>
        </label>
      </div>
      <p className="template-preview-title">{fillTemplate(parsedTitle.parts, values, sex)}</p>
      <p className="template-preview-body">{fillTemplate(parsedBody.parts, values, sex)}</p>
    </section>
  );
}
