import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { changeLocale, chosenLocale, currentLocale, showLocale } from "../app/i18n.js";
import { LanguageSwitcher, Loaded, nameOf, useLoad } from "../app/ui.js";

interface Verification {
  status: "valid" | "revoked" | "unknown";
  number?: string;
  issuedOn?: string;
  kind?: string;
  language?: "ky" | "ru";
  holderInitials?: string;
  issuer?: Record<string, string>;
  revokedOn?: string | null;
}

/** Where a certificate's QR code leads: anyone can check a paper against the register, no log-in. */
export default function VerifyPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const state = useLoad(() => api<Verification>("GET", `/api/public/certificates/${code}`), code ?? "");
  // Whoever checks a Russian paper (a bank, a court) reads the page in Russian, unless this browser
  // has chosen a language; the switcher stays for anyone else.
  const paperLanguage = state.data?.language;
  useEffect(() => {
    if (paperLanguage && chosenLocale() === null && paperLanguage !== currentLocale())
      void showLocale(paperLanguage);
  }, [paperLanguage]);
  return (
    <main className="verify">
      <LanguageSwitcher value={currentLocale()} onChange={(l) => void changeLocale(l)} />
      <h1>{t("reg.verify.title")}</h1>
      <Loaded state={state}>
        {(v) => (
          <div className={`card verify-${v.status}`}>
            <p className="verify-status" role="status">
              {t(`reg.verify.${v.status}`)}
            </p>
            {v.status !== "unknown" && (
              <dl>
                <dt>№</dt>
                <dd className="verify-number">{v.number}</dd>
                <dt>{t("reg.issuedOn")}</dt>
                <dd>{v.issuedOn ? formatDate(v.issuedOn, currentLocale()) : ""}</dd>
                <dt>{t("reg.certificateKind")}</dt>
                <dd>{t(`reg.certificate.${v.kind}`)}</dd>
                <dt>{t("reg.verify.holder")}</dt>
                <dd>{v.holderInitials}</dd>
                <dt>{t("reg.verify.issuer")}</dt>
                <dd>{v.issuer ? nameOf(v.issuer) : ""}</dd>
                {v.revokedOn && (
                  <>
                    <dt>{t("reg.revoked")}</dt>
                    <dd>{formatDate(v.revokedOn, currentLocale())}</dd>
                  </>
                )}
              </dl>
            )}
          </div>
        )}
      </Loaded>
    </main>
  );
}
