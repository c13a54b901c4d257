/**
 * Registers the service worker that keeps the app for a start without a link. Only in a built app:
 * Vite's dev server has no sw.js, and a kept copy would hide each edit. Only where the browser has
 * service workers: not on plain http other than localhost (an office network without TLS), where
 * the app needs its link to start, as before.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // After the first screen has what it needs: the worker then fetches the whole build to keep.
  // A failure is the browser's to report in its console; the app works with a link as before.
  window.addEventListener("load", () => void navigator.serviceWorker.register("/sw.js"));
}
