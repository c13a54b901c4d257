import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../app/api.js";
import {
  formatDate,
  formatMomentSpan,
  formatMoney,
  formatNumber,
  formatPercent,
  formatToday,
  formatVolume,
} from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { activeOrganisation, BOOK_READERS, useSession } from "../app/session.js";
import { Loaded, useLoad } from "../app/ui.js";
import { isPreparing, type RegisterSummary, type SummaryPreparing } from "../register/api.js";
import { summaryQuery, useRegisterScope } from "../register/scope.js";
import type { LinkProposal, WaterGlance } from "../water/api.js";

/**
 * The first page after signing in: who and where you are, and at a glance the municipality's
 * register or the water provider's season.
 */
export default function HomePage() {
  const { t } = useTranslation();
  const { session, can } = useSession();
  const locale = currentLocale();
  if (!session) return null;
  const kind = activeOrganisation(session)?.kind;
  const readsRegisters = BOOK_READERS.includes(kind ?? "");
  return (
    <section>
      <h1>{t("home.welcome", { name: session.user.displayName })}</h1>
      <p>{t("home.today", { date: formatToday(locale) })}</p>
      <p className="muted">
        {t("home.roles", { roles: session.roles.map((r) => t(`role.${r}`)).join(", ") })}
      </p>
      {readsRegisters && can("registry.read") && <RegisterAtAGlance />}
      {kind === "water-provider" && can("water.read") && <SeasonAtAGlance />}
    </section>
  );
}

function RegisterAtAGlance() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const scope = useRegisterScope();
  // A district office reads the registers under it, not one of its own: every figure opens the summary.
  const own = scope === "organisation";
  const summary = useLoad(
    () => api<RegisterSummary | SummaryPreparing>("GET", `/api/registry/summary?${summaryQuery(scope)}`),
    scope,
  );
  const proposals = useLoad(
    () =>
      own && can("registry.links")
        ? api<LinkProposal[]>("GET", "/api/registry/link-proposals")
        : Promise.resolve([]),
    "",
  );
  // An office's people counted by two of its municipalities: a page of one group tells how many.
  const countedTwice = useLoad(
    () =>
      own ? Promise.resolve(null) : api<{ total: number }>("GET", "/api/registry/duplicates/across?limit=1"),
    scope,
  );
  const figure = (to: string, count: number, label: string) => (
    <Figure to={to} value={formatNumber(count, locale)} label={label} />
  );
  return (
    <Loaded state={summary}>
      {(s) =>
        // An office's summary still being counted: the figures wait for the summary page.
        isPreparing(s) ? (
          <p>
            <Link to="/register/summary">{t("home.summaryByMunicipality")}</Link>
          </p>
        ) : (
          <>
            <h2>{t(own ? "home.register" : "home.registers")}</h2>
            <ul className="figures">
              {figure(own ? "/register" : "/register/summary", s.total.households, t("home.households"))}
              {figure(own ? "/register?what=people" : "/register/summary", s.total.people, t("home.people"))}
              {figure("/register/summary", s.total.vulnerableHouseholds, t("home.vulnerableHouseholds"))}
              {s.total.withoutPin > 0 &&
                figure("/register/summary", s.total.withoutPin, t("home.withoutPin"))}
              {own &&
                can("certificates.read") &&
                figure(
                  "/certificates",
                  s.certificates.issued,
                  t("home.certificates", { year: s.on.slice(0, 4) }),
                )}
              {(proposals.data?.length ?? 0) > 0 &&
                figure("/register/links", proposals.data!.length, t("home.linkProposals"))}
              {(countedTwice.data?.total ?? 0) > 0 &&
                figure("/register/duplicates", countedTwice.data!.total, t("home.countedTwice"))}
            </ul>
            <p>
              <Link to="/register/summary">{t(own ? "home.summary" : "home.summaryByMunicipality")}</Link>
            </p>
          </>
        )
      }
    </Loaded>
  );
}

/** One figure of a page at a glance, opening the page that has it in detail. */
function Figure({ to, value, label }: { to: string; value: string; label: string }) {
  return (
    <li>
      <Link to={to}>
        {/* Its letters size it (see .figures strong): a sum of money is not to run out of its card. */}
        <strong style={{ "--letters": [...value].length } as CSSProperties}>{value}</strong>
        <span>{label}</span>
      </Link>
    </li>
  );
}

/**
 * The deliveries the home page counts, as the list takes them: every outlet's (whatever outlet
 * the phone remembers), turns begun in the season's days.
 */
const seasonDeliveries = (season: { startsOn: string; endsOn: string }) =>
  `outlet=all&from=${season.startsOn}&to=${season.endsOn}`;

/**
 * A water provider's day and season at a glance: the water master's two daily entries a tap away,
 * the day's turns, then the season's users and contracts, the water received and delivered, acts
 * still to sign, and the money collected and owed (for those who read billing).
 */
function SeasonAtAGlance() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const glance = useLoad(() => api<WaterGlance>("GET", "/api/water/glance"), "");
  const count = (n: number) => formatNumber(n, locale);
  return (
    <Loaded state={glance}>
      {(g) => (
        <>
          {can("water.measure") && (
            <p className="actions">
              <Link className="button primary" to="/water/readings">
                {t("home.water.enterReading")}
              </Link>
              <Link className="button" to="/water/deliveries">
                {t("home.water.recordDelivery")}
              </Link>
            </p>
          )}
          <h2>{t("home.water.turnsToday")}</h2>
          {g.turns.total === 0 ? (
            <p className="muted">{t("home.water.noTurnsToday")}</p>
          ) : (
            <div className="table-wrap">
              <table className="turns-today">
                <thead>
                  <tr>
                    <th>{t("home.water.turnTime")}</th>
                    <th>{t("home.water.outlet")}</th>
                    <th>{t("home.water.waterUser")}</th>
                    <th>{t("home.water.volume")}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.turns.items.map((turn) => (
                    <tr key={`${turn.runId}-${turn.start}-${turn.outlet}-${turn.waterUser}`}>
                      <td>
                        <Link to={`/water/allocation/${turn.runId}`}>
                          {formatMomentSpan(turn.start, turn.end, locale)}
                        </Link>
                      </td>
                      <td>{turn.outlet}</td>
                      <td>{turn.waterUser}</td>
                      <td>{formatVolume(turn.volumeM3, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {g.turns.total > g.turns.items.length && (
                <p className="muted">
                  {t("home.water.moreTurns", { shown: g.turns.items.length, total: g.turns.total })}
                </p>
              )}
            </div>
          )}
          {g.season ? (
            <h2>
              {t("home.water.season", {
                name: g.season.name,
                from: formatDate(g.season.startsOn, locale),
                to: formatDate(g.season.endsOn, locale),
              })}
            </h2>
          ) : (
            <p>
              <Link to="/water/seasons">{t("home.water.noSeason")}</Link>
            </p>
          )}
          <ul className="figures">
            <Figure to="/water" value={count(g.waterUsers)} label={t("home.water.waterUsers")} />
            {g.contracts && (
              <Figure
                to="/water/contracts"
                value={count(g.contracts.signed)}
                label={t("home.water.signedContracts")}
              />
            )}
            {g.season && (g.withoutContract ?? 0) > 0 && (
              <Figure
                to={`/water?withoutContract=${g.season.id}`}
                value={count(g.withoutContract!)}
                label={t("home.water.withoutContract")}
              />
            )}
            {g.receivedM3 != null && (
              <Figure
                to="/water/balance"
                value={count(Math.round(g.receivedM3))}
                label={t("home.water.receivedM3")}
              />
            )}
            {g.season && g.deliveries && (
              <Figure
                to={`/water/deliveries?${seasonDeliveries(g.season)}`}
                value={count(Math.round(g.deliveries.volumeM3))}
                label={t("home.water.deliveredM3")}
              />
            )}
            {g.season && (g.deliveries?.unsigned ?? 0) > 0 && (
              <Figure
                to={`/water/deliveries?acts=unsigned&${seasonDeliveries(g.season)}`}
                value={count(g.deliveries!.unsigned)}
                label={t("home.water.unsignedActs")}
              />
            )}
            {g.billing?.ratePercent != null && (
              <Figure
                to="/billing/reports"
                value={formatPercent(Number(g.billing.ratePercent), locale, 1)}
                label={t("home.water.collected")}
              />
            )}
            {g.billing && g.billing.debtors > 0 && (
              <>
                <Figure
                  to="/billing/debtors"
                  value={count(g.billing.debtors)}
                  label={t("home.water.debtors")}
                />
                <Figure
                  to="/billing/debtors"
                  value={formatMoney(g.billing.overdueTyiyn, locale)}
                  label={t("home.water.overdue")}
                />
              </>
            )}
          </ul>
        </>
      )}
    </Loaded>
  );
}
