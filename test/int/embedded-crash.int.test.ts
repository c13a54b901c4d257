import { type ChildProcess, spawn } from "node:child_process";
import fs, { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import { processIdentity } from "../../src/server/platform/data-dir-lock.js";
import { openDatabase, rows } from "../../src/server/platform/db.js";
import { seedAimak, seedOrganisation, TEST_PASSWORD } from "../support/app.js";
import { embeddedFolder } from "../support/database.js";

// The embedded database's folder on disk: what a killed service leaves there and the next start
// must take up, with every write it answered. This file runs in the integration-pglite project
// only (vitest.config.ts leaves it out of integration-postgres): a PostgreSQL server keeps its
// data in its own process, which a killed Aimak does not touch, and its crash recovery is the
// server's own.

const AIMAK = "41703220990000";

/** A data folder from the run's migrated image, with a municipality of two villages and a clerk. */
async function seededDataDir() {
  const folder = embeddedFolder("aimak-crash-");
  const database = await prepareDatabase(folder);
  const { villageCodes } = await seedAimak(database, AIMAK, 2);
  const { users } = await seedOrganisation(database, {
    adminUnitCode: AIMAK,
    villageCodes,
    users: { clerk: ["clerk"] },
  });
  await database.close();
  return { dataDir: folder.dataDir, village: villageCodes[0]!, clerk: users.clerk!.username };
}

interface Service {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && !child.signalCode) child.kill("SIGKILL");
});

/** `aimak serve` on the folder, as its own process, once it says where it listens (a port of its choice). */
async function startService(dataDir: string): Promise<Service> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AIMAK_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    AIMAK_LOG_LEVEL: "silent",
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--no-demo"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  const exited = new Promise<Service["exited"] extends Promise<infer T> ? T : never>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const port = /running at http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    void exited.then((e) =>
      reject(new Error(`the service ended (${e.code ?? e.signal}) before listening: ${err}`)),
    );
  });
  return { child, url, exited };
}

/** A clerk's session on a running service, and a household of three registered through it. */
async function clerkOn(service: Service, username: string) {
  const res = await fetch(`${service.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("aimak_session="))!
    .split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  let house = 0;
  return {
    /** Answers the new household's id on 201, the status otherwise. */
    register: async (village: string): Promise<string | number> => {
      const person = (surname: string, givenName: string, sex: string, birthDate: string) => ({
        surname,
        givenName,
        sex,
        birthDate,
      });
      const answer = await fetch(`${service.url}/api/registry/households`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
        body: JSON.stringify({
          villageCode: village,
          street: "Ленин көчөсү",
          house: String(++house),
          formedOn: "2020-01-01",
          members: [
            { relation: "head", person: person("Асанов", "Айбек", "male", "1980-05-15") },
            { relation: "spouse", person: person("Асанова", "Айгүл", "female", "1982-03-01") },
            { relation: "son", person: person("Асанов", "Бакыт", "male", "2005-07-07") },
          ],
        }),
      });
      return answer.status === 201 ? ((await answer.json()) as { id: string }).id : answer.status;
    },
    /** The number of members of a household the service shows, or its status when it shows none. */
    members: async (id: string) => {
      const card = await fetch(`${service.url}/api/registry/households/${id}`, { headers: { cookie } });
      return card.status === 200
        ? ((await card.json()) as { members: unknown[] }).members.length
        : card.status;
    },
  };
}

/**
 * Registers households, four at a time, until `enough` of them have been answered 201, then sends
 * the service `signal` at once and waits for the requests still out. Answers every id answered
 * 201 and every other outcome (a status, or the error of a request that got no answer).
 */
async function registerUntilSignal(
  service: Service,
  clerk: Awaited<ReturnType<typeof clerkOn>>,
  village: string,
  enough: number,
  signal: NodeJS.Signals,
) {
  const accepted: string[] = [];
  const others: string[] = [];
  let signalled = false;
  const streams = Array.from({ length: 4 }, async () => {
    while (!signalled) {
      const outcome = await clerk.register(village).catch((e: Error) => `no answer: ${e.message}`);
      if (typeof outcome !== "string" || outcome.startsWith("no answer")) {
        others.push(String(outcome));
        continue;
      }
      accepted.push(outcome);
      if (accepted.length >= enough && !signalled) {
        signalled = true;
        service.child.kill(signal);
      }
    }
  });
  await Promise.all(streams);
  return { accepted, others };
}

/** Every household in the folder, each with its number of members, read with the service stopped. */
async function householdsIn(dataDir: string) {
  const database = await openDatabase({ kind: "pglite", dataDir });
  try {
    return await rows<{ id: string; members: number }>(
      database.db,
      sql`select h.id, count(m.*)::int as members
          from household h left join household_member m on m.household_id = h.id group by h.id`,
    );
  } finally {
    await database.close();
  }
}

describe("the embedded database on disk", () => {
  it("syncs a write's commit to the disk before it answers", async () => {
    const database = await openDatabase(embeddedFolder("aimak-fsync-"));
    try {
      const [settings] = await database.script<{ fsync: string; method: string }>(
        "select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method",
      );
      expect(settings).toEqual({ fsync: "on", method: "fsync" });
      await database.script("create table crash_probe (n int)");
      const fsyncs = vi.spyOn(fs, "fsyncSync");
      try {
        await database.script("insert into crash_probe values (1)");
        // The commit's WAL, at least, went to the disk (PGlite's own files have no fsync at all).
        expect(fsyncs).toHaveBeenCalled();
      } finally {
        fsyncs.mockRestore();
      }
    } finally {
      await database.close();
    }
  });

  // Each service process compiles the CLI from source (tsx): half a minute or more each on a busy
  // 2-core machine, so the test may take minutes there; seconds on an idle one.
  it("starts again after being killed right after an answer, and keeps every write answered amid a kill", {
    timeout: 300_000,
  }, async () => {
    const { dataDir, village, clerk: username } = await seededDataDir();
    // Killed as soon as a household is answered: its process leaves its lock and PGlite's files.
    let service = await startService(dataDir);
    let clerk = await clerkOn(service, username);
    const first = await clerk.register(village);
    expect(first).toEqual(expect.any(String));
    service.child.kill("SIGKILL");
    expect(await service.exited).toEqual({ code: null, signal: "SIGKILL" });

    // It starts again, answers, and the household is there, whole.
    service = await startService(dataDir);
    clerk = await clerkOn(service, username);
    expect(await clerk.members(first as string)).toBe(3);

    // Killed again while four registrations are out at a time, after the fifth answer.
    const amid = await registerUntilSignal(service, clerk, village, 5, "SIGKILL");
    expect(await service.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(amid.accepted.length).toBeGreaterThanOrEqual(5);

    // The database opens again (PGlite replays its WAL) with every household answered, and a
    // registration the kill cut short is in the book whole or not at all.
    const households = await householdsIn(dataDir);
    expect(households.filter((h) => h.members !== 3)).toEqual([]);
    const ids = new Set(households.map((h) => h.id));
    const answered = [first as string, ...amid.accepted];
    expect(answered.filter((id) => !ids.has(id))).toEqual([]);
    expect(households.length).toBeLessThanOrEqual(answered.length + amid.others.length);
  });

  it("stops on SIGTERM amid writes: it answers those in flight, closes the database and exits 0", {
    timeout: 300_000,
  }, async () => {
    const { dataDir, village, clerk: username } = await seededDataDir();
    const service = await startService(dataDir);
    const clerk = await clerkOn(service, username);
    const { accepted, others } = await registerUntilSignal(service, clerk, village, 5, "SIGTERM");
    expect(await service.exited).toEqual({ code: 0, signal: null });
    // A request that came in after the signal is refused (503) or finds the port closed; none
    // goes unanswered once the service has taken it.
    for (const other of others) expect(other).toMatch(/^(503|no answer: fetch failed)$/);
    // The lock is gone with its process, and every household answered is there, whole.
    expect(fs.existsSync(path.join(dataDir, "aimak.lock"))).toBe(false);
    const households = await householdsIn(dataDir);
    expect(households.filter((h) => h.members !== 3)).toEqual([]);
    expect(households.map((h) => h.id).sort()).toEqual([...accepted].sort());
  });

  it("takes over a lock whose pid now belongs to another process (a machine booted again after a power cut)", async () => {
    const folder = embeddedFolder("aimak-lock-");
    const lockFile = path.join(folder.dataDir, "aimak.lock");
    const config = { kind: "pglite" as const, dataDir: folder.dataDir };
    // The lock names its owner so that another process of the same pid is told apart.
    const database = await openDatabase(folder);
    expect(JSON.parse(readFileSync(lockFile, "utf8"))).toEqual(processIdentity(process.pid));
    expect(processIdentity(process.pid)).toEqual({
      pid: process.pid,
      boot: expect.any(String),
      start: expect.stringMatching(/^\d+$/),
    });
    await database.close();
    // A live process (the test runner's parent) as the owner, in another boot: not the owner.
    const other = processIdentity(process.ppid);
    writeFileSync(lockFile, JSON.stringify({ ...other, boot: "a-boot-before-the-power-cut" }));
    await (await openDatabase(config)).close();
    // Or started at another time in this boot: not the owner either.
    writeFileSync(lockFile, JSON.stringify({ ...other, start: "1" }));
    await (await openDatabase(config)).close();
    // The same process still running is: refused.
    writeFileSync(lockFile, JSON.stringify(other));
    await expect(openDatabase(config)).rejects.toThrow(`in use by process ${process.ppid}`);
  });
});
