import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { ioTurn, openDatabase, rows, statementChain } from "../../src/server/platform/db.js";
import { toDomainError } from "../../src/server/platform/errors.js";
import { translate } from "../../src/server/platform/i18n.js";
import { login, seedAimak, seedOrganisation, startTestApp } from "../support/app.js";
import { freshDatabaseConfig } from "../support/database.js";

describe("the service's database connections", () => {
  it("are kept however long the service is idle, so a quiet office's next request finds its connection ready", async () => {
    const { config, drop } = await freshDatabaseConfig();
    const database = await openDatabase(config);
    // The pool's timers (its idle timeout among them) run on a clock the test moves; its
    // connections' reads and writes do not.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const serverProcess = async () =>
        (await database.script<{ pid: number }>("select pg_backend_pid() as pid"))[0]!.pid;
      const before = await serverProcess();
      vi.advanceTimersByTime(60 * 60 * 1000);
      expect(await serverProcess()).toBe(before);
    } finally {
      vi.useRealTimers();
      await database.close();
      await drop();
    }
  });

  // Only a server has server processes to end (PGlite has none), so only its tier holds this test.
  if (process.env.AIMAK_TEST_DB === "postgres")
    it("outlive a server process ended between two statements: that work fails, the next finds another connection", async () => {
      const { config, drop } = await freshDatabaseConfig();
      if (config.kind !== "postgres") throw new Error("the postgres tier gave no server");
      const database = await openDatabase(config);
      const other = new pg.Client({ connectionString: config.url });
      await other.connect();
      try {
        const work = database.transaction("select 1", async (tx) => {
          const [{ pid }] = (await rows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`)) as [
            { pid: number },
          ];
          await other.query("select pg_terminate_backend($1)", [pid]);
          // The server process is gone, and its last word has reached the client, between two
          // statements of this work.
          while ((await other.query("select 1 from pg_stat_activity where pid = $1", [pid])).rowCount)
            await new Promise((resolve) => setTimeout(resolve, 10));
          await new Promise((resolve) => setTimeout(resolve, 50));
          await tx.execute(sql`select 1`);
        });
        // Said to the user as the database out of reach (503, try again), not as a fault of ours.
        await expect(work).rejects.toSatisfy((error) => toDomainError(error).code === "unavailable");
        expect(await database.script<{ answer: number }>("select 42 as answer")).toEqual([{ answer: 42 }]);
      } finally {
        await other.end();
        await database.close();
        await drop();
      }
    });

  it("let no chained write of a transaction whose work failed start after, nor land: the one under way ends before the rollback", async () => {
    const { config, drop } = await freshDatabaseConfig();
    const database = await openDatabase(config);
    const landed = async () =>
      (
        await database.script<{ steps: number[] | null }>(
          "select array_agg(step) as steps from chained_write",
        )
      )[0]!.steps;
    try {
      // A table of the connection's own role, without row security: a write the chain started after
      // the rollback, outside any transaction, would land in it.
      await database.script("create table chained_write (step int not null)");
      const log: string[] = [];
      const chained = (tx: Parameters<typeof statementChain>[0], step: number) => async () => {
        log.push(`start ${step}`);
        await tx.execute(sql`select pg_sleep(0.2)`);
        await tx.execute(sql`insert into chained_write values (${step})`);
        log.push(`end ${step}`);
      };
      const failing = database.transaction("select 1", async (tx) => {
        const writes = statementChain(tx);
        for (const step of [1, 2, 3]) writes.add(chained(tx, step));
        await ioTurn();
        // A billing run's next document that cannot be computed, say.
        throw new Error("the work failed while its writes were chained");
      });
      await expect(failing).rejects.toThrow("the work failed");
      const atFailure = [...log];
      // The one under way ended first. On a server the work failed while the first was under way;
      // PGlite, in this process, answers without waiting on anything else, and ran all three first.
      expect(atFailure.at(-1)).toMatch(/^end/);
      if (config.kind === "postgres") expect(atFailure).toEqual(["start 1", "end 1"]);
      // Time for a stray write to land, had one started.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(log).toEqual(atFailure);
      expect(await landed()).toBeNull();

      // Work that ends without waiting for its chain is a fault of ours: stopped and rolled back too.
      const unfinished = database.transaction("select 1", async (tx) => {
        const writes = statementChain(tx);
        for (const step of [4, 5]) writes.add(chained(tx, step));
        await ioTurn();
      });
      await expect(unfinished).rejects.toThrow("statements still chained");
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await landed()).toBeNull();
      // The connection goes on: a chain that is done commits.
      await database.transaction("select 1", async (tx) => {
        const writes = statementChain(tx);
        writes.add(chained(tx, 6));
        await writes.done();
      });
      expect(await landed()).toEqual([6]);
    } finally {
      await database.close();
      await drop();
    }
  });

  // PGlite has one connection, in the service's own process: no link to lose, no other to wait.
  if (process.env.AIMAK_TEST_DB === "postgres")
    it("end a transaction that waits between two statements longer than the bound: its locks are free, its work fails as the database out of reach, the pool goes on; work not bound may wait", async () => {
      const { config, drop } = await freshDatabaseConfig();
      if (config.kind !== "postgres") throw new Error("the postgres tier gave no server");
      const database = await openDatabase({ ...config, statementTimeoutMs: 300 });
      const other = new pg.Client({ connectionString: config.url });
      await other.connect();
      const lock = "select pg_advisory_xact_lock(hashtext('the-bound-between-statements'))";
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      try {
        // A service that stopped answering in the middle of its work, holding a lock.
        let waited = false;
        let held: () => void = () => {};
        const holding = new Promise<void>((resolve) => {
          held = resolve;
        });
        const work = database.transaction("select 1", async (tx) => {
          await tx.execute(sql.raw(lock));
          held();
          await sleep(3000);
          waited = true;
          await tx.execute(sql`select 1`);
        });
        work.catch(() => {});
        await holding;
        await other.query("begin");
        await other.query(lock);
        // Taken while the work still waited: the server ended its transaction, not the work itself.
        expect(waited).toBe(false);
        await other.query("commit");
        await expect(work).rejects.toSatisfy((error) => toDomainError(error).code === "unavailable");
        expect(await database.script<{ answer: number }>("select 42 as answer")).toEqual([{ answer: 42 }]);

        // Work that is not bound (a book's import building its next rows) waits as long as it needs.
        const unbounded = await database.transaction(
          "select 1",
          async (tx) => {
            await tx.execute(sql.raw(lock));
            await sleep(1000);
            return rows<{ answer: number }>(tx, sql`select 42 as answer`);
          },
          { unbounded: true },
        );
        expect(unbounded).toEqual([{ answer: 42 }]);
      } finally {
        await other.end();
        await database.close();
        await drop();
      }
    });
});

// PGlite has no timer to stop a statement with (a pg_sleep(2) under a 200 ms bound ran its 2 s), so
// only the server's tier holds these tests.
if (process.env.AIMAK_TEST_DB === "postgres")
  describe("a request's statement that runs too long", () => {
    const BOUND_MS = 1000;
    const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** A municipality with its clerk, and a connection of another party's (an import's, say). */
    async function office() {
      const t = await startTestApp({ statementTimeoutMs: BOUND_MS });
      if (t.config.database.kind !== "postgres") throw new Error("the postgres tier gave no server");
      const { villageCodes } = await seedAimak(t.database, "41703220970000", 1);
      const m = await seedOrganisation(t.database, {
        adminUnitCode: "41703220970000",
        users: { clerk: ["clerk"] },
      });
      const clerk = await login(t.app, m.users.clerk!.username);
      const other = new pg.Client({ connectionString: t.config.database.url });
      await other.connect();
      // Held as the municipality's numbering of new households is held by an import under way.
      const holdNumbering = () =>
        other.query("select pg_advisory_lock(hashtext($1))", [`household-number:${m.org.id}`]);
      const releaseNumbering = () =>
        other.query("select pg_advisory_unlock(hashtext($1))", [`household-number:${m.org.id}`]);
      const newHousehold = () =>
        clerk.post("/api/registry/households", {
          villageCode: villageCodes[0],
          formedOn: "2020-01-01",
          members: [
            {
              relation: "head",
              person: { surname: "Асанов", givenName: "Бакыт", sex: "male", birthDate: "1980-05-15" },
            },
          ],
        });
      const households = async () =>
        (await clerk.get("/api/registry/households?pageSize=100")).json().items.length as number;
      const close = async () => {
        await other.end();
        await t.close();
      };
      return {
        t,
        clerk,
        other,
        villageCodes,
        holdNumbering,
        releaseNumbering,
        newHousehold,
        households,
        close,
      };
    }

    it("is stopped at the statement timeout: 503 in the user's language, nothing written, logged with its text; asked again once nothing holds it, it passes", async () => {
      const o = await office();
      try {
        // The audit record is the new household's last statement: it waits out the whole bound.
        await o.other.query("begin; lock table audit_chain_head in exclusive mode");
        const stopped = await o.newHousehold();
        expect(stopped.statusCode, stopped.body).toBe(503);
        expect(stopped.json()).toMatchObject({ code: "timedOut", title: translate("ky", "errors.timedOut") });
        const logged = o.t.logs.find((line) => line.includes("statement stopped at the statement timeout"));
        expect(logged).toContain("audit_chain_head");
        await o.other.query("rollback");
        expect(await o.households()).toBe(0);
        const created = await o.newHousehold();
        expect(created.statusCode, created.body).toBe(201);
        expect(await o.households()).toBe(1);
      } finally {
        await o.close();
      }
    });

    it("a new household whose numbering an import holds is refused after a third of the bound, saying why in the user's language; nothing written; it passes once the import ends", async () => {
      const o = await office();
      try {
        await o.holdNumbering();
        const started = performance.now();
        const refused = await o.newHousehold();
        const waitedMs = performance.now() - started;
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.json()).toMatchObject({
          code: "conflict.householdNumbering",
          title: translate("ky", "errors.conflict.householdNumbering"),
        });
        // It waited for the numbering, but not the whole bound (which would have said only 503).
        expect(waitedMs).toBeGreaterThanOrEqual(BOUND_MS / 3 - 50);
        expect(await o.households()).toBe(0);
        await o.releaseNumbering();
        const created = await o.newHousehold();
        expect(created.statusCode, created.body).toBe(201);
        expect(created.json().number).toBe(1);
      } finally {
        await o.close();
      }
    });

    it("with its number, a new household waits for its other locks as long as the bound, not the numbering's third", async () => {
      const o = await office();
      try {
        await o.other.query("begin; lock table audit_chain_head in exclusive mode");
        const created = o.newHousehold();
        // Longer than the numbering's wait, shorter than the bound.
        await new Promise((resolve) => setTimeout(resolve, (BOUND_MS * 2) / 3));
        await o.other.query("rollback");
        const answer = await created;
        expect(answer.statusCode, answer.body).toBe(201);
        expect(await o.households()).toBe(1);
      } finally {
        await o.close();
      }
    });

    it("is stopped in a read too, whose transaction the session's lookup opened", async () => {
      const o = await office();
      try {
        await o.other.query("begin; lock table household in access exclusive mode");
        const stopped = await o.clerk.get("/api/registry/households?pageSize=100");
        expect(stopped.statusCode, stopped.body).toBe(503);
        expect(stopped.json().code).toBe("timedOut");
        await o.other.query("rollback");
        expect((await o.clerk.get("/api/registry/households?pageSize=100")).statusCode).toBe(200);
      } finally {
        await o.close();
      }
    });

    it("leaves a book's import alone: it waits for the numbering as long as it is held, then writes the file", async () => {
      const o = await office();
      try {
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet("Book");
        sheet.addRow(["Чарба №", "Айылдын коду", "Туугандыгы", "Фамилиясы", "Аты", "Жынысы", "Туулган күнү"]);
        sheet.addRow([
          "1",
          o.villageCodes[0],
          "үй чарбанын башчысы",
          "Абдыкадыров",
          "Мирлан",
          "эркек",
          "12.03.1979",
        ]);
        const file = Buffer.from(await book.xlsx.writeBuffer());
        await o.holdNumbering();
        let answered = false;
        const importing = o.clerk
          .call("POST", "/api/registry/book/import", file, { "content-type": XLSX })
          .finally(() => {
            answered = true;
          });
        await new Promise((resolve) => setTimeout(resolve, 2 * BOUND_MS));
        expect(answered).toBe(false);
        await o.releaseNumbering();
        const imported = await importing;
        expect(imported.statusCode, imported.body).toBe(200);
        expect(imported.json().imported).toMatchObject({ households: 1, people: 1 });
      } finally {
        await o.close();
      }
    });
  });
