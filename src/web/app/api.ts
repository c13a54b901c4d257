import type { Role } from "../../domain/access/roles.js";
import type { Locale } from "../../domain/places/units.js";
import type { XRoadCall } from "../../domain/shared/xroad.js";
import { currentLocale } from "./i18n.js";

/** A problem+json answer; the server has already put its title and messages in our language. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly errors: { path: string; code: string; message: string }[] = [],
    /** A change whose answer was lost: sent again, it is answered from the first (see idempotencyKeyFor). */
    readonly repeatable = false,
    /** The household a refusal names, to link to its card. */
    readonly household?: { id: string; number: number },
    /** The record a merged person's id lives on as, to open instead (`household` then holds it). */
    readonly mergedInto?: { id: string; name: string },
  ) {
    super(title);
  }
  /**
   * A change sent again after a lost answer, refused because its first sending was saved
   * (`conflict.requestKeyReused`): the first sending's own answer, asked for again, so a page can
   * show what was saved (the household it registered) instead of only saying so.
   */
  firstAnswer?: unknown;
  /**
   * Field messages keyed by the field's path in what was sent ("members.0.person.pin"), as the
   * schema's and the service's refusals both name a body's field; a query's or a path's parameter
   * comes with its part first ("querystring."), which a form's field names leave out. A field
   * wrong in two ways (a PIN that disagrees with both sex and birth date) keeps both messages, one
   * a line, so the clerk fixes both at once.
   */
  fieldErrors(): Record<string, string> {
    const byField = new Map<string, string[]>();
    for (const e of this.errors) {
      const field = e.path.replace(/^(querystring|params|headers)\./, "");
      const messages = byField.get(field) ?? [];
      if (!messages.includes(e.message)) messages.push(e.message);
      byField.set(field, messages);
    }
    return Object.fromEntries([...byField].map(([field, messages]) => [field, messages.join("\n")]));
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  // Another session (another login, or signed out): a key left unanswered was another login's.
  if (token !== csrfToken) {
    unansweredChanges.clear();
    lostAnswers.clear();
  }
  csrfToken = token;
}

/**
 * Set while the app runs on the session this browser remembered, not yet confirmed by the service
 * (it started without a link), so without a CSRF token: a change first has the session confirmed,
 * which gives the token, and is not sent when the session has ended meanwhile. Any answer of the
 * service meanwhile says the link is back, and has the session confirmed too.
 */
let confirmSession: (() => Promise<void>) | null = null;
export function confirmSessionFirst(confirm: (() => Promise<void>) | null) {
  confirmSession = confirm;
}

/**
 * The service records a queue's entries in the organisation the session acts for when they come, so
 * a switch of organisation waits until the sends under way for the present one are answered, and
 * none begins during a switch (its entries wait on the device for their owner): an entry is never
 * recorded in, nor refused by, an organisation it was not entered in.
 */
const sendsForOrganisation = new Set<Promise<unknown>>();
let switches = 0;

/** A send for the session's organisation; undefined, nothing sent, while the organisation changes. */
export function sendForOrganisation<T>(send: () => Promise<T>): Promise<T> | undefined {
  if (switches > 0) return undefined;
  const sending = send();
  sendsForOrganisation.add(sending);
  const answered = () => sendsForOrganisation.delete(sending);
  sending.then(answered, answered);
  return sending;
}

/** Changes the session's organisation once the sends under way for the present one are answered. */
export async function switchOrganisation<T>(change: () => Promise<T>): Promise<T> {
  switches++;
  try {
    await Promise.allSettled(sendsForOrganisation);
    return await change();
  } finally {
    switches--;
  }
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * The Idempotency-Key of each change (POST, PUT, PATCH, DELETE) whose answer has not come back well
 * (the link dropped, a proxy timed out, the server said no): sending the same request again sends
 * the same key, so a change the server did make is answered from its first time instead of being
 * made twice or refused as stale (server/platform/replay.ts). A good answer forgets the key: the
 * same request sent after it is a new one.
 */
const unansweredChanges = new Map<string, string>();

export function idempotencyKeyFor(request: string): string {
  let key = unansweredChanges.get(request);
  if (!key) {
    // getRandomValues works on a plain-http office network, where randomUUID does not.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    unansweredChanges.set(request, key);
  }
  return key;
}

export function changeAnswered(request: string, ok: boolean) {
  if (ok) unansweredChanges.delete(request);
}

/**
 * The key of the change whose answer was lost on the way, by its method and address: the next
 * change sent there goes under it whatever its body, so a form corrected after a lost answer is
 * written only if the first sending never was, and otherwise the server says the first was saved
 * (`FIRST_SENDING_SAVED`) and writes nothing more. Any answer of the server but "in progress" or a
 * server's fault settles what became of the first sending, and the key is let go.
 */
const lostAnswers = new Map<string, { key: string; bodies: Set<string> }>();

/**
 * The server's answers that a change sent again under its key had been made by its first sending
 * (whose answer was lost), and this sending made nothing: the one with another body, and the one
 * whose first answer the service could not keep.
 */
export const FIRST_SENDING_SAVED: ReadonlySet<string> = new Set([
  "conflict.requestKeyReused",
  "conflict.requestDoneAnswerLost",
]);

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  const address = `${method} ${path}`;
  const change = method === "GET" ? null : `${address}\n${json ?? ""}`;
  // Offline, the browser sends nothing: said as such, not as an answer that may have been lost.
  if (change && !navigator.onLine) throw new ApiProblem(0, "offline", "");
  if (change && confirmSession) await confirmSession();
  const lost = lostAnswers.get(address);
  const key = change ? (lost?.key ?? idempotencyKeyFor(change)) : null;
  let response: Response;
  try {
    response = await send(method, path, json, key);
  } catch {
    if (key) {
      const sent = lost ?? { key, bodies: new Set<string>() };
      sent.bodies.add(json ?? "");
      lostAnswers.set(address, sent);
    }
    throw new ApiProblem(0, "network", "", [], change !== null);
  }
  // The confirmation's own failure is the session's to handle (session.tsx): this answer stands.
  if (confirmSession) confirmSession().catch(() => undefined);
  const { problem, data } = await read(response);
  if (change && key) {
    changeAnswered(change, problem === null);
    const settled =
      problem === null || (problem.status < 500 && problem.code !== "conflict.requestInProgress");
    if (settled && lost?.key === key) {
      lostAnswers.delete(address);
      // The first sending's own body, sent again, is a new request now.
      for (const [request, k] of unansweredChanges) if (k === key) unansweredChanges.delete(request);
      if (problem?.code === "conflict.requestKeyReused")
        problem.firstAnswer = await firstAnswerOf(method, path, key, lost.bodies, json);
    }
  }
  if (problem) throw problem;
  return data as T;
}

/** One request, sent; throws when no answer came. */
function send(method: Method, path: string, json: string | undefined, key: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": currentLocale() };
  if (json !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  if (key) headers["idempotency-key"] = key;
  return fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(json !== undefined ? { body: json } : {}),
  });
}

/** An answer's body, and a refusal as an ApiProblem. */
async function read(response: Response): Promise<{ problem: ApiProblem | null; data: unknown }> {
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  return { problem: response.ok ? null : problemOf(response.status, response.statusText, data), data };
}

/**
 * The answer the server kept for the sending under `key` whose answer was lost: each body sent
 * under the key but this one is sent again, and the one the server took is answered from its first
 * time (a body it did not take is refused again, and nothing is written: the key has its answer).
 * Undefined when none comes back.
 */
async function firstAnswerOf(
  method: Method,
  path: string,
  key: string,
  bodies: Set<string>,
  refused: string | undefined,
): Promise<unknown> {
  for (const body of bodies) {
    if (body === (refused ?? "")) continue;
    try {
      const { problem, data } = await read(await send(method, path, body === "" ? undefined : body, key));
      if (!problem) return data;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The problem+json of a refused request as an ApiProblem (its texts already in our language). */
function problemOf(status: number, statusText: string, data: unknown): ApiProblem {
  const p = (data ?? {}) as Partial<{
    code: string;
    title: string;
    errors: ApiProblem["errors"];
    household: ApiProblem["household"];
    mergedInto: ApiProblem["mergedInto"];
  }>;
  return new ApiProblem(
    status,
    p.code ?? "internal",
    p.title ?? statusText,
    p.errors ?? [],
    false,
    p.household,
    p.mergedInto,
  );
}

/**
 * A refusal's body as an ApiProblem. A proxy's error page is not problem+json: the page then says,
 * in our language, that it failed.
 */
export function problemOfBody(status: number, statusText: string, body: string): ApiProblem {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return new ApiProblem(status, "internal", "");
  }
  return problemOf(status, statusText, data);
}

/**
 * Downloads a file the server gives out (a GET, or a POST of `upload`'s body: a file the server
 * answers about) and saves it under the name it gives, or answers "preparing" when the server says
 * 202 (still being counted: ask again), so a page can say so instead of saving the 202's JSON as
 * the file. A refusal is an ApiProblem, as with api().
 */
export async function downloadFile(
  path: string,
  upload?: { body: Blob; csrf: string | null },
): Promise<"saved" | "preparing"> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: {
        "accept-language": currentLocale(),
        ...(upload ? { "content-type": "application/octet-stream", "x-csrf-token": upload.csrf ?? "" } : {}),
      },
      credentials: "same-origin",
      ...(upload ? { method: "POST", body: upload.body } : {}),
    });
  } catch {
    throw new ApiProblem(0, "network", "");
  }
  if (response.status === 202) return "preparing";
  if (!response.ok) throw problemOfBody(response.status, response.statusText, await response.text());
  const named = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "");
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = named?.[1] ?? path.split("/").pop()!.split("?")[0]!;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; a moment later the address can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return "saved";
}

// The shapes the pages use; test/unit/api-contract.test.ts checks the paths exist in openapi.json.
export { ROLES, type Role } from "../../domain/access/roles.js";
export type LocalizedText = Partial<Record<Locale, string>>;

export interface Session {
  user: { id: string; username: string; displayName: string; locale: Locale };
  organisations: {
    id: string;
    kind: string;
    name: LocalizedText;
    timeZone: string;
    /** An office's reach; null for a municipality or a water provider. */
    area: "district" | "oblast" | "country" | null;
    roles: Role[];
  }[];
  activeOrgId: string | null;
  roles: Role[];
  permissions: string[];
  csrfToken: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  roles: Role[];
  disabledAt: string | null;
  lockedUntil: string | null;
  version: number;
  createdAt: string;
  /** This organisation is the login's home: it alone sets the name, language, password, disabling. */
  managedHere: boolean;
}

export interface Organisation {
  id: string;
  kind: string;
  providerType: string | null;
  name: LocalizedText;
  adminUnitCode: string;
  details: Record<string, string | undefined>;
  defaultLocale: Locale;
  /** IANA zone of the organisation's local days (Asia/Bishkek, Asia/Dushanbe…). */
  timeZone: string;
  version: number;
  villageCodes: string[];
  /** The unit its unit was merged into, and the day: its register is kept there now. */
  mergedInto: { code: string; name: LocalizedText; on: string } | null;
  /** What papers in a language lack: a Russian paper prints the Kyrgyz address without a Russian one. */
  paperGaps: { locale: "ru"; field: "addressRu" }[];
}

export interface AuditRecord {
  id: string;
  seq: number;
  at: string;
  actor: string;
  client: string;
  requestId: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** The X-Road (Tunduk) call that made the change, if one did. */
  xroad: XRoadCall | null;
}

export const ENDPOINTS = {
  login: ["POST", "/api/auth/login"],
  session: ["GET", "/api/auth/session"],
  chooseOrganisation: ["POST", "/api/auth/organisation"],
  logout: ["POST", "/api/auth/logout"],
  logoutEverywhere: ["POST", "/api/auth/logout-everywhere"],
  me: ["PATCH", "/api/me"],
  users: ["GET", "/api/users"],
  createUser: ["POST", "/api/users"],
  updateUser: ["PATCH", "/api/users/{userId}"],
  organisation: ["GET", "/api/organisation"],
  updateOrganisation: ["PATCH", "/api/organisation"],
  audit: ["GET", "/api/audit"],
  verifyAudit: ["GET", "/api/audit/verify"],
  // The audit page names the places its records name.
  placesByCode: ["GET", "/api/places"],
  sms: ["GET", "/api/sms"],
  sendSms: ["POST", "/api/sms"],
  retrySms: ["POST", "/api/sms/{smsId}/retry"],
} as const;
