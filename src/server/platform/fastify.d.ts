import "fastify";
import type { Authenticated } from "../access/auth.js";
import type { RouteGuard } from "../access/roles.js";
import type { RequestContext } from "./context.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call the route: checked for every route by the guard in app.ts. */
    guard?: RouteGuard;
    /**
     * The handler reads in one read-only withTenant: for a browser's GET the guard opens that
     * transaction with the session lookup, in one round trip (see authenticateSession).
     */
    readsInOneTransaction?: boolean;
    /**
     * The request or its answer holds a secret (a password; an API token or a session's CSRF
     * token shown once): such a request ignores its Idempotency-Key, so no hash of it nor its answer
     * is kept for a repeat (platform/replay.ts).
     */
    holdsSecret?: boolean;
  }
  interface FastifyInstance {
    routeTable: import("../app.js").RouteInfo[];
  }
  interface FastifyRequest {
    ctx: RequestContext;
    auth: Authenticated | null;
    /** The guard has read (or tried to read) the request's session or API token. */
    authRead: boolean;
  }
}
