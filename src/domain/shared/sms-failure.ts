/**
 * Why an SMS of the outbox did not reach its phone, kept beside the gateway's own words so that the
 * SMS page can tell a clerk in their language what happened and whether to act:
 * - `gateway-unreachable`: no answer at all (no connection, a name that does not resolve, a timeout);
 *   tried again.
 * - `gateway-busy`: the gateway answered 5xx or 429 (too many requests); tried again.
 * - `gateway-refused`: the gateway answered any other 4xx and will not take the message (a number it
 *   does not serve, the account with the provider); not tried again.
 * - `not-delivered`: the gateway took the message, and its delivery report says it did not reach the
 *   phone.
 * - `unclassified`: a failure recorded before these were told apart whose words do not say which it
 *   was (migration 0049); nothing records it now.
 */
export const SMS_FAILURES = [
  "gateway-unreachable",
  "gateway-busy",
  "gateway-refused",
  "not-delivered",
  "unclassified",
] as const;
export type SmsFailure = (typeof SMS_FAILURES)[number];

/** The failures of an attempt to hand a message to the gateway. */
export type GatewayFailure = Extract<SmsFailure, `gateway-${string}`>;

/** What an attempt's answer means: no answer (`null`), or an HTTP status other than 2xx. */
export function failureOfAnswer(httpStatus: number | null): GatewayFailure {
  if (httpStatus === null) return "gateway-unreachable";
  return httpStatus === 429 || httpStatus >= 500 ? "gateway-busy" : "gateway-refused";
}

/** Whether the outbox tries a message again after this failure (while it has retries left). */
export function isTriedAgain(failure: GatewayFailure): boolean {
  return failure !== "gateway-refused";
}

/** Longest gateway's words kept: enough for an error line, not an error page. */
const WORDS_LENGTH = 200;

/**
 * The gateway's (or Node's) own words, kept as the failure's detail: on one line, trimmed and cut
 * short, so that an HTML error page reads as a line of text. The page shows them as text, never as
 * HTML.
 */
export function gatewayWords(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > WORDS_LENGTH ? `${line.slice(0, WORDS_LENGTH - 1)}…` : line;
}
