/**
 * One sample request for every API route, keyed "METHOD /url". The isolation and access tests
 * walk the app's route table and fail on any route missing here, so a new route cannot escape them.
 * `ids` name the records the request targets (another organisation's, for the isolation test).
 */
export interface TargetIds {
  orgId: string;
  userId: string;
  tokenId: string;
  placeCode: string;
  smsId: string;
}

export interface Sample {
  url: string;
  body?: unknown;
  /**
   * What the route does with another organisation's ids:
   * - "targets": addresses a record by id; must answer 403/404
   * - "lists": returns the caller's own records; must contain nothing of the other organisation
   * - "own": acts only on the caller's own session or organisation
   * - "shared": shared reference data (no tenant)
   * - "public": no sign-in
   */
  kind: "targets" | "lists" | "own" | "shared" | "public";
}

export function routeSamples(ids: TargetIds, version = 1): Record<string, Sample> {
  return {
    "GET /healthz": { url: "/healthz", kind: "public" },
    "POST /api/auth/login": {
      url: "/api/auth/login",
      body: { username: "x", password: "y" },
      kind: "public",
    },
    "GET /api/auth/session": { url: "/api/auth/session", kind: "own" },
    "POST /api/auth/organisation": {
      url: "/api/auth/organisation",
      body: { orgId: ids.orgId },
      kind: "targets",
    },
    "POST /api/auth/logout": { url: "/api/auth/logout", kind: "own" },
    "POST /api/auth/logout-everywhere": { url: "/api/auth/logout-everywhere", kind: "own" },
    "PATCH /api/me": { url: "/api/me", body: { locale: "ru" }, kind: "own" },
    "GET /api/users": { url: "/api/users", kind: "lists" },
    "POST /api/users": {
      url: "/api/users",
      body: {
        username: `sample${Math.random().toString(36).slice(2, 8)}`,
        displayName: "S",
        password: "a-good-password",
        roles: ["clerk"],
      },
      kind: "own",
    },
    "GET /api/users/:userId": { url: `/api/users/${ids.userId}`, kind: "targets" },
    "PATCH /api/users/:userId": {
      url: `/api/users/${ids.userId}`,
      body: { version, displayName: "Changed" },
      kind: "targets",
    },
    "GET /api/tokens": { url: "/api/tokens", kind: "lists" },
    "POST /api/tokens": { url: "/api/tokens", body: { name: "sample", role: "auditor" }, kind: "own" },
    "DELETE /api/tokens/:tokenId": { url: `/api/tokens/${ids.tokenId}`, kind: "targets" },
    "GET /api/roles": { url: "/api/roles", kind: "shared" },
    "GET /api/organisation": { url: "/api/organisation", kind: "lists" },
    "PATCH /api/organisation": {
      url: "/api/organisation",
      body: { version, details: { phone: "1" } },
      kind: "own",
    },
    "GET /api/organisations": { url: "/api/organisations", kind: "lists" },
    "GET /api/places": { url: "/api/places?level=oblast", kind: "shared" },
    "GET /api/places/:code": { url: `/api/places/${ids.placeCode}`, kind: "shared" },
    "GET /api/audit": { url: `/api/audit?userId=${ids.userId}`, kind: "lists" },
    "GET /api/audit/verify": { url: "/api/audit/verify", kind: "lists" },
    "GET /api/sms": { url: "/api/sms", kind: "lists" },
    "POST /api/sms": { url: "/api/sms", body: { to: "0555 00 00 00", body: "Салам" }, kind: "own" },
    "POST /api/sms/:smsId/retry": { url: `/api/sms/${ids.smsId}/retry`, kind: "targets" },
    "POST /api/sms/delivery": {
      url: "/api/sms/delivery",
      body: { reference: ids.smsId, status: "delivered" },
      kind: "public",
    },
  };
}

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
