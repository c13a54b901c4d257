import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { certificateNumber } from "../../domain/registry/certificate-number.js";
import { useAddressFormKey } from "../app/address-form.js";
import { api } from "../app/api.js";
import { formatDate, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { MatchCount, Pager, pageIn } from "../app/pager.js";
import { useSession } from "../app/session.js";
import { DayInput, EmptyState, Field, Loaded, nameOf, useLoad, useSubmit } from "../app/ui.js";
import { CERTIFICATE_KINDS, type Certificate, type Page } from "../register/api.js";
import { certificateState, PdfLink } from "./household-certificates.js";

const PAGE_SIZES = [25, 50, 100] as const;
/** How far back the year filter reaches; older ones are under "all years". */
const YEARS_OFFERED = 10;

/**
 * The register of issued certificates: by kind, status, name or number, year (this year unless the
 * URL says otherwise, "all" for every year) or days issued on (in place of the year), a page at a
 * time, counted; each row opens its household's
 * card and its PDF, and one who issues certificates revokes one in its row, giving the reason.
 * A household's card links here for all of its certificates (`householdId` in the URL, which the
 * other filters keep), said above the list with a way back to every household's.
 */
export default function CertificatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayIso().slice(0, 4));
  // Days asked for are looked for in every year: the form's range replaces its year.
  const ranged = Boolean(params.get("from") || params.get("to"));
  const year = params.get("year") ?? (ranged ? "all" : String(thisYear));
  const pageSize = Number(params.get("pageSize")) || PAGE_SIZES[0];
  const householdId = params.get("householdId");
  // A year named in the URL is one the clerk chose: this year is the default and is never named.
  const filtered = ["kind", "status", "q", "from", "to", "year"].some((k) => params.get(k));
  const query = new URLSearchParams(
    [...params.entries()].filter(
      ([k, v]) => ["kind", "status", "q", "from", "to", "householdId", "page"].includes(k) && v,
    ),
  );
  if (year !== "all") query.set("year", year);
  query.set("pageSize", String(pageSize));
  const list = useLoad(
    () => api<Page<Certificate> & { total: number }>("GET", `/api/certificates?${query}`),
    query.toString(),
  );
  // The form shows the search the results are for, also after the browser's Back.
  const formKey = useAddressFormKey(params.toString());
  // A range that ends before it starts is said beside its end, as the server would refuse it.
  const [rangeError, setRangeError] = useState<string>();
  function filter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = new URLSearchParams([...f.entries()].filter(([, v]) => v) as [string, string][]);
    const [from, to] = [next.get("from"), next.get("to")];
    const reversed = from && to && from > to;
    setRangeError(
      reversed
        ? t("errors.field.rangeReversed", {
            from: formatDate(from, currentLocale()),
            to: formatDate(to, currentLocale()),
          })
        : undefined,
    );
    if (reversed) return;
    // This year is the default: the URL names only another year, or "all"; a range replaces the year.
    if (from || to || next.get("year") === String(thisYear)) next.delete("year");
    if (params.get("pageSize")) next.set("pageSize", String(pageSize));
    setParams(next);
  }
  const years = Array.from({ length: YEARS_OFFERED }, (_, i) => thisYear - i);
  return (
    <section>
      <h1>{t("reg.certificates")}</h1>
      {householdId && <OneHousehold number={list.data?.items[0]?.householdNumber ?? null} />}
      {/* Anew for each URL: a range given shows the year as every year. */}
      <form key={formKey} className="filters" onSubmit={filter}>
        {householdId && <input type="hidden" name="householdId" value={householdId} />}
        <label className="field">
          <span className="field-label">{t("reg.year")}</span>
          <select name="year" defaultValue={year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
            <option value="all">{t("reg.allYears")}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("reg.issuedFrom")}</span>
          <DayInput name="from" defaultValue={params.get("from") ?? ""} />
        </label>
        <Field label={t("reg.issuedTo")} error={rangeError}>
          <DayInput name="to" defaultValue={params.get("to") ?? ""} />
        </Field>
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
      <Loaded state={list}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState filtered={filtered} />
          ) : (
            <>
              <MatchCount page={data} />
              <div className="table-wrap">
                <table className="certificates" aria-busy={list.loading}>
                  <thead>
                    <tr>
                      <th>№</th>
                      <th>{t("reg.issuedOn")}</th>
                      <th>{t("reg.certificateKind")}</th>
                      <th>{t("reg.name")}</th>
                      <th>{t("reg.household")}</th>
                      <th>{t("reg.purpose")}</th>
                      <th>{t("reg.issuer")}</th>
                      <th>{t("reg.status")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((c) => (
                      <CertificateRow key={c.id} certificate={c} onRevoked={list.reload} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={pageIn(params)} hasMore={data.hasMore} sizes={PAGE_SIZES} pageSize={pageSize} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** Which household the list is narrowed to (its number once a certificate names it), and the way back. */
function OneHousehold({ number }: { number: number | null }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const every = new URLSearchParams(params);
  every.delete("householdId");
  every.delete("page");
  return (
    <p className="one-household" role="status">
      {number === null ? t("reg.certificatesOfOneHousehold") : t("reg.certificatesOfHousehold", { number })}{" "}
      <Link to={`?${every}`}>{t("reg.certificatesOfEveryHousehold")}</Link>
    </p>
  );
}

function CertificateRow({ certificate: c, onRevoked }: { certificate: Certificate; onRevoked: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [revoking, setRevoking] = useState(false);
  const { send, fields, message, busy } = useSubmit(() => {
    setRevoking(false);
    onRevoked();
  });
  function revoke(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    void send("POST", `/api/certificates/${c.id}/revoke`, { reason });
  }
  return (
    <tr data-id={c.id}>
      <td>
        <span className="certificate-number">{certificateNumber(c)}</span>
        {c.takenOverFrom && (
          <small className="muted"> ({t("reg.issuedBy", { municipality: nameOf(c.takenOverFrom) })})</small>
        )}
      </td>
      <td>{formatDate(c.issuedOn, currentLocale())}</td>
      <td>{t(`reg.certificate.${c.kind}`)}</td>
      <td>{c.holderName}</td>
      <td>
        <Link to={`/register/households/${c.householdId}`}>№ {c.householdNumber ?? "—"}</Link>
      </td>
      <td>{c.purpose}</td>
      <td>{c.issuedByName ?? "—"}</td>
      <td>{certificateState(c, t)}</td>
      <td>
        <PdfLink certificate={c} />{" "}
        {c.status === "valid" && can("certificates.issue") && !revoking && (
          <button type="button" className="link" onClick={() => setRevoking(true)}>
            {t("reg.revoke")}
          </button>
        )}
        {revoking && (
          <form className="revoke" onSubmit={revoke}>
            <Field label={t("reg.revokeReason")} error={fields.reason}>
              <input name="reason" required maxLength={500} />
            </Field>
            {/* Revoking is for good: the button names what it revokes, the line says it stays so,
                and the way out keeps the certificate valid, in words no language shares with it. */}
            <p className="muted revoke-final">{t("reg.revokeFinal")}</p>
            <button type="submit" className="primary" disabled={busy}>
              {t("reg.revokeCertificate")}
            </button>
            <button type="button" onClick={() => setRevoking(false)}>
              {t("reg.keepValid")}
            </button>
            {message}
          </form>
        )}
      </td>
    </tr>
  );
}
