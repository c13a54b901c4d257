import { describe, expect, it } from "vitest";
import { loggableError, statusOf } from "./errors.js";

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
});
