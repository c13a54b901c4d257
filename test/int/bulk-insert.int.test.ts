import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOneStatement, bulkInsert, insertStatements, rows } from "../../src/server/platform/db.js";
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

const parent = pgTable("bulk_parent", { id: integer("id") });
const child = pgTable("bulk_child", { parentId: integer("parent_id") });

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

  it("writes a column of plain texts and numbers, which goes up in one join, as it is", async () => {
    const labels = ["{braced,comma}", "NULL", "", "Ңөү ый", "tab\tand\nline", " spaced ", "a,b}", "{"];
    const values = labels.map((label, i) => ({ label, count: (i - 3) * 1000 }));
    const back = await withSystem(t.database, async (tx) => {
      await tx.execute(
        sql`create temp table bulk_probe (label text, details jsonb, at timestamptz, count int) on commit drop`,
      );
      await bulkInsert(tx, probe, values);
      return rows<{ label: string; count: number }>(
        tx,
        sql`select label, count from bulk_probe order by count`,
      );
    });
    expect(back).toEqual(values);
  });

  it("writes as one statement rows that name rows written beside them, each seen once by a statement trigger", async () => {
    const { seen, children } = await withSystem(t.database, async (tx) => {
      await tx.execute(sql`create temp table bulk_parent (id int primary key) on commit drop`);
      await tx.execute(
        sql`create temp table bulk_child (parent_id int not null references bulk_parent (id)) on commit drop`,
      );
      await tx.execute(sql`create temp table bulk_seen (parent_id int) on commit drop`);
      await tx.execute(sql`create function pg_temp.bulk_seen() returns trigger language plpgsql as $$
        begin insert into bulk_seen select parent_id from written; return null; end $$`);
      await tx.execute(sql`create trigger bulk_child_seen after insert on bulk_child referencing new table as written
        for each statement execute function pg_temp.bulk_seen()`);
      await tx.execute(asOneStatement([])); // nothing to write is a statement that writes nothing
      // The children come first and in two inserts, as a chunk's people do past 10,000 rows.
      await tx.execute(
        asOneStatement([
          ...insertStatements(child, [{ parentId: 1 }, { parentId: 2 }]),
          ...insertStatements(child, [{ parentId: 2 }]),
          ...insertStatements(parent, [{ id: 1 }, { id: 2 }]),
        ]),
      );
      return {
        seen: await rows<{ parentId: number }>(
          tx,
          sql`select parent_id as "parentId" from bulk_seen order by 1`,
        ),
        children: await rows<{ n: number }>(tx, sql`select count(*)::int as n from bulk_child`),
      };
    });
    expect(seen).toEqual([{ parentId: 1 }, { parentId: 2 }, { parentId: 2 }]);
    expect(children).toEqual([{ n: 3 }]);
  });

  it("writes nothing of one statement when a row of it names a row that is nowhere", async () => {
    const left = await withSystem(t.database, async (tx) => {
      await tx.execute(sql`create temp table bulk_parent (id int primary key) on commit drop`);
      await tx.execute(
        sql`create temp table bulk_child (parent_id int not null references bulk_parent (id)) on commit drop`,
      );
      await tx.execute(sql`savepoint one_statement`);
      await expect(
        tx.execute(
          asOneStatement([
            ...insertStatements(parent, [{ id: 1 }]),
            ...insertStatements(child, [{ parentId: 1 }, { parentId: 3 }]),
          ]),
        ),
      ).rejects.toThrow();
      await tx.execute(sql`rollback to savepoint one_statement`);
      return rows<{ n: number }>(
        tx,
        sql`select ((select count(*) from bulk_parent) + (select count(*) from bulk_child))::int as n`,
      );
    });
    expect(left).toEqual([{ n: 0 }]);
  });
});
