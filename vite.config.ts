import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app: built into dist/web, which the service serves (SPA fallback to index.html).
export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: { outDir: "../../dist/web", emptyOutDir: true, target: "es2020", sourcemap: true },
  server: { proxy: { "/api": "http://localhost:3000", "/healthz": "http://localhost:3000" } },
});
