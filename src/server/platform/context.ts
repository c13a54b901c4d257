import type { Locale } from "../../domain/places/units.js";
import type { XRoadCall } from "../../domain/shared/xroad.js";
import type { Role } from "../access/roles.js";

/** Who is asking, for which organisation, through which client: set by auth, used by every service. */
export interface RequestContext {
  requestId: string;
  locale: Locale;
  client: "browser" | "api-token" | "cli" | "system";
  /** Absent before log-in and for public routes. */
  actor: Actor | null;
  /**
   * A change carried out only to be rolled back and read (a merge's plan): it writes no audit
   * record, which would never be kept and would hold the organisation's audit chain, and so every
   * write of the organisation, until the rollback. (Its transaction also sets `aimak.rehearsal`, so
   * that the day counts' triggers leave the kept counts alone for the same reason: migration 0040.)
   */
  rehearsal?: true;
  /**
   * The X-Road (Tunduk) call an API token's request came through, from its security server's
   * headers: kept in the audit record of every change it makes.
   */
  xroad?: XRoadCall;
}

/**
 * A change no user made (a periodic job's, the SMS worker's, the demo's loading): recorded in the
 * audit trail as the system's, without an actor.
 */
export const systemContext = (requestId: string): RequestContext => ({
  requestId,
  locale: "ky",
  client: "system",
  actor: null,
});

export interface Actor {
  userId: string;
  username: string;
  /** The organisation the request acts for; writes land here. */
  orgId: string;
  roles: Role[];
  /** Organisations whose rows the request may read: its own, plus those under a district office. */
  readOrgIds: string[];
  /**
   * An office whose area holds every organisation (a national office): it reads them all, and its
   * country-wide search reads the whole register through `person_every_org`. Absent: false.
   */
  readsEveryOrganisation?: boolean;
  /**
   * A district, oblast or national office: it reads the municipalities' registers and keeps none,
   * so whatever its roles, it writes no register and issues no certificate (access/roles.ts).
   */
  office?: boolean;
  /** The acting organisation's clock (an IANA zone), read with the session: its "today". */
  timeZone: string;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Error("a signed-in actor is required here");
  return ctx.actor;
}
