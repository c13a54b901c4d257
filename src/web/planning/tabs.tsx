import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";

/** The planning pages, in the order a WUA works through them before a season. */
export function PlanningTabs() {
  const { t } = useTranslation();
  const tabs = [
    { to: "/planning", label: t("planning.tabs.stations") },
    { to: "/planning/crops", label: t("planning.tabs.crops") },
    { to: "/planning/requests", label: t("planning.tabs.requests") },
    { to: "/planning/plan", label: t("planning.tabs.plan") },
  ];
  return (
    <>
      <h1>{t("planning.title")}</h1>
      <nav className="filters" aria-label={t("planning.title")}>
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end className="button">
            {tab.label}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
