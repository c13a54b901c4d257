import { api, type Organisation } from "../app/api.js";
import { activeOrganisation, useSession } from "../app/session.js";
import { nameOf, useLoad } from "../app/ui.js";

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

/**
 * Whose book a household is in, by the municipality's id: an office (`wide`) reads the books of
 * the municipalities under it and names them; a municipality reads only its own and needs no names.
 */
export function useBookKeepers(wide: boolean) {
  const books = useLoad(
    () => (wide ? api<Organisation[]>("GET", "/api/organisations") : Promise.resolve([])),
    wide ? "organisations" : "",
  );
  return (orgId: string | undefined) => {
    const o = books.data?.find((x) => x.id === orgId);
    return o ? nameOf(o.name) : "";
  };
}
