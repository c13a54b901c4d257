import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";

/** The three views of the network, one tap apart on a phone. */
export function NetworkTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t("network.title")}>
      <NavLink to="/water/network" end>
        {t("network.tree")}
      </NavLink>
      <NavLink to="/water/map">{t("network.map")}</NavLink>
      <NavLink to="/water/network/import">{t("network.io")}</NavLink>
    </nav>
  );
}
