import type { TFunction } from "i18next";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation, useNavigate } from "react-router-dom";
import { currentLocale } from "./i18n.js";
import { useOrganisationChoice } from "./organisation-choice.js";
import { pageAfterSwitch } from "./page-after-switch.js";
import { activeOrganisation, BOOK_READERS, useSession } from "./session.js";
import { useTableCellLabels } from "./table-labels.js";
import { FoldButton, LanguageSwitcher, nameOf } from "./ui.js";

interface NavItem {
  to: string;
  label: string;
  permission?: string;
  /** Shown only when the active organisation is of one of these kinds (the water register is a provider's). */
  orgKinds?: readonly string[];
}

const MUNICIPALITIES = ["ayil-okmotu"];
const PROVIDERS = ["water-provider"];

/** The navigation's pages, each shown where the user may and the organisation's kind has it. */
function navItems(t: TFunction): NavItem[] {
  return [
    { to: "/", label: t("nav.home") },
    { to: "/register", label: t("nav.register"), permission: "registry.read", orgKinds: BOOK_READERS },
    {
      to: "/certificates",
      label: t("nav.certificates"),
      permission: "certificates.read",
      orgKinds: MUNICIPALITIES,
    },
    {
      to: "/register/links",
      label: t("nav.linkProposals"),
      permission: "registry.links",
      orgKinds: MUNICIPALITIES,
    },
    // The water provider's pages: an ayil okmotu's administrator holds these permissions too.
    { to: "/water", label: t("nav.water"), permission: "water.read", orgKinds: PROVIDERS },
    { to: "/water/network", label: t("nav.network"), permission: "water.read", orgKinds: PROVIDERS },
    { to: "/planning", label: t("nav.planning"), permission: "planning.read", orgKinds: PROVIDERS },
    {
      to: "/water/allocation",
      label: t("nav.allocation"),
      permission: "water.read",
      orgKinds: PROVIDERS,
    },
    { to: "/water/readings", label: t("nav.readings"), permission: "water.read", orgKinds: PROVIDERS },
    {
      to: "/water/deliveries",
      label: t("nav.deliveries"),
      permission: "water.read",
      orgKinds: PROVIDERS,
    },
    {
      to: "/water/gauging-posts",
      label: t("nav.gaugingPosts"),
      permission: "water.read",
      orgKinds: PROVIDERS,
    },
    { to: "/water/balance", label: t("nav.balance"), permission: "water.read", orgKinds: PROVIDERS },
    { to: "/water/equity", label: t("nav.equity"), permission: "water.read", orgKinds: PROVIDERS },
    { to: "/billing", label: t("nav.billing"), permission: "billing.read", orgKinds: PROVIDERS },
    { to: "/users", label: t("nav.users"), permission: "users.read" },
    { to: "/organisation", label: t("nav.organisation"), permission: "org.read" },
    // The offices send no messages: their people read registers.
    { to: "/sms", label: t("nav.sms"), permission: "sms.read", orgKinds: [...MUNICIPALITIES, ...PROVIDERS] },
    { to: "/audit", label: t("nav.audit"), permission: "audit.read" },
  ];
}

/** The frame of every page once signed in: top bar, navigation (a menu on a phone), content. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session, offline, logout, setLocale, can } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const organisationChoice = useOrganisationChoice();
  useTableCellLabels();
  const location = useLocation();
  const navigate = useNavigate();
  // The organisation the page on screen was opened for. When the session acts for another (a
  // switch, here or in another tab), the page is left before any page renders again: its records
  // and filters are the other organisation's, and its loads would ask for them under the new one.
  const [pageOrgId, setPageOrgId] = useState(session?.activeOrgId ?? null);
  const switched = session !== null && session.activeOrgId !== pageOrgId;
  const items = navItems(t);
  const org = activeOrganisation(session);
  const shown = items.filter(
    (i) => (!i.permission || can(i.permission)) && (!i.orgKinds || i.orgKinds.includes(org?.kind ?? "")),
  );
  const here = location.pathname + location.search;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per switch, and again when its page is reached
  useEffect(() => {
    if (!switched) return;
    const to = (item: NavItem) => item.to;
    const landing = pageAfterSwitch(location.pathname, items.map(to), shown.map(to));
    // A page opens for the new organisation only once the address is its own: the router moves as a
    // transition, after a render that a page opened at once would take the old address in.
    if (here === landing) setPageOrgId(session.activeOrgId);
    else navigate(landing, { replace: true });
  }, [switched, here]);
  if (!session) return null;
  return (
    <div className="shell">
      <header className="topbar">
        <FoldButton shown={menuOpen} onToggle={setMenuOpen} controls="main-nav" className="menu-button">
          {t("nav.menu")}
        </FoldButton>
        <span className="brand">{t("app.name")}</span>
        <span className="org-name">{org ? nameOf(org.name) : ""}</span>
        <span className="spacer" />
        {session.organisations.length > 1 && (
          <select
            aria-label={t("org.switch")}
            value={organisationChoice.choosing ?? session.activeOrgId ?? ""}
            disabled={organisationChoice.choosing !== null}
            aria-busy={organisationChoice.choosing !== null}
            onChange={(e) => organisationChoice.choose(e.target.value)}
          >
            {session.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {nameOf(o.name)}
              </option>
            ))}
          </select>
        )}
        <LanguageSwitcher value={currentLocale()} onChange={(l) => void setLocale(l)} />
        <span className="user-name">{session.user.displayName}</span>
      </header>
      {offline && (
        <p className="notice notice-warning offline-notice" role="status">
          {t("app.offline")}
        </p>
      )}
      {organisationChoice.refused && (
        <p className="notice notice-warning switch-refused" role="alert">
          {organisationChoice.refused}
        </p>
      )}
      <div className="body">
        <nav id="main-nav" className={menuOpen ? "nav nav-open" : "nav"} aria-label={t("nav.menu")}>
          <ul>
            {shown.map((i) => (
              <li key={i.to}>
                <NavLink to={i.to} end onClick={() => setMenuOpen(false)}>
                  {i.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="nav-footer">
            <button type="button" onClick={() => void logout()}>
              {t("nav.logout")}
            </button>
            <button type="button" className="link" onClick={() => void logout(true)}>
              {t("nav.logoutEverywhere")}
            </button>
          </div>
        </nav>
        {/* A page opened for one organisation is not reused for another: it starts afresh. */}
        <main className="content" key={pageOrgId}>
          {switched ? null : children}
        </main>
      </div>
    </div>
  );
}
