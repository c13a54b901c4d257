import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { certificateNumber } from "../../domain/registry/certificate-number.js";
import { api } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { Loaded, useLoad } from "../app/ui.js";
import type { Certificate, Page } from "../register/api.js";

/** At most this many on the card, newest first; the register of certificates has them all. */
const SHOWN = 100;

/**
 * The certificates issued for a household by the card's day (`until`: a past day's view lists none
 * issued after it), on its card: number, day, kind, state and the PDF. `changes` counts the card's
 * writes, so one issued from the card appears at once.
 */
export function HouseholdCertificates({
  householdId,
  until,
  changes,
}: {
  householdId: string;
  until: string;
  changes: number;
}) {
  const { t } = useTranslation();
  const list = useLoad(
    () => api<Page<Certificate>>("GET", `/api/certificates?householdId=${householdId}&pageSize=${SHOWN}`),
    `${householdId}:${changes}`,
  );
  const issuedBy = (page: Page<Certificate>) => page.items.filter((c) => c.issuedOn <= until);
  // A card on paper leaves out a household's certificates when it has none: the clerk's screen says
  // so, the paper would spend a line (and often a second page) on it.
  const none = list.data !== null && issuedBy(list.data).length === 0;
  return (
    <>
      <h2 className={none ? "no-print" : undefined}>{t("reg.certificatesIssued")}</h2>
      <Loaded state={list}>
        {(page) => {
          const issued = issuedBy(page);
          return issued.length === 0 ? (
            <p className="muted no-print">{t("common.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="household-certificates">
                <thead>
                  <tr>
                    <th>№</th>
                    <th>{t("reg.issuedOn")}</th>
                    <th>{t("reg.certificateKind")}</th>
                    <th>{t("reg.name")}</th>
                    <th>{t("reg.status")}</th>
                    <th className="no-print" />
                  </tr>
                </thead>
                <tbody>
                  {issued.map((c) => (
                    <tr key={c.id}>
                      <td className="certificate-number">{certificateNumber(c)}</td>
                      <td>{formatDate(c.issuedOn, currentLocale())}</td>
                      <td>{t(`reg.certificate.${c.kind}`)}</td>
                      <td>{c.holderName}</td>
                      <td>{certificateState(c, t)}</td>
                      <td className="no-print">
                        <PdfLink certificate={c} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="no-print">
                <Link
                  to={`/certificates?householdId=${householdId}&year=all`}
                  className="household-certificates-all"
                >
                  {t("reg.certificatesInRegister")}
                </Link>
              </p>
            </div>
          );
        }}
      </Loaded>
    </>
  );
}

/** Valid, or revoked on a day by someone, with the reason: as the register of certificates and the card say it. */
export const certificateState = (c: Certificate, t: TFunction) =>
  c.status === "valid" || !c.revokedAt
    ? t("reg.valid")
    : t("reg.revokedState", {
        day: formatDate(c.revokedAt, currentLocale()),
        by: c.revokedByName ?? "—",
        reason: c.revokedReason ?? "",
      });

export function PdfLink({ certificate }: { certificate: Certificate }) {
  const { t } = useTranslation();
  return (
    <a href={`/api/certificates/${certificate.id}/pdf`} target="_blank" rel="noreferrer">
      {t("reg.openPdf")}
    </a>
  );
}
