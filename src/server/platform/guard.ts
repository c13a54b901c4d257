import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../domain/shared/errors.js";
import { authenticateApiToken, authenticateSession } from "../access/auth.js";
import { roleAllows } from "../access/roles.js";
import { sameSecret } from "../access/secrets.js";
import type { Config } from "./config.js";
import type { Database } from "./db.js";

export const SESSION_COOKIE = "aimak_session";
export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Runs before every handler: resolves who is calling (API token or session cookie), checks the
 * CSRF token on a browser's mutations, and the route's guard against the role table.
 */
export function makeGuard(database: Database, config: Config) {
  return async function guard(request: FastifyRequest, _reply: FastifyReply) {
    const guardName = request.routeOptions.config.guard;
    // Only the API docs and the web app's files have no guard; app.ts refuses any API route without one.
    if (!guardName) return;
    const auth = await authenticate(request, database, config);
    request.auth = auth;
    if (auth) {
      request.ctx.client = auth.client;
      request.ctx.actor = auth.actor;
      request.ctx.locale = auth.locale;
    }
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
    if (!roleAllows(auth.actor.roles, guardName))
      throw new DomainError("forbidden", { permission: guardName });
  };
}

/** Who is calling: an API token, or the session cookie; null when neither is sent. */
export async function authenticate(request: FastifyRequest, database: Database, config: Config) {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const auth = await authenticateApiToken(database, header.slice(7).trim());
    if (!auth) throw new DomainError("auth.invalidToken");
    return auth;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  return authenticateSession(database, cookie, config.sessionHours);
}
