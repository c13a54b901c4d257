import { describe, expect, it } from "vitest";
import { loggableError, statusOf, toDomainError } from "./errors.js";

describe("errors", () => {
  it("logs a failed query without its parameters", () => {
    const cause = Object.assign(new Error("permission denied for table app_user"), { code: "42501" });
    const error = new Error(
      'Failed query: insert into "app_user" values ($1, $2)\nparams: 0193,$argon2id$v=19$m=19456$secret-hash',
      { cause },
    );
    const logged = JSON.stringify(loggableError(error));
    expect(logged).toContain("Failed query: insert into");
    expect(logged).toContain("42501");
    expect(logged).not.toContain("argon2id");
    expect(logged).not.toContain("secret-hash");
  });

  it("maps codes to HTTP statuses by prefix, business rules to 422", () => {
    expect(statusOf("validation.fields")).toBe(400);
    expect(statusOf("auth.invalidToken")).toBe(401);
    expect(statusOf("auth.csrf")).toBe(403);
    expect(statusOf("notFound.user")).toBe(404);
    expect(statusOf("conflict.version")).toBe(409);
    expect(statusOf("tokens.roleNotHeld")).toBe(422);
  });

  it("says a database out of reach or a server process ended under the request is unavailable (503), anything else internal", () => {
    const pgError = (code: string, message = "…") => Object.assign(new Error(message), { code });
    const unavailable = [
      pgError("57P01", "terminating connection due to administrator command"),
      pgError("08006", "connection failure"),
      pgError("25P03", "terminating connection due to idle-in-transaction timeout"),
      pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("timeout exceeded when trying to connect"),
      // Drizzle's wrapping of a failed query, the driver's error as its cause.
      new Error("Failed query: select 1\nparams: ", { cause: pgError("57P01") }),
    ];
    for (const error of unavailable) expect(toDomainError(error).code, String(error)).toBe("unavailable");
    expect(statusOf("unavailable")).toBe(503);
    const ours = [
      pgError("23505", "duplicate key value violates unique constraint"),
      new Error("Failed query: select 1\nparams: ", { cause: pgError("42501") }),
      new TypeError("x is undefined"),
    ];
    for (const error of ours) expect(toDomainError(error).code, String(error)).toBe("internal");
  });

  it("says a statement stopped at the statement timeout, or cancelled, took too long (503: nothing changed, ask again)", () => {
    const stopped = Object.assign(new Error("canceling statement due to statement timeout"), {
      code: "57014",
    });
    expect(toDomainError(stopped).code).toBe("timedOut");
    expect(toDomainError(new Error("Failed query: select 1\nparams: ", { cause: stopped })).code).toBe(
      "timedOut",
    );
    expect(statusOf("timedOut")).toBe(503);
  });
});
