import { defineConfig } from "drizzle-kit";

// Migrations are generated from the areas' tables.ts, reviewed, and committed; never edited once landed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/*/tables.ts",
  out: "./migrations",
});
