import { useTranslation } from "react-i18next";
import { formatDate, formatMoney, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";

export default function HomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const locale = currentLocale();
  if (!session) return null;
  return (
    <section>
      <h1>{t("home.welcome", { name: session.user.displayName })}</h1>
      <p>{t("home.today", { date: formatDate(new Date(), locale) })}</p>
      <p>{t("home.roles", { roles: session.roles.map((r) => t(`role.${r}`)).join(", ") })}</p>
      <p className="muted">
        {t("home.example", { number: formatNumber(1234567, locale), money: formatMoney(123450, locale) })}
      </p>
    </section>
  );
}
