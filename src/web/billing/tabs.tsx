import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";

const TABS = [
  "cashier",
  "invoices",
  "statement",
  "runs",
  "tariffs",
  "discounts",
  "settings",
  "debtors",
  "reports",
] as const;

/** The billing pages' own navigation, above each of them. */
export function BillingTabs() {
  const { t } = useTranslation();
  return (
    <nav className="filters" aria-label={t("nav.billing")}>
      {TABS.map((tab) => (
        <NavLink key={tab} to={`/billing/${tab}`}>
          {t(`billing.nav.${tab}`)}
        </NavLink>
      ))}
    </nav>
  );
}
