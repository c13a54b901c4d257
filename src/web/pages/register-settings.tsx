import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem, api } from "../app/api.js";
import { useSession } from "../app/session.js";
import { Field, Loaded, nameOf, problemText, useLoad } from "../app/ui.js";
import type { Criterion } from "../register/api.js";

interface Template {
  id: string;
  kind: string;
  texts: { ky: { title: string; body: string }; ru: { title: string; body: string } };
  version: number;
}

/** What an administrator configures: vulnerability criteria and the wording of certificates. */
export default function RegisterSettingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const criteria = useLoad(() => api<Criterion[]>("GET", "/api/registry/vulnerability-criteria"), "criteria");
  const templates = useLoad(() => api<Template[]>("GET", "/api/certificate-templates"), "templates");
  const editable = can("registry.configure");
  return (
    <section>
      <h1>{t("reg.settings.title")}</h1>
      <h2>{t("reg.flags")}</h2>
      <Loaded state={criteria}>
        {(list) => (
          <>
            <ul>
              {list.map((c) => (
                <li key={c.code}>
                  {nameOf(c.name)} <small className="muted">({c.code})</small>{" "}
                  <span className="badge">
                    {c.rule ? t("reg.settings.derived") : t("reg.settings.manual")}
                  </span>
                  {!c.active && <span className="badge">{t("reg.settings.inactive")}</span>}
                </li>
              ))}
            </ul>
            {editable && <CriterionForm onSaved={criteria.reload} />}
          </>
        )}
      </Loaded>
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
    </section>
  );
}

function CriterionForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(null);
    try {
      const code = String(f.get("code"));
      await api("PUT", `/api/registry/vulnerability-criteria/${code}`, {
        name: { ky: f.get("nameKy"), ...(f.get("nameRu") ? { ru: f.get("nameRu") } : {}) },
        rule: null,
        active: true,
      });
      form.reset();
      onSaved();
    } catch (err) {
      if (err instanceof ApiProblem) setError(problemText(err, t));
    }
  }
  return (
    <form className="card form" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("reg.settings.code")}>
          <input name="code" pattern="[a-z0-9-]{2,60}" required />
        </Field>
        <Field label={t("profile.nameKy")}>
          <input name="nameKy" required />
        </Field>
        <Field label={t("profile.nameRu")}>
          <input name="nameRu" />
        </Field>
      </div>
      {error && (
        <p className="state-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {t("reg.settings.addCriterion")}
        </button>
      </div>
    </form>
  );
}

function TemplateForm({ template, editable }: { template: Template; editable: boolean }) {
  const { t } = useTranslation();
  const [texts, setTexts] = useState(template.texts);
  const [version, setVersion] = useState(template.version);
  const [message, setMessage] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const saved = await api<Template>("PUT", `/api/certificate-templates/${template.kind}`, {
        version,
        texts,
      });
      setVersion(saved.version);
      setMessage(t("common.saved"));
    } catch (err) {
      if (err instanceof ApiProblem) setMessage(problemText(err, t));
    }
  }
  const set = (lang: "ky" | "ru", key: "title" | "body", value: string) =>
    setTexts({ ...texts, [lang]: { ...texts[lang], [key]: value } });
  return (
    <form className="card form" onSubmit={submit}>
      <h3>{t(`reg.certificate.${template.kind}`)}</h3>
      <fieldset disabled={!editable} className="plain">
        {(["ky", "ru"] as const).map((lang) => (
          <div key={lang} className="form-grid">
            <Field label={`${t("reg.settings.docTitle")} (${lang})`}>
              <input
                name={`${lang}.title`}
                value={texts[lang].title}
                onChange={(e) => set(lang, "title", e.target.value)}
              />
            </Field>
            <Field label={`${t("reg.settings.body")} (${lang})`}>
              <textarea
                name={`${lang}.body`}
                rows={4}
                value={texts[lang].body}
                onChange={(e) => set(lang, "body", e.target.value)}
              />
            </Field>
          </div>
        ))}
      </fieldset>
      {message && <p role="status">{message}</p>}
      {editable && (
        <div className="actions">
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        </div>
      )}
    </form>
  );
}
