import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../app/api.js";
import { formatNumber, formatToday } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { activeOrganisation, BOOK_READERS, useSession } from "../app/session.js";
import { Loaded, useLoad } from "../app/ui.js";
import { isPreparing, type RegisterSummary, type SummaryPreparing } from "../register/api.js";
import { summaryQuery, useRegisterScope } from "../register/scope.js";
import type { LinkProposal } from "../water/api.js";

/** The first page after signing in: who and where you are, and the municipality's register at a glance. */
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
    <li>
      <Link to={to}>
        <strong>{formatNumber(count, locale)}</strong>
        <span>{label}</span>
      </Link>
    </li>
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
