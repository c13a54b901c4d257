import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { Locale } from "../../domain/places/units.js";
import { DEFAULT_TIME_ZONE } from "../../domain/shared/local-time.js";
import {
  ApiProblem,
  api,
  confirmSessionFirst,
  type Session,
  setCsrfToken,
  switchOrganisation,
} from "./api.js";
import { setTimeZone } from "./format.js";
import { changeLocale, chosenLocale, currentLocale, markLocaleUnsaved, unsavedLocale } from "./i18n.js";
import { forgetKeptData } from "./kept-data.js";
import {
  oweSignOut,
  rememberedSession,
  rememberSession,
  type SignOut,
  signOutOwed,
} from "./remembered-session.js";

interface SessionState {
  session: Session | null;
  loading: boolean;
  /**
   * The link is lost: the pages show what this browser has, and at a start without a link the
   * session is the one it remembered, to be confirmed when the link is back.
   */
  offline: boolean;
  login(username: string, password: string): Promise<void>;
  chooseOrganisation(orgId: string): Promise<void>;
  logout(everywhere?: boolean): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  can(permission: string): boolean;
}

const SIGN_OUT_PATHS: Record<SignOut, string> = {
  here: "/api/auth/logout",
  everywhere: "/api/auth/logout-everywhere",
};

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

function keptUnsaved(e: unknown): null {
  if (e instanceof ApiProblem) return null;
  throw e;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [offline, setOffline] = useState(false);

  /** A session the service gave (or none): kept in this browser for a start without a link. */
  const accept = useCallback((s: Session | null) => {
    // Signed out, a language not yet kept for the user stays only this browser's choice, which the
    // next sign-in keeps for whoever signs in.
    if (!s) markLocaleUnsaved(null);
    // Nor does what the pages kept for the user (another organisation's posts on a shared phone);
    // the entries waiting to be sent stay for their owner's next sign-in.
    if (!s) forgetKeptData();
    rememberSession(s);
    confirmSessionFirst(null);
    setOffline(false);
    setCsrfToken(s?.csrfToken ?? null);
    setTimeZone(activeOrganisation(s)?.timeZone ?? DEFAULT_TIME_ZONE);
    setSession(s);
  }, []);

  /** A session the service confirmed at the start, or when the link came back after one without it. */
  const resume = useCallback(
    async (s: Session) => {
      accept(s);
      const unsaved = unsavedLocale();
      // A language chosen here that the service did not confirm is sent again, unless the
      // browser's choice changed since; the page already speaks it. A failure leaves it marked
      // for the next start.
      if (unsaved && unsaved === chosenLocale()) void saveLocale(unsaved).then(accept, () => undefined);
      // Otherwise a restored session speaks the user's own language (perhaps changed on another
      // device), which is also the one the service writes its messages and files in.
      else if (s.user.locale !== currentLocale()) await changeLocale(s.user.locale);
    },
    [accept],
  );

  // One confirmation at a time, however many changes and answers ask for it.
  const confirming = useRef<Promise<void> | null>(null);
  /**
   * Asks the service for the session again: its CSRF token for what waits to be sent, or, if the
   * session ended while the link was lost, the sign-in page (what waits stays in the browser and is
   * sent after the next sign-in).
   */
  const confirm = useCallback(() => {
    confirming.current ??= api<Session>("GET", "/api/auth/session")
      .then(resume, (e: unknown) => {
        if (e instanceof ApiProblem && e.status === 401) accept(null);
        throw e;
      })
      .finally(() => {
        confirming.current = null;
      });
    return confirming.current;
  }, [accept, resume]);

  useEffect(() => {
    const owed = signOutOwed();
    api<Session>("GET", "/api/auth/session")
      .then(async (s) => {
        if (!owed) return resume(s);
        setCsrfToken(s.csrfToken);
        await api("POST", SIGN_OUT_PATHS[owed]);
        oweSignOut(null);
        accept(null);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiProblem)) throw e;
        if (e.status === 401) {
          oweSignOut(null);
          accept(null);
          return;
        }
        // No link: the pages of the session this browser remembered, until the service confirms it.
        const kept = e.status === 0 ? rememberedSession() : null;
        if (!kept) throw e;
        setCsrfToken(null);
        setTimeZone(activeOrganisation(kept)?.timeZone ?? DEFAULT_TIME_ZONE);
        setSession(kept);
        setOffline(true);
        confirmSessionFirst(confirm);
      })
      .finally(() => setLoading(false));
  }, [accept, resume, confirm]);

  const signedIn = session !== null;
  useEffect(() => {
    if (!signedIn) return;
    const lost = () => setOffline(true);
    // Still no link, or the session ended: confirm has said so already.
    const back = () => void confirm().catch(() => undefined);
    window.addEventListener("offline", lost);
    window.addEventListener("online", back);
    return () => {
      window.removeEventListener("offline", lost);
      window.removeEventListener("online", back);
    };
  }, [signedIn, confirm]);

  const value: SessionState = {
    session,
    loading,
    offline,
    async login(username, password) {
      const s = await api<Session>("POST", "/api/auth/login", { username, password });
      // A sign-out still owed was of the session this one replaces.
      oweSignOut(null);
      accept(s);
      // A language chosen in this browser is saved for the user; otherwise the user's own is used.
      const chosen = chosenLocale();
      if (chosen && chosen !== s.user.locale) accept(await saveLocale(chosen));
      else if (!chosen) await changeLocale(s.user.locale);
    },
    async chooseOrganisation(orgId) {
      // Not before a queue's flush under way is answered, in the organisation its entries were entered in.
      accept(await switchOrganisation(() => api<Session>("POST", "/api/auth/organisation", { orgId })));
    },
    async logout(everywhere = false) {
      // Owed until the service confirms it; the browser forgets the session whatever it answers,
      // so a shared office PC keeps nothing of the user, link or not.
      const owed: SignOut = everywhere ? "everywhere" : "here";
      oweSignOut(owed);
      try {
        await api("POST", SIGN_OUT_PATHS[owed]);
        oweSignOut(null);
      } catch {
        // Not heard by the service: sent at the next start with a link (see signOutOwed).
      } finally {
        accept(null);
      }
    },
    async setLocale(locale) {
      // Kept as this browser's choice, and marked unsaved, at once, not after the language's words
      // have come: a page left or reloaded while they load on a slow link keeps the choice.
      // Not kept by the service (no link, or the session ended meanwhile), it stays marked unsaved
      // and is sent again once the service confirms the session (resume); the page speaks it already.
      const [, saved] = await Promise.all([
        changeLocale(locale),
        session ? saveLocale(locale).catch(keptUnsaved) : null,
      ]);
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
