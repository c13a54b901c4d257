/**
 * How the service worker answers a request: `page` for the app's pages (the network first, the
 * kept index.html without a link), `file` for the build's files (kept, the network only for one
 * not kept), `network` for everything it leaves to the browser: the API and the health check,
 * whose answers a page must see as they are (a lost link included), changes, and other sites.
 */
export type Route = "page" | "file" | "network";

export function routeOf(request: { url: string; method: string; mode: string }, origin: string): Route {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== origin) return "network";
  if (url.pathname.startsWith("/api/") || url.pathname === "/healthz") return "network";
  return request.mode === "navigate" ? "page" : "file";
}
