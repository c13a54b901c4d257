import { activeOrganisation, useSession } from "../app/session.js";

/**
 * Whose register the register pages read: a municipality its own; a district office has none of its
 * own and reads those of the municipalities under it (searches them, counts them by municipality).
 */
export function useRegisterScope(): "organisation" | "readable" {
  const { session } = useSession();
  return activeOrganisation(session)?.kind === "district-office" ? "readable" : "organisation";
}

export function summaryQuery(scope: "organisation" | "readable", on = "") {
  const query = new URLSearchParams(on ? { on } : {});
  if (scope === "readable") query.set("scope", scope);
  return query.toString();
}
