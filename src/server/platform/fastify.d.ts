import "fastify";
import type { Authenticated } from "../access/auth.js";
import type { RouteGuard } from "../access/roles.js";
import type { RequestContext } from "./context.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call the route: checked for every route by the guard in app.ts. */
    guard?: RouteGuard;
  }
  interface FastifyInstance {
    routeTable: import("../app.js").RouteInfo[];
  }
  interface FastifyRequest {
    ctx: RequestContext;
    auth: Authenticated | null;
  }
}
