import { createHash } from "node:crypto";
import path from "node:path";
import type { Plugin } from "vite";

const WORKER_FILE = "sw.js";

/**
 * What the service worker keeps of a build: every file the app may load (index.html, its scripts
 * and styles, each language's catalog, images), by address, but not the source maps, which only a
 * developer's tools ask for, nor the worker itself. The version changes when any kept file's
 * content does, and only then, whatever order the files come in.
 */
export function precacheOf(files: { fileName: string; content: string | Uint8Array }[]): {
  version: string;
  files: string[];
} {
  const kept = files
    .filter((f) => !f.fileName.endsWith(".map") && f.fileName !== WORKER_FILE)
    .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const hash = createHash("sha256");
  for (const f of kept) hash.update(`${f.fileName}\0`).update(f.content).update("\0");
  return { version: hash.digest("hex").slice(0, 16), files: kept.map((f) => `/${f.fileName}`) };
}

/**
 * Builds the service worker (worker.ts) into the build's root as sw.js, so that its scope is the
 * whole app, with the list of the build's files and their version written in.
 */
export function serviceWorker(): Plugin {
  return {
    name: "aimak-service-worker",
    apply: "build",
    // After Vite's own plugins: index.html and the minified chunks are in the bundle by then.
    enforce: "post",
    buildStart() {
      this.emitFile({
        type: "chunk",
        id: path.join(import.meta.dirname, "worker.ts"),
        fileName: WORKER_FILE,
      });
    },
    generateBundle(_options, bundle) {
      const worker = bundle[WORKER_FILE];
      if (worker?.type !== "chunk") throw new Error(`${WORKER_FILE} was not built`);
      if (worker.imports.length > 0)
        throw new Error(`${WORKER_FILE} shares code with the app: it must stand alone`);
      const precache = precacheOf(
        Object.values(bundle).map((f) => ({
          fileName: f.fileName,
          content: f.type === "chunk" ? f.code : f.source,
        })),
      );
      worker.code = `const PRECACHE = ${JSON.stringify(precache)};\n${worker.code}`;
      // Its source map, one line down with it.
      const map = bundle[`${WORKER_FILE}.map`];
      if (map?.type === "asset") {
        const lines = JSON.parse(String(map.source)) as { mappings: string };
        map.source = JSON.stringify({ ...lines, mappings: `;${lines.mappings}` });
      }
    },
  };
}
