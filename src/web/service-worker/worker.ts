import { routeOf } from "./routes.js";

/**
 * The service worker (built as /sw.js, see build.ts): it keeps this build's files so that the app
 * starts without a link, as a water master opens it in the field. The API is never kept here: pages
 * say themselves what they have and what waits to be sent.
 */

// The build's files and their version, written in by build.ts.
declare const PRECACHE: { version: string; files: string[] };

// The worker's own events, which the DOM library that the rest of the app is typed with lacks.
interface ExtendableEvent extends Event {
  waitUntil(done: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(answer: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

const CACHE_PREFIX = "aimak-";
const CACHE = `${CACHE_PREFIX}${PRECACHE.version}`;
const APP_PAGE = "/index.html";
// Vite names every file it writes here by its content's hash (index.html stays at the root).
const NAMED_BY_CONTENT = "/assets/";

worker.addEventListener("install", (event) => {
  // A new version takes over at once: a tab still on the old one asks for files this build lacks,
  // gets 404 from the service and reloads itself (page-failure.tsx).
  event.waitUntil(keepBuild().then(() => worker.skipWaiting()));
});

/**
 * Keeps this build's files. One named by its content (under /assets/) that an older version kept is
 * the same file: copied from there, so that a new version downloads over a slow link only what
 * changed, not the whole app again. The page itself is always asked for.
 */
async function keepBuild(): Promise<void> {
  const cache = await caches.open(CACHE);
  const missing = await Promise.all(
    PRECACHE.files.map(async (file) => {
      if (!file.startsWith(NAMED_BY_CONTENT)) return file;
      // Any version's cache (this one's too, from an install cut short): the name says the content.
      const kept = await caches.match(file);
      return kept ? cache.put(file, kept).then(() => null) : file;
    }),
  );
  await cache.addAll(missing.filter((file) => file !== null));
}

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
        ),
      )
      // The page that installed the worker is served by it from now on, not from its next load.
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener("fetch", (event) => {
  const route = routeOf(event.request, worker.location.origin);
  if (route === "network") return;
  event.respondWith(route === "page" ? page(event.request) : file(event.request));
});

/** A page from the service when it answers, so a new version is seen at once; else the kept one. */
async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (lost) {
    const kept = await caches.match(APP_PAGE, { cacheName: CACHE });
    if (kept) return kept;
    throw lost;
  }
}

/** A build file: its name carries its content's hash, so the kept copy is the right one. */
async function file(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}
