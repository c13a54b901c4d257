import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { byCountry, isGroupedByRegion } from "../../domain/registry/population.js";
import { countryName } from "../../domain/registry/vocabulary.js";
import { api } from "../app/api.js";
import { formatDate, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { activeOrganisation, useSession } from "../app/session.js";
import { Loaded, nameOf, PastDayInput, useDownloads, useLoad } from "../app/ui.js";
import {
  AGE_BANDS,
  isPreparing,
  type OblastCounts,
  type PlaceCounts,
  type RegisterSummary,
  type SummaryPreparing,
} from "../register/api.js";
import { PrintHead } from "../register/print-head.js";
import { summaryQuery, useRegisterScope } from "../register/scope.js";

/** How soon a summary still being counted is asked for again. */
const PREPARING_RETRY_MS = 3000;

/**
 * The register counted on a day, village by village (an office's by municipality, an oblast's and
 * the country's grouped by oblast and district, rows that open and close), for reports: the day is
 * in the address, so a report for 1 January can be made, printed or downloaded later. An office's
 * summary may still be being counted: the page says so and asks again until it is there.
 */
export default function RegisterSummaryPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const on = params.get("on") ?? "";
  const scope = useRegisterScope();
  const query = summaryQuery(scope, on);
  const summary = useLoad(
    () => api<RegisterSummary | SummaryPreparing>("GET", `/api/registry/summary?${query}`),
    query,
  );
  const { data: answer, reload } = summary;
  useEffect(() => {
    if (!answer || !isPreparing(answer)) return;
    const again = setTimeout(reload, PREPARING_RETRY_MS);
    return () => clearTimeout(again);
  }, [answer, reload]);
  const ready = answer && !isPreparing(answer) ? answer : null;
  // An office's file is counted as its summary is, and may likewise still be being prepared.
  const downloads = useDownloads(t("reg.summary.exportPreparing"), query);
  const n = (value: number) => formatNumber(value, locale);
  // The village table keeps to the width of an office screen: "birth date unknown" only when someone is.
  const unknownAges = ready ? ready.total.byAge.unknown.female + ready.total.byAge.unknown.male : 0;
  const bands = AGE_BANDS.filter((b) => b !== "unknown" || unknownAges > 0);
  const placeRow = (name: ReactNode, c: PlaceCounts, key: string, className?: string) => (
    <tr key={key} className={className}>
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
    // Thirteen columns and more: the summary prints on a landscape page (styles.css, @page wide).
    <section className="print-wide">
      <PrintHead keeper={nameOf(activeOrganisation(session)?.name ?? {})} />
      <div className="page-head">
        <h1>{t("reg.summary.title")}</h1>
        <div className="actions no-print">
          <Link className="button" to="/register">
            {t("reg.title")}
          </Link>
          {ready && (
            <>
              {downloads.link(
                `/api/registry/summary/export?format=xlsx&${summaryQuery(scope, ready.on)}`,
                t("reg.exportXlsx"),
              )}
              {downloads.link(
                `/api/registry/summary/export?format=csv&${summaryQuery(scope, ready.on)}`,
                t("reg.exportCsv"),
              )}
            </>
          )}
          <button type="button" onClick={() => window.print()}>
            {t("reg.print")}
          </button>
        </div>
      </div>
      {downloads.note}
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
          {/* The book holds no tomorrow: a day to come would be counted as a guess. */}
          <PastDayInput name="on" defaultValue={on || ready?.on} key={ready?.on} required />
        </label>
        <button type="submit">{t("reg.summary.show")}</button>
      </form>
      <Loaded state={summary}>
        {(s) =>
          isPreparing(s) ? (
            <p className="state" role="status">
              {t("reg.summary.preparing")}
            </p>
          ) : (
            <>
              <p>{t("reg.summary.asOf", { date: formatDate(s.on, locale) })}</p>
              <div className="table-wrap">
                <table
                  className="counts"
                  aria-label={t(
                    s.placeKind === "village"
                      ? "reg.summary.byVillage"
                      : isGroupedByRegion(s)
                        ? "reg.summary.byRegion"
                        : "reg.summary.byMunicipality",
                  )}
                >
                  <thead>
                    <tr>
                      <th>
                        {t(
                          s.placeKind === "village"
                            ? "registry.summary.village"
                            : isGroupedByRegion(s)
                              ? "reg.summary.region"
                              : "org.kind.ayil-okmotu",
                        )}
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
                  <tbody>
                    {s.regions && isGroupedByRegion(s) ? (
                      <RegionRows regions={s.regions} places={s.places} row={placeRow} />
                    ) : (
                      s.places.map((v) => placeRow(nameOf(v.name), v, v.code))
                    )}
                  </tbody>
                  <tfoot>{placeRow(t("registry.summary.total"), s.total, "total")}</tfoot>
                </table>
              </div>
              <div className="columns">
                <div className="table-wrap">
                  <table className="counts" aria-label={t("reg.summary.byAge")}>
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
                {s.total.abroad > 0 && (
                  <div className="table-wrap">
                    <table aria-label={t("reg.summary.abroadByCountry")}>
                      <caption>{t("reg.summary.abroadByCountry")}</caption>
                      <tbody>
                        {byCountry(s.total.abroadByCountry).map(([country, people]) => (
                          <tr key={country}>
                            <th scope="row">{countryName(t, country)}</th>
                            <td>{n(people)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
              <p>
                {t("reg.summary.certificates", {
                  year: s.on.slice(0, 4),
                  issued: n(s.certificates.issued),
                  revoked: n(s.certificates.revoked),
                })}
              </p>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/**
 * Oblasts, their districts and their municipalities, each with its subtotal: an oblast opens to
 * its districts and a district to its municipalities. Oblasts start open, districts closed, so
 * the country fits a screen.
 */
function RegionRows({
  regions,
  places,
  row,
}: {
  regions: OblastCounts[];
  places: RegisterSummary["places"];
  row: (name: ReactNode, c: PlaceCounts, key: string, className?: string) => ReactNode;
}) {
  // Rows whose state differs from how they start: open districts, closed oblasts.
  const [turned, setTurned] = useState<ReadonlySet<string>>(new Set());
  const turn = (key: string) =>
    setTurned((before) => {
      const after = new Set(before);
      if (!after.delete(key)) after.add(key);
      return after;
    });
  const byCode = new Map(places.map((p) => [p.code, p]));
  const opener = (key: string, open: boolean, name: string) => (
    <button type="button" className="link" aria-expanded={open} onClick={() => turn(key)}>
      {open ? "▾" : "▸"} {name}
    </button>
  );
  return regions.flatMap((oblast) => {
    const oblastKey = `o:${oblast.code}`;
    const oblastOpen = !turned.has(oblastKey);
    return [
      row(opener(oblastKey, oblastOpen, nameOf(oblast.name)), oblast, oblastKey, "summary-oblast"),
      ...(oblastOpen
        ? oblast.districts.flatMap((district) => {
            const districtKey = `d:${oblast.code}/${district.code}`;
            const districtOpen = turned.has(districtKey);
            return [
              row(
                opener(districtKey, districtOpen, nameOf(district.name)),
                district,
                districtKey,
                "summary-district",
              ),
              ...(districtOpen
                ? district.municipalities.flatMap((code) => {
                    const place = byCode.get(code);
                    return place ? [row(nameOf(place.name), place, code, "summary-municipality")] : [];
                  })
                : []),
            ];
          })
        : []),
    ];
  });
}
