import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "./api.js";
import { useSession } from "./session.js";
import { problemText } from "./ui.js";

/**
 * Acting for another organisation, which only the service can grant (it names the organisation
 * for every change after): without a link the page stays with the one it has, and says why.
 */
export function useOrganisationChoice() {
  const { t } = useTranslation();
  const { chooseOrganisation } = useSession();
  const [refused, setRefused] = useState<string | null>(null);
  // The organisation asked for until the service answers (a switch also waits for a queue's flush
  // under way): shown as chosen, and no other asked meanwhile.
  const [choosing, setChoosing] = useState<string | null>(null);
  return {
    refused,
    choosing,
    choose(orgId: string) {
      setRefused(null);
      setChoosing(orgId);
      chooseOrganisation(orgId)
        .catch((e: unknown) => {
          if (!(e instanceof ApiProblem)) throw e;
          setRefused(e.status === 0 ? t("org.switchNeedsLink") : problemText(e, t));
        })
        .finally(() => setChoosing(null));
    },
  };
}
