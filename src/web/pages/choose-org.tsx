import { useTranslation } from "react-i18next";
import { useOrganisationChoice } from "../app/organisation-choice.js";
import { useSession } from "../app/session.js";
import { nameOf } from "../app/ui.js";

export default function ChooseOrganisationPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const organisationChoice = useOrganisationChoice();
  return (
    <main className="login">
      <div className="card login-card">
        <h1>{t("org.choose")}</h1>
        <ul className="choices">
          {session?.organisations.map((o) => (
            <li key={o.id}>
              <button
                type="button"
                disabled={organisationChoice.choosing !== null}
                aria-busy={organisationChoice.choosing === o.id}
                onClick={() => organisationChoice.choose(o.id)}
              >
                <strong>{nameOf(o.name)}</strong>
                <span className="muted">{t(`org.kind.${o.kind}`)}</span>
              </button>
            </li>
          ))}
        </ul>
        {organisationChoice.refused && (
          <p className="state-error" role="alert">
            {organisationChoice.refused}
          </p>
        )}
      </div>
    </main>
  );
}
