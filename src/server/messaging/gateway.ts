import { failureOfAnswer, type GatewayFailure, gatewayWords } from "../../domain/shared/sms-failure.js";

/**
 * How Aimak hands a message to an SMS provider. The HTTP gateway speaks a small JSON protocol that
 * any provider can be adapted to with a thin proxy:
 *   POST <AIMAK_SMS_GATEWAY_URL>  {"to": "+996…", "text": "…", "reference": "<message id>"}
 *   Authorization: Bearer <AIMAK_SMS_GATEWAY_TOKEN>
 *   → 2xx {"id": "<provider id>"} accepted; 4xx (not 429) refused for good; 5xx, 429 or no answer: retry
 *   (failureOfAnswer).
 * Delivery reports come back to POST /api/sms/delivery.
 */
export interface SmsGateway {
  send(message: { to: string; text: string; reference: string }): Promise<SendOutcome>;
}

export type SendOutcome =
  | { kind: "accepted"; gatewayId: string | null }
  /** `reason`: the gateway's (or Node's) own words, as gatewayWords keeps them. */
  | { kind: "failed"; failure: GatewayFailure; reason: string };

export function httpGateway(url: string, token: string | null, timeoutMs = 10_000): SmsGateway {
  return {
    async send(message) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        // Node's "fetch failed" says why only in its cause (a refused connection, an unknown name).
        const words =
          error instanceof Error
            ? [error.message, error.cause instanceof Error ? error.cause.message : ""]
            : [String(error)];
        return {
          kind: "failed",
          failure: failureOfAnswer(null),
          reason: gatewayWords(words.filter(Boolean).join(": ")),
        };
      }
      // The status decides; the body only adds the gateway's id or words. One cut off (the connection
      // dropped, the timeout) leaves them out: a 2xx was taken, and sending it again could send it twice.
      const text = await response.text().catch(() => "");
      if (response.ok) {
        let id: string | null = null;
        try {
          const parsed = JSON.parse(text) as { id?: unknown };
          if (typeof parsed.id === "string" || typeof parsed.id === "number") id = String(parsed.id);
        } catch {
          // a 2xx without a JSON body is still an acceptance
        }
        return { kind: "accepted", gatewayId: id };
      }
      const words = gatewayWords(text);
      return {
        kind: "failed",
        failure: failureOfAnswer(response.status),
        reason: words ? gatewayWords(`HTTP ${response.status}: ${words}`) : `HTTP ${response.status}`,
      };
    },
  };
}
