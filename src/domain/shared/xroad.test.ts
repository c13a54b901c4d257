import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.js";
import { xroadCallOf } from "./xroad.js";

const refusal = (headers: Record<string, string | string[]>) => {
  try {
    xroadCallOf(headers);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, params: error.params };
    throw error;
  }
  return null;
};

describe("xroadCallOf", () => {
  it("is null for a call without X-Road headers", () => {
    expect(xroadCallOf({ "content-type": "application/json" })).toBeNull();
  });

  it("keeps the client, service, message id, user, case and represented party as sent", () => {
    expect(
      xroadCallOf({
        "x-road-client": "central-server/GOV/70000001/social-fund",
        "x-road-service": "central-server/GOV/70000042/aimak/householdComposition",
        "x-road-id": " 6f0b1c2e-1d5c-4c1f-9a7e-2b8d0e6a5f10 ",
        "x-road-userid": "KG21205198700123",
        "x-road-issue": "benefit application 2026-118",
        "x-road-represented-party": "COM/12345678",
      }),
    ).toEqual({
      client: "central-server/GOV/70000001/social-fund",
      service: "central-server/GOV/70000042/aimak/householdComposition",
      messageId: "6f0b1c2e-1d5c-4c1f-9a7e-2b8d0e6a5f10",
      userId: "KG21205198700123",
      issue: "benefit application 2026-118",
      representedParty: "COM/12345678",
    });
  });

  it("takes a member as client, and a part with an encoded slash as one part", () => {
    expect(xroadCallOf({ "x-road-client": "central-server/GOV/70000001" })).toEqual({
      client: "central-server/GOV/70000001",
    });
    expect(xroadCallOf({ "x-road-client": "central-server/GOV/700%2F01/sub" })).toEqual({
      client: "central-server/GOV/700%2F01/sub",
    });
  });

  it("leaves out a free-text header sent empty", () => {
    expect(xroadCallOf({ "x-road-client": "cs/GOV/1/s", "x-road-issue": "  " })).toEqual({
      client: "cs/GOV/1/s",
    });
  });

  it("refuses a client of too few or too many parts, an empty part or a bad escape, naming the form", () => {
    const form = { header: "X-Road-Client", form: "INSTANCE/CLASS/MEMBER/SUBSYSTEM" };
    for (const client of [
      "cs/GOV",
      "cs/GOV/1/sub/extra",
      "cs//1/sub",
      "cs/GOV/%20/sub",
      "cs/GOV/1/%E0%A4%A",
    ]) {
      expect(refusal({ "x-road-client": client }), client).toEqual({
        code: "validation.xroadHeader",
        params: form,
      });
    }
  });

  it("refuses a service that is not a subsystem's service", () => {
    expect(refusal({ "x-road-client": "cs/GOV/1/s", "x-road-service": "cs/GOV/1/s" })).toEqual({
      code: "validation.xroadHeader",
      params: { header: "X-Road-Service", form: "INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE" },
    });
  });

  it("refuses control characters, an overlong text and a header sent twice", () => {
    const text = (header: string) => ({ code: "validation.xroadText", params: { header, max: 255 } });
    expect(refusal({ "x-road-client": "cs/GOV/1/s", "x-road-issue": "a\u0007b" })).toEqual(
      text("X-Road-Issue"),
    );
    expect(refusal({ "x-road-client": "cs/GOV/1/s", "x-road-userid": "x".repeat(256) })).toEqual(
      text("X-Road-UserId"),
    );
    expect(refusal({ "x-road-client": "cs/GOV/1/s", "x-road-id": ["a", "b"] })).toEqual(text("X-Road-Id"));
    expect(refusal({ "x-road-client": "cs/GOV/1/%0Asub" })?.code).toBe("validation.xroadHeader");
  });

  it("refuses a message id, user or case without the client that sent them", () => {
    expect(refusal({ "x-road-id": "abc" })).toEqual({
      code: "validation.xroadHeader",
      params: { header: "X-Road-Client", form: "INSTANCE/CLASS/MEMBER/SUBSYSTEM" },
    });
  });
});
