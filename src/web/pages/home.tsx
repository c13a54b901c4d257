import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDate, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { Loaded, useLoad } from "../app/ui.js";
import type { RegisterSummary } from "../register/api.js";
import type { LinkProposal } from "../water/api.js";

/** The first page after signing in: who and where you are, and the municipality's register at a glance. */
export default function HomePage() {
  const { t } = useTranslation();
  const { session, can } = useSession();
  const locale = currentLocale();
  if (!session) return null;
  const org = session.organisations.find((o) => o.id === session.activeOrgId);
  const municipality = org?.kind === "ayil-okmotu";
  return (
    <section>
      <h1>{t("home.welcome", { name: session.user.displayName })}</h1>
      <p>{t("home.today", { date: formatDate(new Date(), locale) })}</p>
      <p className="muted">
        {t("home.roles", { roles: session.roles.map((r) => t(`role.${r}`)).join(", ") })}
      </p>
      {municipality && can("registry.read") && <RegisterAtAGlance />}
    </section>
  );
}

function RegisterAtAGlance() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const summary = useLoad(() => api<RegisterSummary>("GET", "/api/registry/summary"), "");
  const proposals = useLoad(
    () =>
      can("registry.links")
        ? api<LinkProposal[]>("GET", "/api/registry/link-proposals")
        : Promise.resolve([]),
    "",
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
      {(s) => (
        <>
          <h2>{t("home.register")}</h2>
          <ul className="figures">
            {figure("/register", s.total.households, t("home.households"))}
            {figure("/register?what=people", s.total.people, t("home.people"))}
            {figure("/register/summary", s.total.vulnerableHouseholds, t("home.vulnerableHouseholds"))}
            {s.total.withoutPin > 0 && figure("/register/summary", s.total.withoutPin, t("home.withoutPin"))}
            {can("certificates.read") &&
              figure(
                "/certificates",
                s.certificates.issued,
                t("home.certificates", { year: s.on.slice(0, 4) }),
              )}
            {(proposals.data?.length ?? 0) > 0 &&
              figure("/register/links", proposals.data!.length, t("home.linkProposals"))}
          </ul>
          <p>
            <Link to="/register/summary">{t("home.summary")}</Link>
          </p>
        </>
      )}
    </Loaded>
  );
}
