import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../domain/shared/errors.js";
import { xroadCallOf } from "../../domain/shared/xroad.js";
import {
  type Authenticated,
  authenticateApiToken,
  authenticateSession,
  savedLocaleOf,
} from "../access/auth.js";
import { actorAllows, type RouteGuard } from "../access/roles.js";
import { sameSecret } from "../access/secrets.js";
import type { Config } from "./config.js";
import type { Database } from "./db.js";
import { localeAsked } from "./i18n.js";
import { abandonLentTransaction, lendTransaction } from "./transactions.js";

export const SESSION_COOKIE = "aimak_session";
export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Runs before every handler: resolves who is calling (API token or session cookie), checks the
 * CSRF token on a browser's mutations, and the route's guard against the role table.
 */
export function makeGuard(database: Database, config: Config) {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    const guardName = request.routeOptions.config.guard;
    // Only the API docs and the web app's files have no guard; app.ts refuses any API route without one.
    if (!guardName) return;
    const openTenant = request.method === "GET" && request.routeOptions.config.readsInOneTransaction === true;
    // Read once: an error raised from here on is answered in the language settled here.
    request.authRead = true;
    const auth = await authenticate(request, database, config, openTenant);
    request.auth = auth;
    if (auth) {
      request.ctx.client = auth.client;
      request.ctx.actor = auth.actor;
      request.ctx.locale = localeAsked(request.query) ?? auth.locale;
    }
    try {
      check(request, guardName, auth);
      // Only a machine client comes through a security server; a browser's X-Road headers mean nothing.
      const xroad = auth?.client === "api-token" ? xroadCallOf(request.headers) : null;
      if (xroad) request.ctx.xroad = xroad;
    } catch (error) {
      auth?.tenantTransaction?.abandon();
      throw error;
    }
    const actor = auth?.actor;
    if (!auth?.tenantTransaction || !actor) return;
    // The handler's read-only withTenant takes it; whatever ends the request gives it back.
    lendTransaction(actor, auth.tenantTransaction);
    reply.raw.once("close", () => abandonLentTransaction(actor));
  };
}

/** The route's guard against the caller: signed in, CSRF token on a browser's mutation, role. */
function check(request: FastifyRequest, guardName: RouteGuard, auth: Authenticated | null) {
  if (guardName === "public") return;
  if (!auth) throw new DomainError("auth.required");
  if (auth.client === "browser" && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== "string" || !auth.csrfToken || !sameSecret(sent, auth.csrfToken)) {
      throw new DomainError("auth.csrf");
    }
  }
  if (guardName === "signed-in") return;
  if (!auth.actor) throw new DomainError("auth.organisationRequired");
  if (!actorAllows(auth.actor, guardName)) throw new DomainError("forbidden", { permission: guardName });
}

/**
 * Who is calling: an API token, or the session cookie; null when neither is sent. With
 * `openTenant`, a session's lookup also opens the request's read-only tenant transaction
 * (`tenantTransaction`), which the caller must lend or abandon.
 */
export async function authenticate(
  request: FastifyRequest,
  database: Database,
  config: Config,
  openTenant = false,
) {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const auth = await authenticateApiToken(database, header.slice(7).trim());
    if (!auth) throw new DomainError("auth.invalidToken");
    return auth;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  return authenticateSession(database, cookie, config.sessionHours, undefined, { openTenant });
}

/**
 * For an error raised before the guard read the request's session or API token (a body that could
 * not be parsed or is too large, an address with no route): the language the user saved, as the
 * guard would have settled it, unless `?lang=` named one. Read only then, so an error answered
 * after the guard costs no second look-up; without a valid credential the header's language stays.
 */
export async function settleLocaleForError(request: FastifyRequest, database: Database) {
  if (request.authRead) return;
  request.authRead = true;
  if (request.url.startsWith("/api/") && langNamed(request)) return;
  const header = request.headers.authorization;
  const cookie = request.cookies?.[SESSION_COOKIE];
  const credential = header?.startsWith("Bearer ")
    ? { apiToken: header.slice(7).trim() }
    : cookie
      ? { sessionToken: cookie }
      : null;
  if (!credential) return;
  const saved = await savedLocaleOf(database, credential);
  if (saved) request.ctx.locale = saved;
}

/**
 * Whether the request names its language with `?lang=`: that language answers, or, when the
 * service does not speak it, the header's, as the refusal of it always has been.
 */
function langNamed(request: FastifyRequest): boolean {
  return (request.query as Record<string, unknown> | undefined)?.lang !== undefined;
}
