import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import type { Role } from "../../src/server/access/roles.js";
import { createUserAsSystem } from "../../src/server/access/system-users.js";
import { buildApp } from "../../src/server/app.js";
import { createOrganisation, type NewOrganisation } from "../../src/server/orgs/service.js";
import { importUnits, type UnitsDocument } from "../../src/server/places/service.js";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import { loadConfig } from "../../src/server/platform/config.js";
import type { RequestContext } from "../../src/server/platform/context.js";
import type { Database } from "../../src/server/platform/db.js";
import { migrationsDir } from "../../src/server/platform/paths.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { householdFlag } from "../../src/server/registry/tables.js";
import { freshDatabaseConfig } from "./database.js";

export const TEST_PASSWORD = "correct-horse-battery";
export const systemCtx: RequestContext = { requestId: "test", locale: "en", client: "system", actor: null };

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The real service on a fresh database, driven through Fastify's inject (no sockets). */
export async function startTestApp(
  options: { sessionHours?: number; env?: Record<string, string>; statementTimeoutMs?: number } = {},
) {
  const fresh = await freshDatabaseConfig();
  const { drop } = fresh;
  const dbConfig =
    fresh.config.kind === "postgres" && options.statementTimeoutMs !== undefined
      ? { ...fresh.config, statementTimeoutMs: options.statementTimeoutMs }
      : fresh.config;
  const database = await prepareDatabase(dbConfig);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = {
    ...loadConfig({
      AIMAK_LOG_LEVEL: "info",
      AIMAK_SESSION_HOURS: String(options.sessionHours ?? 12),
      ...options.env,
    }),
    database: dbConfig,
  };
  const app = await buildApp({ database, config, logStream });
  await app.ready();
  let closed = false;
  return {
    app,
    database,
    config,
    logs,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await database.close().catch(() => {});
      await drop();
    },
  };
}

let counter = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** An organisation with one user per requested role set; returns ids for the tests. */
export async function seedOrganisation(
  database: Database,
  input: Partial<NewOrganisation> & { users: Record<string, Role[]> },
) {
  return withSystem(database, async (tx) => {
    const org = await createOrganisation(tx, systemCtx, {
      kind: input.kind ?? "ayil-okmotu",
      providerType: input.providerType ?? null,
      name: input.name ?? { ky: unique("Аймак ") },
      adminUnitCode: input.adminUnitCode ?? "41703220000000",
      ...(input.villageCodes ? { villageCodes: input.villageCodes } : {}),
    });
    const users: Record<string, { id: string; username: string }> = {};
    for (const [key, roles] of Object.entries(input.users)) {
      const username = unique(`${key}.`).toLowerCase();
      const id = await createUserAsSystem(tx, systemCtx, {
        orgId: org.id,
        username,
        displayName: `${key} ${org.name.ky}`,
        password: TEST_PASSWORD,
        locale: "ky",
        roles,
      });
      users[key] = { id, username };
    }
    return { org, users };
  });
}

export interface Session {
  cookie: string;
  csrf: string;
  orgId: string | null;
}

/** Logs in through the API and returns a client bound to that session. */
export async function login(app: TestApp["app"], username: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "aimak_session")!;
  const body = res.json() as { csrfToken: string; activeOrgId: string | null };
  return client(app, {
    cookie: `aimak_session=${cookie.value}`,
    csrf: body.csrfToken,
    orgId: body.activeOrgId,
  });
}

export type Client = ReturnType<typeof client>;

/** Registers a household of one, its head, through the API as a clerk; returns its card. */
export async function householdOfOne(
  clerk: Client,
  household: { villageCode: string; formedOn: string; head: Record<string, unknown> },
) {
  const created = await clerk.post("/api/registry/households", {
    villageCode: household.villageCode,
    formedOn: household.formedOn,
    members: [{ relation: "head", person: household.head }],
  });
  if (created.statusCode !== 201)
    throw new Error(`household not registered: ${created.statusCode} ${created.body}`);
  return (await clerk.get(`/api/registry/households/${created.json().id}`)).json();
}

/**
 * Gives a registered person a PIN that another current member of the municipality holds: the API
 * refuses that (`pinHeld`), but a register brought over from older books can hold such a pair, and
 * the probable duplicates' list and the merge are for it. Written straight in the table.
 */
export async function givePinHeldTwice(database: Database, personId: string, pin: string) {
  await withSystem(database, (tx) => tx.execute(sql`update person set pin = ${pin} where id = ${personId}`));
}

export function client(app: TestApp["app"], session: Session | { bearer: string }) {
  const headers = (method: string, extra: Record<string, string> = {}) => ({
    ...("bearer" in session
      ? { authorization: `Bearer ${session.bearer}` }
      : { cookie: session.cookie, ...(method === "GET" ? {} : { "x-csrf-token": session.csrf }) }),
    ...extra,
  });
  const call = (
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    payload?: unknown,
    extra?: Record<string, string>,
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: headers(method, extra),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    session,
    get: (url: string, extra?: Record<string, string>) => call("GET", url, undefined, extra),
    post: (url: string, payload?: unknown, extra?: Record<string, string>) =>
      call("POST", url, payload ?? {}, extra),
    patch: (url: string, payload: unknown, extra?: Record<string, string>) =>
      call("PATCH", url, payload, extra),
    put: (url: string, payload: unknown) => call("PUT", url, payload),
    delete: (url: string) => call("DELETE", url),
    call,
  };
}

/** An office over an area (a rayon, or the whole country for a national office), with one auditor. */
export function seedOffice(database: Database, adminUnitCode: string) {
  return seedOrganisation(database, {
    kind: "district-office",
    adminUnitCode,
    users: { auditor: ["auditor"] },
  });
}

/** Administrative units a test needs beside the country's bundled ones (an import's source "test"). */
export function seedUnits(database: Database, units: UnitsDocument["units"], validFrom = "1991-01-01") {
  return withSystem(database, (tx) =>
    importUnits(tx, { source: "test", countryCode: "KG", validFrom, units }),
  );
}

/**
 * A fictional ayil aimak with villages under a rayon (codes in the …99… range the real СОАТЕ does
 * not use), for register tests. Returns the aimak's code and the villages' codes.
 */
export async function seedAimak(
  database: Database,
  aimakCode: string,
  villages: number,
  rayonCode = "41703220000000",
) {
  const villageCodes = Array.from(
    { length: villages },
    (_, i) => `${aimakCode.slice(0, 12)}${String(i + 1).padStart(2, "0")}`,
  );
  await seedUnits(database, [
    { code: aimakCode, level: "ayil-aimak", parent: rayonCode, name: { ky: `Аймак ${aimakCode}` } },
    ...villageCodes.map((code, i) => ({
      code,
      level: "village" as const,
      parent: aimakCode,
      name: { ky: `Айыл ${i + 1}`, ru: `Село ${i + 1}` },
    })),
  ]);
  return { aimakCode, villageCodes };
}

/**
 * Ends a flag on a day still to come, as a book's import or records from before such days were
 * refused may hold (a benefit granted until then); the API clears a flag only on a day that has come.
 */
export async function endFlagAhead(
  database: Database,
  flagId: string,
  clearedOn: string,
  clearReason: string,
) {
  await withSystem(database, (tx) =>
    tx.update(householdFlag).set({ clearedOn, clearReason }).where(eq(householdFlag.id, flagId)),
  );
}

/**
 * Runs a migration's hand-written part again, as the upgrade of a register created before it would:
 * from its "-- hand-written" statement on (what drizzle-kit generated before it, such as a column
 * added, is in the database already), or the whole migration where it has none.
 */
export async function applyMigration(database: Database, file: string) {
  const statements = readFileSync(path.join(migrationsDir, file), "utf8").split("--> statement-breakpoint");
  const handWritten = Math.max(
    statements.findIndex((statement) => statement.includes("-- hand-written")),
    0,
  );
  await withSystem(database, async (tx) => {
    for (const statement of statements.slice(handWritten)) await tx.execute(sql.raw(statement));
  });
}
