import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkInsert, rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { startTestApp, type TestApp } from "../support/app.js";

// bulkInsert hands each column to PostgreSQL as one array literal it writes itself; whatever a
// value holds must come back as it went in.
const probe = pgTable("bulk_probe", {
  label: text("label"),
  details: jsonb("details"),
  at: timestamp("at", { withTimezone: true }),
  count: integer("count"),
});

describe("bulk insert", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("writes quotes, backslashes, braces, commas, NULL, empty text, JSON, instants and Kyrgyz letters as they are", async () => {
    const labels = [
      'say "hi"',
      "back\\slash",
      "{braced,comma}",
      "NULL",
      "",
      "Ңөү ый",
      'both \\" mixed',
      "tab\tand\nline",
      null,
    ];
    const values = labels.map((label, i) => ({
      label,
      details: i % 2 ? { quote: 'a "b" \\c', list: [1, "{x}"] } : null,
      at: new Date(Date.UTC(2026, 2, 14, 23, 30, i)),
      count: i === 3 ? null : i * 1000,
    }));
    const back = await withSystem(t.database, async (tx) => {
      await tx.execute(
        sql`create temp table bulk_probe (label text, details jsonb, at timestamptz, count int) on commit drop`,
      );
      await bulkInsert(tx, probe, values);
      return rows<{ label: string | null; details: unknown; at: string; count: number | null }>(
        tx,
        sql`select label, details, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at, count from bulk_probe order by at`,
      );
    });
    expect(back).toEqual(values.map((v) => ({ ...v, at: v.at.toISOString().slice(0, 19) })));
  });
});
