import { useSession } from "../app/session.js";

/** A district office counts the registers it reads, by municipality; a municipality its own, by village. */
export function useSummaryScope(): "organisation" | "readable" {
  const { session } = useSession();
  const org = session?.organisations.find((o) => o.id === session.activeOrgId);
  return org?.kind === "district-office" ? "readable" : "organisation";
}

export function summaryQuery(scope: "organisation" | "readable", on = "") {
  const query = new URLSearchParams(on ? { on } : {});
  if (scope === "readable") query.set("scope", scope);
  return query.toString();
}
