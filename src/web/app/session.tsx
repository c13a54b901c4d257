import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import type { Locale } from "../../domain/places/units.js";
import { DEFAULT_TIME_ZONE } from "../../domain/shared/local-time.js";
import { ApiProblem, api, type Session, setCsrfToken } from "./api.js";
import { setTimeZone } from "./format.js";
import { changeLocale, chosenLocale, currentLocale, markLocaleUnsaved, unsavedLocale } from "./i18n.js";

interface SessionState {
  session: Session | null;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  chooseOrganisation(orgId: string): Promise<void>;
  logout(everywhere?: boolean): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  can(permission: string): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

/** The organisation the session acts for, of those its login belongs to. */
export function activeOrganisation(session: Session | null) {
  return session?.organisations.find((o) => o.id === session.activeOrgId);
}

/**
 * The kinds of organisation that read household books: a municipality keeps its own, an office reads
 * those under it. A water provider does neither (it sees a linked water user's flags on that card),
 * whatever its administrator's permissions, so it is offered none of the book's pages.
 */
export const BOOK_READERS: readonly string[] = ["ayil-okmotu", "district-office"];

/**
 * Keeps a language for the signed-in user, marked unsaved in this browser until the service
 * answers: a page reloaded, or a link lost, before then sends it again at the next start rather
 * than turn back to the user's earlier language.
 */
async function saveLocale(locale: Locale): Promise<Session> {
  markLocaleUnsaved(locale);
  const saved = await api<Session>("PATCH", "/api/me", { locale });
  // A language chosen while this one was on its way stays marked.
  if (unsavedLocale() === locale) markLocaleUnsaved(null);
  return saved;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);

  const accept = useCallback((s: Session | null) => {
    // Signed out, a language not yet kept for the user stays only this browser's choice, which the
    // next sign-in keeps for whoever signs in.
    if (!s) markLocaleUnsaved(null);
    setCsrfToken(s?.csrfToken ?? null);
    setTimeZone(activeOrganisation(s)?.timeZone ?? DEFAULT_TIME_ZONE);
    setSession(s);
  }, []);

  useEffect(() => {
    api<Session>("GET", "/api/auth/session")
      .then(async (s) => {
        accept(s);
        const unsaved = unsavedLocale();
        // A language chosen here that the service did not confirm is sent again, unless the
        // browser's choice changed since; the page already speaks it. A failure leaves it marked
        // for the next start.
        if (unsaved && unsaved === chosenLocale()) void saveLocale(unsaved).then(accept, () => undefined);
        // Otherwise a restored session speaks the user's own language (perhaps changed on another
        // device), which is also the one the service writes its messages and files in.
        else if (s.user.locale !== currentLocale()) await changeLocale(s.user.locale);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiProblem && e.status === 401)) throw e;
        accept(null);
      })
      .finally(() => setLoading(false));
  }, [accept]);

  const value: SessionState = {
    session,
    loading,
    async login(username, password) {
      const s = await api<Session>("POST", "/api/auth/login", { username, password });
      accept(s);
      // A language chosen in this browser is saved for the user; otherwise the user's own is used.
      const chosen = chosenLocale();
      if (chosen && chosen !== s.user.locale) accept(await saveLocale(chosen));
      else if (!chosen) await changeLocale(s.user.locale);
    },
    async chooseOrganisation(orgId) {
      accept(await api<Session>("POST", "/api/auth/organisation", { orgId }));
    },
    async logout(everywhere = false) {
      await api("POST", everywhere ? "/api/auth/logout-everywhere" : "/api/auth/logout");
      accept(null);
    },
    async setLocale(locale) {
      // Kept as this browser's choice, and marked unsaved, at once, not after the language's words
      // have come: a page left or reloaded while they load on a slow link keeps the choice.
      const [, saved] = await Promise.all([changeLocale(locale), session ? saveLocale(locale) : null]);
      if (saved) accept(saved);
    },
    can: (permission) => session?.permissions.includes(permission) ?? false,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}
