import { describe, expect, it } from "vitest";
import { failureOfAnswer, gatewayWords, isTriedAgain } from "./sms-failure.js";

describe("why an SMS failed", () => {
  it("reads the gateway's answer: none is unreachable, 5xx and 429 busy, any other status refused", () => {
    expect(failureOfAnswer(null)).toBe("gateway-unreachable");
    for (const status of [500, 502, 503, 504, 429]) expect(failureOfAnswer(status)).toBe("gateway-busy");
    for (const status of [400, 401, 402, 403, 404, 422])
      expect(failureOfAnswer(status)).toBe("gateway-refused");
  });

  it("tries a message again when the gateway did not answer or was busy, never when it refused", () => {
    expect(isTriedAgain("gateway-unreachable")).toBe(true);
    expect(isTriedAgain("gateway-busy")).toBe(true);
    expect(isTriedAgain("gateway-refused")).toBe(false);
  });

  it("keeps the gateway's words on one trimmed line, an error page cut short", () => {
    expect(gatewayWords("  unknown\n subscriber \t")).toBe("unknown subscriber");
    expect(gatewayWords(" \n ")).toBe("");
    const page = `<html>\n  <head><title>503 Service Unavailable</title></head>\n<body>${"x".repeat(500)}</body></html>`;
    const words = gatewayWords(page);
    expect(words).toHaveLength(200);
    expect(words.startsWith("<html> <head><title>503 Service Unavailable</title></head> <body>xxx")).toBe(
      true,
    );
    expect(words.endsWith("x…")).toBe(true);
  });
});
