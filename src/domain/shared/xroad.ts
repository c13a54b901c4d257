import { DomainError } from "./errors.js";

/**
 * What an X-Road (Tunduk) security server says of a call it hands on: the calling subsystem, the
 * service called, the message's id, the end user and the case it is made for. The audit trail keeps
 * it with every change the call made, so the municipality can answer "which agency changed this, for
 * whom, and why" from its own records, as X-Road's REST protocol (PR-REST) intends.
 */
export interface XRoadCall {
  /**
   * `INSTANCE/CLASS/MEMBER/SUBSYSTEM` (or a member's `INSTANCE/CLASS/MEMBER`), as sent: its parts
   * percent-encoded, so a "/" inside one stays told apart.
   */
  client: string;
  /** `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`, as sent. */
  service?: string;
  messageId?: string;
  userId?: string;
  issue?: string;
  /** `CLASS/CODE` or `CODE` of a party the client acts for. */
  representedParty?: string;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The free-text headers' longest: X-Road's own identifiers and ids stay far below it. */
const MAX_TEXT = 255;
// Control characters would make a record that reads differently from what was sent.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The X-Road headers of a call, or null when it carries none. One that is malformed is refused
 * (`validation.xroadHeader`, `validation.xroadText`), so the trail never keeps half an identity.
 */
export function xroadCallOf(headers: Headers): XRoadCall | null {
  const client = identifier(headers, "x-road-client", [3, 4], "INSTANCE/CLASS/MEMBER/SUBSYSTEM");
  const service = identifier(headers, "x-road-service", [5], "INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE");
  const representedParty = identifier(headers, "x-road-represented-party", [1, 2], "CLASS/CODE");
  const messageId = text(headers, "x-road-id");
  const userId = text(headers, "x-road-userid");
  const issue = text(headers, "x-road-issue");
  const others = { service, messageId, userId, issue, representedParty };
  if (client === undefined) {
    // A call that names a message, a user or a case but not its client is not X-Road's.
    if (Object.values(others).some((v) => v !== undefined))
      throw new DomainError("validation.xroadHeader", {
        header: "X-Road-Client",
        form: "INSTANCE/CLASS/MEMBER/SUBSYSTEM",
      });
    return null;
  }
  return {
    client,
    ...Object.fromEntries(Object.entries(others).filter(([, v]) => v !== undefined)),
  };
}

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  // Node joins repeated headers with ", " except a few; an array means one sent twice.
  if (Array.isArray(value)) return value.length === 1 ? value[0] : "\u0000";
  return value;
}

/** An identifier whose parts are percent-encoded and joined by "/", each part present once decoded. */
function identifier(headers: Headers, name: string, partCounts: number[], form: string) {
  const value = single(headers, name);
  if (value === undefined) return undefined;
  const refuse = () => new DomainError("validation.xroadHeader", { header: displayName(name), form });
  const sent = value.trim();
  const parts = sent.split("/");
  if (!partCounts.includes(parts.length) || sent.length > MAX_TEXT) throw refuse();
  for (const part of parts) {
    let plain: string;
    try {
      plain = decodeURIComponent(part);
    } catch {
      throw refuse();
    }
    if (plain.trim() === "" || CONTROL.test(plain)) throw refuse();
  }
  return sent;
}

function text(headers: Headers, name: string) {
  const value = single(headers, name);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT || CONTROL.test(trimmed))
    throw new DomainError("validation.xroadText", { header: displayName(name), max: MAX_TEXT });
  return trimmed === "" ? undefined : trimmed;
}

/** The header as X-Road writes it (Node gives it in lower case). */
function displayName(name: string) {
  return name === "x-road-userid"
    ? "X-Road-UserId"
    : name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
