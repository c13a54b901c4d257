import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useRegisterScope } from "./scope.js";

/**
 * A page of the municipality's own book (new household, import, criteria, certificates): an office
 * that opens one by its address is told it reads the books and keeps none, instead of being shown
 * an empty page or a form the server would refuse.
 */
export function MunicipalityOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  if (useRegisterScope() === "organisation") return children;
  return (
    <section>
      <p className="notice municipality-only" role="note">
        {t("reg.municipalityOnly")}
      </p>
      <p>
        <Link to="/register">← {t("reg.title")}</Link>
      </p>
    </section>
  );
}
