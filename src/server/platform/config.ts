import path from "node:path";
import { z } from "zod";

/**
 * The longest one statement of a request may run on PostgreSQL, unless configured otherwise. The
 * slowest request measured at national scale took 7 s whole (the list of people registered
 * elsewhere too, its first page after a restart: BENCHMARKS.md). A runaway statement holds one of
 * the pool's ten connections until it ends, and a few of them stall every office.
 */
export const REQUEST_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * Every environment variable the service reads, parsed once at start-up. A bad value stops the
 * service with a message naming the variable; nothing else in the code reads process.env.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe("HTTP port"),
  HOST: z.string().default("0.0.0.0").describe("interface to listen on"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .describe("PostgreSQL server; when unset the embedded PGlite database is used"),
  AIMAK_DATA_DIR: z.string().default("./data").describe("folder of the embedded database"),
  AIMAK_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  AIMAK_SESSION_HOURS: z.coerce.number().positive().default(12).describe("idle session lifetime"),
  AIMAK_SECURE_COOKIES: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .describe("mark cookies Secure (set true behind HTTPS)"),
  AIMAK_SMS_GATEWAY_URL: z
    .string()
    .url()
    .optional()
    .describe(
      "SMS gateway endpoint (see src/server/messaging/gateway.ts); unset = messages wait in the outbox",
    ),
  AIMAK_SMS_GATEWAY_TOKEN: z.string().optional().describe("bearer token sent to the SMS gateway"),
  AIMAK_SMS_CALLBACK_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe("shared secret the gateway sends with delivery reports (X-Aimak-Sms-Secret)"),
  AIMAK_PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe("public address, used in links such as certificate QR codes"),
  AIMAK_MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, "must be an http(s) URL with {z}, {x} and {y}")
    .optional()
    .describe(
      "map tiles behind the canal network (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png); unset = a plain background, no tile server needed",
    ),
  AIMAK_SUMMARY_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2000)
    .describe(
      "how long an office's register summary (or its file) waits for municipalities not counted yet before answering 202 (being prepared); the counting goes on",
    ),
  AIMAK_MAP_TILE_ATTRIBUTION: z.string().max(300).optional().describe("the tiles' attribution text"),
  AIMAK_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(REQUEST_STATEMENT_TIMEOUT_MS)
    .describe(
      "PostgreSQL: the longest one statement of a request may run before it is stopped and the request answered 503 (0 = no bound); a book's import, the periodic jobs and the command line are not bound",
    ),
  AIMAK_LIST_FILE_MAX_HOUSEHOLDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(20_000)
    .describe(
      "the most households one file of a searched household list holds (a larger list is refused, asking for a village or a flag)",
    ),
});

export interface Config {
  port: number;
  host: string;
  /**
   * A server's `statementTimeoutMs`: the longest a request's statement may run (absent:
   * REQUEST_STATEMENT_TIMEOUT_MS; 0: no bound). PGlite has no timer to stop a statement with.
   */
  database:
    | { kind: "postgres"; url: string; statementTimeoutMs?: number }
    /**
     * `image`: a data directory PGlite dumped (`dumpDataDir`) to start from instead of an empty one.
     * The tests start each in-memory database from one image migrated once per run, not from initdb.
     */
    | { kind: "pglite"; dataDir: string | null; image?: Blob };
  logLevel: z.infer<typeof envSchema>["AIMAK_LOG_LEVEL"];
  sessionHours: number;
  secureCookies: boolean;
  publicUrl: string | null;
  sms: { gatewayUrl: string | null; gatewayToken: string | null; callbackSecret: string | null };
  map: { tileUrl: string | null; tileAttribution: string | null };
  summaryWaitMs: number;
  listFileMaxHouseholds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL, statementTimeoutMs: e.AIMAK_STATEMENT_TIMEOUT_MS }
      : { kind: "pglite", dataDir: path.resolve(e.AIMAK_DATA_DIR) },
    logLevel: e.AIMAK_LOG_LEVEL,
    sessionHours: e.AIMAK_SESSION_HOURS,
    secureCookies: e.AIMAK_SECURE_COOKIES,
    publicUrl: e.AIMAK_PUBLIC_URL ?? null,
    sms: {
      gatewayUrl: e.AIMAK_SMS_GATEWAY_URL ?? null,
      gatewayToken: e.AIMAK_SMS_GATEWAY_TOKEN ?? null,
      callbackSecret: e.AIMAK_SMS_CALLBACK_SECRET ?? null,
    },
    map: { tileUrl: e.AIMAK_MAP_TILE_URL ?? null, tileAttribution: e.AIMAK_MAP_TILE_ATTRIBUTION ?? null },
    summaryWaitMs: e.AIMAK_SUMMARY_WAIT_MS,
    listFileMaxHouseholds: e.AIMAK_LIST_FILE_MAX_HOUSEHOLDS,
  };
}

/** The documented variables, for `aimak --help` and the README. */
export const configVariables = Object.entries(envSchema.shape).map(([name, schema]) => ({
  name,
  description: schema.description ?? "",
}));
