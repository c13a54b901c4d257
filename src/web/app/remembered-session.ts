import type { Session } from "./api.js";

/**
 * The last session the service confirmed, kept in this browser so that the app can start without a
 * link (a water master opening it in the field) and show the signed-in user's pages. It holds what
 * the pages are drawn from (the user, the organisations with their time zones, the active one, the
 * roles and permissions), never the CSRF token: a change waits until the service confirms the
 * session again and gives a fresh one.
 */
const STORAGE_KEY = "aimak.session";

/** The session as kept: all but the CSRF token. */
export function sessionToKeep(session: Session): string {
  const { csrfToken: _secret, ...kept } = session;
  return JSON.stringify(kept);
}

/**
 * A kept session as the pages take it, without a CSRF token; null for nothing kept, or for what an
 * older or damaged copy left that the pages could not be drawn from.
 */
export function keptSession(raw: string | null): Session | null {
  if (raw === null) return null;
  let kept: Partial<Session> | null;
  try {
    kept = JSON.parse(raw) as Partial<Session> | null;
  } catch {
    return null;
  }
  const whole =
    typeof kept?.user?.id === "string" &&
    typeof kept.user.displayName === "string" &&
    typeof kept.user.locale === "string" &&
    Array.isArray(kept.organisations) &&
    kept.organisations.every((o) => typeof o?.id === "string" && typeof o.timeZone === "string") &&
    (kept.activeOrgId === null || typeof kept.activeOrgId === "string") &&
    Array.isArray(kept.roles) &&
    Array.isArray(kept.permissions);
  return whole ? ({ ...kept, csrfToken: null } as Session) : null;
}

/**
 * Keeps a session the service confirmed; null (signed out, or the session ended) forgets it. A
 * phone whose storage is full keeps none (an older copy is forgotten too): the copy only lets the
 * app start without a link, and a refusal to store it must not break the page in use.
 */
export function rememberSession(session: Session | null): void {
  if (session)
    try {
      localStorage.setItem(STORAGE_KEY, sessionToKeep(session));
      return;
    } catch {}
  localStorage.removeItem(STORAGE_KEY);
}

export function rememberedSession(): Session | null {
  return keptSession(localStorage.getItem(STORAGE_KEY));
}

const SIGN_OUT_OWED_KEY = "aimak.session.signOutOwed";
export type SignOut = "here" | "everywhere";

/**
 * A sign-out the service has not confirmed (made without a link, or its answer lost): the browser
 * forgot the session at once, and the app sends it at its next start with a link, so that the
 * session cookie it cannot remove itself does not sign the next person at a shared PC in.
 */
export function signOutOwed(): SignOut | null {
  const owed = localStorage.getItem(SIGN_OUT_OWED_KEY);
  return owed === "here" || owed === "everywhere" ? owed : null;
}
export function oweSignOut(owed: SignOut | null): void {
  if (owed) localStorage.setItem(SIGN_OUT_OWED_KEY, owed);
  else localStorage.removeItem(SIGN_OUT_OWED_KEY);
}
