/** PostgreSQL reports a unique violation as SQLSTATE 23505, on PGlite and node-postgres alike. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}

/** An error and the errors it wraps: Drizzle wraps a driver's error as its cause. */
function* causes(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let e: unknown = error;
  for (let depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

function sqlState(error: unknown): string | undefined {
  for (const { code } of causes(error))
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  return undefined;
}

/** SQLSTATE 57014: a statement stopped by the statement timeout or an administrator's cancel. */
export function isStatementCancelled(error: unknown): boolean {
  return sqlState(error) === "57014";
}

/** SQLSTATE 55P03: a lock not granted within the transaction's lock_timeout. */
export function isLockNotAvailable(error: unknown): boolean {
  return sqlState(error) === "55P03";
}

/** Node's codes for a connection refused, reset or never made. */
const LINK_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

/**
 * The database could not be reached, or its server process ended under the request (a restart, a
 * failover, a lost link): not a fault of ours, and asking again may be answered. SQLSTATE class 08
 * is a connection exception, 57P an operator's intervention (57P01 the server shutting down), 25P03
 * a transaction that waited too long between two statements (see db.ts); pg and its pool say the
 * rest in words.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (const { code, message } of causes(error)) {
    if (
      typeof code === "string" &&
      (/^(08[0-9A-Z]{3}|57P[0-9A-Z]{2}|25P03)$/.test(code) || LINK_ERRORS.has(code))
    )
      return true;
    if (
      typeof message === "string" &&
      /Connection terminated|not queryable|timeout exceeded when trying to connect/.test(message)
    )
      return true;
  }
  return false;
}
