import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api, type Organisation } from "./api.js";
import { useSession } from "./session.js";
import { useLoad } from "./ui.js";

/**
 * Says, where a paper in `locale` is issued, what the organisation has not entered for that
 * language (a Russian paper then prints the Kyrgyz address); an administrator gets the link to
 * enter it. Issuing goes on: the paper is still valid, only in the other language's words.
 */
export function PaperGapNotice({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const org = useLoad(() => api<Organisation>("GET", "/api/organisation"), "organisation");
  const gaps = (org.data?.paperGaps ?? []).filter((g) => g.locale === locale);
  if (gaps.length === 0) return null;
  return (
    <p className="notice notice-warning paper-gap" role="note">
      {gaps.map((g) => t(`profile.paperGap.${g.field}`)).join(" ")}{" "}
      {can("org.update") ? (
        <Link to="/organisation">{t("profile.paperGap.enter")}</Link>
      ) : (
        t("profile.paperGap.askAdministrator")
      )}
    </p>
  );
}
