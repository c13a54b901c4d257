import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ApiProblem, api } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorState, Loaded, nameOf, useLoad } from "../app/ui.js";
import { CERTIFICATE_KINDS, type Certificate, type Page } from "../register/api.js";

/** The register of issued certificates, with their PDFs and revocation. */
export default function CertificatesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams(
    [...params.entries()].filter(([k, v]) => ["kind", "status", "q", "year"].includes(k) && v),
  );
  const list = useLoad(() => api<Page<Certificate>>("GET", `/api/certificates?${query}`), query.toString());
  const [error, setError] = useState<ApiProblem | null>(null);
  function filter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setParams(new URLSearchParams([...f.entries()].filter(([, v]) => v) as [string, string][]));
  }
  async function revoke(c: Certificate) {
    const reason = window.prompt(t("reg.revokeReason"));
    if (!reason) return;
    try {
      await api("POST", `/api/certificates/${c.id}/revoke`, { reason });
      list.reload();
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }
  return (
    <section>
      <h1>{t("reg.certificates")}</h1>
      <form className="filters" onSubmit={filter}>
        <label className="field">
          <span className="field-label">{t("reg.certificateKind")}</span>
          <select name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">{t("reg.all")}</option>
            {CERTIFICATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`reg.certificate.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("reg.status")}</span>
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("reg.all")}</option>
            <option value="valid">{t("reg.valid")}</option>
            <option value="revoked">{t("reg.revoked")}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("reg.name")}</span>
          <input name="q" defaultValue={params.get("q") ?? ""} />
        </label>
        <button type="submit">{t("common.apply")}</button>
      </form>
      {error && <ErrorState error={error} />}
      <Loaded state={list}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>№</th>
                    <th>{t("reg.issuedOn")}</th>
                    <th>{t("reg.certificateKind")}</th>
                    <th>{t("reg.name")}</th>
                    <th>{t("reg.purpose")}</th>
                    <th>{t("reg.status")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        {c.year}-{String(c.number).padStart(5, "0")}
                        {c.takenOverFrom && (
                          <small className="muted">
                            {" "}
                            ({t("reg.issuedBy", { municipality: nameOf(c.takenOverFrom) })})
                          </small>
                        )}
                      </td>
                      <td>{formatDate(c.issuedOn, currentLocale())}</td>
                      <td>{t(`reg.certificate.${c.kind}`)}</td>
                      <td>{c.holderName}</td>
                      <td>{c.purpose}</td>
                      <td>
                        {c.status === "valid"
                          ? t("reg.valid")
                          : `${t("reg.revoked")}: ${c.revokedReason ?? ""}`}
                      </td>
                      <td>
                        <a href={`/api/certificates/${c.id}/pdf`} target="_blank" rel="noreferrer">
                          {t("reg.openPdf")}
                        </a>{" "}
                        {c.status === "valid" && can("certificates.issue") && (
                          <button type="button" className="link" onClick={() => void revoke(c)}>
                            {t("reg.revoke")}
                          </button>
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
