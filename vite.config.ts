import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { serviceWorker } from "./src/web/service-worker/build.js";

// The web app: built into dist/web, which the service serves (SPA fallback to index.html), with a
// service worker that keeps the build so the app starts without a link.
export default defineConfig({
  root: "src/web",
  plugins: [react(), serviceWorker()],
  build: { outDir: "../../dist/web", emptyOutDir: true, target: "es2020", sourcemap: true },
  server: { proxy: { "/api": "http://localhost:3000", "/healthz": "http://localhost:3000" } },
});
