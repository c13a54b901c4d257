import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { activeOrganisation, BOOK_READERS, useSession } from "../app/session.js";
import { useRegisterScope } from "./scope.js";

/**
 * A page of the household books: an organisation that keeps none and reads none (a water provider,
 * whose administrator holds the register's permissions for its own users) opening one by its
 * address is told in one line who keeps the book and where it sees what it may of it, instead of
 * an empty list or a form the server would refuse.
 */
export function BookPage({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session, can } = useSession();
  if (BOOK_READERS.includes(activeOrganisation(session)?.kind ?? "")) return children;
  return (
    <section>
      <p className="notice book-elsewhere" role="note">
        {t("reg.bookKeptByMunicipality")}
      </p>
      {can("water.read") && (
        <p>
          <Link to="/water">← {t("wu.title")}</Link>
        </p>
      )}
    </section>
  );
}

/**
 * A page of the municipality's own book (new household, import, criteria, certificates): an office
 * that opens one by its address is told it reads the books and keeps none, instead of being shown
 * an empty page or a form the server would refuse.
 */
export function MunicipalityOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const scope = useRegisterScope();
  return (
    <BookPage>
      {scope === "organisation" ? (
        children
      ) : (
        <section>
          <p className="notice municipality-only" role="note">
            {t("reg.municipalityOnly")}
          </p>
          <p>
            <Link to="/register">← {t("reg.title")}</Link>
          </p>
        </section>
      )}
    </BookPage>
  );
}
