/**
 * How Aimak hands a message to an SMS provider. The HTTP gateway speaks a small JSON protocol that
 * any provider can be adapted to with a thin proxy:
 *   POST <AIMAK_SMS_GATEWAY_URL>  {"to": "+996…", "text": "…", "reference": "<message id>"}
 *   Authorization: Bearer <AIMAK_SMS_GATEWAY_TOKEN>
 *   → 2xx {"id": "<provider id>"} accepted; 4xx (not 429) refused for good; 5xx, 429 or no answer: retry.
 * Delivery reports come back to POST /api/sms/delivery.
 */
export interface SmsGateway {
  send(message: { to: string; text: string; reference: string }): Promise<SendOutcome>;
}

export type SendOutcome =
  | { kind: "accepted"; gatewayId: string | null }
  | { kind: "refused"; reason: string } // permanent: do not retry
  | { kind: "unavailable"; reason: string }; // temporary: retry later

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
        return { kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
      }
      const text = await response.text();
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
      const reason = `HTTP ${response.status}: ${text.slice(0, 200)}`;
      return response.status === 429 || response.status >= 500
        ? { kind: "unavailable", reason }
        : { kind: "refused", reason };
    },
  };
}
