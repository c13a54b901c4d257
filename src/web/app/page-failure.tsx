import { Component, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router-dom";

/** When this tab last reloaded itself to pick up a new version (sessionStorage, per tab). */
const RELOADED_AT = "aimak.reloadedForNewVersion";
/** A part still missing this soon after such a reload is not a new version: it is shown as a failure. */
const RELOAD_GRACE_MS = 30_000;

/**
 * Whether an error is a part of the app (a page's script, a language) that could not be fetched.
 * The browsers word it differently: Chromium "Failed to fetch dynamically imported module",
 * Firefox "error loading dynamically imported module", Safari "Importing a module script failed".
 */
export function isMissingPart(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|importing a module script failed/i.test(message);
}

/**
 * Reloads the tab once to fetch the version the service now runs. A clerk keeps the app open all
 * day; after the service is upgraded, the pages it has not opened yet exist only in the new
 * version's files, and the old tab asks for parts that are gone. A second miss within the grace
 * period is left to show as a failure, so a part missing for another reason cannot loop.
 * Answers whether it reloads.
 */
export function reloadForNewVersion(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < RELOAD_GRACE_MS) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    return false; // no storage to guard against a loop with: no reload
  }
  window.location.reload();
  return true;
}

/** Vite reports a part that failed to load before the import fails; reloading answers it. */
export function reloadWhenPartsAreMissing(): void {
  window.addEventListener("vite:preloadError", (event) => {
    if (reloadForNewVersion()) event.preventDefault();
  });
}

function PageFailed() {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p>{t("app.pageFailed")}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t("app.reloadPage")}
      </button>
    </div>
  );
}

class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    if (isMissingPart(error)) reloadForNewVersion();
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    // Another page chosen from the menu gets its own chance.
    if (previous.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

/**
 * A page that cannot be shown (its script missing after an upgrade, a broken link while it loaded,
 * a fault) says so in the user's language with a way to reload, instead of leaving a blank
 * screen; the menu around it stays usable.
 */
export function PageGuard({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <PageErrorBoundary resetKey={pathname}>{children}</PageErrorBoundary>;
}
