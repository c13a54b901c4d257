import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../app/api.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { LanguageSwitcher, problemText } from "../app/ui.js";

export default function LoginPage() {
  const { t } = useTranslation();
  const { login, setLocale } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(err instanceof ApiProblem ? problemText(err, t) : t("common.error"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit}>
        <div className="login-head">
          <h1>{t("app.name")}</h1>
          <LanguageSwitcher value={currentLocale()} onChange={(l) => void setLocale(l)} />
        </div>
        <p className="muted">{t("app.tagline")}</p>
        <h2>{t("login.title")}</h2>
        <label className="field">
          <span className="field-label">{t("login.username")}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t("login.password")}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="state-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
    </main>
  );
}
