import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDate, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { Loaded, nameOf, useLoad } from "../app/ui.js";
import { AGE_BANDS, type PlaceCounts, type RegisterSummary } from "../register/api.js";
import { summaryQuery, useRegisterScope } from "../register/scope.js";

/**
 * The register counted on a day, village by village (a district office's by municipality), for
 * reports: the day is in the address, so a report for 1 January can be made, printed or downloaded later.
 */
export default function RegisterSummaryPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const on = params.get("on") ?? "";
  const scope = useRegisterScope();
  const query = summaryQuery(scope, on);
  const summary = useLoad(() => api<RegisterSummary>("GET", `/api/registry/summary?${query}`), query);
  const n = (value: number) => formatNumber(value, locale);
  // The village table keeps to the width of an office screen: "birth date unknown" only when someone is.
  const unknownAges = summary.data
    ? summary.data.total.byAge.unknown.female + summary.data.total.byAge.unknown.male
    : 0;
  const bands = AGE_BANDS.filter((b) => b !== "unknown" || unknownAges > 0);
  const placeRow = (name: string, c: PlaceCounts, key: string) => (
    <tr key={key}>
      <th scope="row">{name}</th>
      <td>{n(c.households)}</td>
      <td>{n(c.vulnerableHouseholds)}</td>
      <td>{n(c.people)}</td>
      <td>{n(c.female)}</td>
      <td>{n(c.male)}</td>
      {bands.map((b) => (
        <td key={b}>{n(c.byAge[b].female + c.byAge[b].male)}</td>
      ))}
      <td>{n(c.withDisability)}</td>
      <td>{n(c.abroad)}</td>
      <td>{n(c.withoutPin)}</td>
    </tr>
  );
  return (
    <section>
      <div className="page-head">
        <h1>{t("reg.summary.title")}</h1>
        <div className="actions no-print">
          <Link className="button" to="/register">
            {t("reg.title")}
          </Link>
          {summary.data && (
            <>
              <a
                className="button"
                href={`/api/registry/summary/export?format=xlsx&${summaryQuery(scope, summary.data.on)}`}
              >
                {t("reg.exportXlsx")}
              </a>
              <a
                className="button"
                href={`/api/registry/summary/export?format=csv&${summaryQuery(scope, summary.data.on)}`}
              >
                {t("reg.exportCsv")}
              </a>
            </>
          )}
          <button type="button" onClick={() => window.print()}>
            {t("reg.print")}
          </button>
        </div>
      </div>
      <form
        className="filters no-print"
        onSubmit={(e) => {
          e.preventDefault();
          const day = new FormData(e.currentTarget).get("on");
          setParams(day ? { on: String(day) } : {});
        }}
      >
        <label className="field">
          <span className="field-label">{t("reg.summary.on")}</span>
          <input
            type="date"
            name="on"
            defaultValue={on || summary.data?.on}
            key={summary.data?.on}
            required
          />
        </label>
        <button type="submit">{t("reg.summary.show")}</button>
      </form>
      <Loaded state={summary}>
        {(s) => (
          <>
            <p>{t("reg.summary.asOf", { date: formatDate(s.on, locale) })}</p>
            <div className="table-wrap">
              <table
                aria-label={t(
                  s.placeKind === "village" ? "reg.summary.byVillage" : "reg.summary.byMunicipality",
                )}
              >
                <thead>
                  <tr>
                    <th>
                      {t(s.placeKind === "village" ? "registry.summary.village" : "org.kind.ayil-okmotu")}
                    </th>
                    <th>{t("registry.summary.households")}</th>
                    <th>{t("registry.summary.vulnerableHouseholds")}</th>
                    <th>{t("registry.summary.people")}</th>
                    <th>{t("registry.summary.female")}</th>
                    <th>{t("registry.summary.male")}</th>
                    {bands.map((b) => (
                      <th key={b}>{t(`registry.summary.ageBands.${b}`)}</th>
                    ))}
                    <th>{t("registry.summary.withDisability")}</th>
                    <th>{t("registry.summary.abroad")}</th>
                    <th>{t("registry.summary.withoutPin")}</th>
                  </tr>
                </thead>
                <tbody>{s.places.map((v) => placeRow(nameOf(v.name), v, v.code))}</tbody>
                <tfoot>{placeRow(t("registry.summary.total"), s.total, "total")}</tfoot>
              </table>
            </div>
            <div className="columns">
              <div className="table-wrap">
                <table aria-label={t("reg.summary.byAge")}>
                  <caption>{t("reg.summary.byAge")}</caption>
                  <thead>
                    <tr>
                      <th />
                      <th>{t("registry.summary.female")}</th>
                      <th>{t("registry.summary.male")}</th>
                      <th>{t("registry.summary.people")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {AGE_BANDS.map((b) => (
                      <tr key={b}>
                        <th scope="row">{t(`registry.summary.ageBands.${b}`)}</th>
                        <td>{n(s.total.byAge[b].female)}</td>
                        <td>{n(s.total.byAge[b].male)}</td>
                        <td>{n(s.total.byAge[b].female + s.total.byAge[b].male)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="table-wrap">
                <table aria-label={t("reg.summary.byCriterion")}>
                  <caption>{t("reg.summary.byCriterion")}</caption>
                  <tbody>
                    {s.criteria.map((c) => (
                      <tr key={c.code}>
                        <th scope="row">{nameOf(c.name)}</th>
                        <td>{n(c.households)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
            <p>
              {t("reg.summary.certificates", {
                year: s.on.slice(0, 4),
                issued: n(s.certificates.issued),
                revoked: n(s.certificates.revoked),
              })}
            </p>
          </>
        )}
      </Loaded>
    </section>
  );
}
