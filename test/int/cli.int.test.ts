import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { login } from "../../src/server/access/auth.js";
import { fingerprint } from "../../src/server/platform/backup.js";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import { openDatabase } from "../../src/server/platform/db.js";
import { seedOrganisation } from "../support/app.js";
import { embeddedFolder, freshDatabaseConfig } from "../support/database.js";
import { temporaryFolder } from "../support/temporary-folders.js";

/** A migrated folder of the embedded database, where the command would create and migrate one. */
async function embeddedDataDir(prefix: string) {
  const folder = embeddedFolder(prefix);
  await (await prepareDatabase(folder)).close();
  return folder.dataDir;
}

/** Runs `aimak` from source on a database of this tier (a PGlite folder or a PostgreSQL database). */
async function cliDatabase() {
  const { config, drop } = await freshDatabaseConfig();
  const env: NodeJS.ProcessEnv = { ...process.env, AIMAK_LOG_LEVEL: "silent" };
  let dbConfig: Parameters<typeof openDatabase>[0];
  if (config.kind === "postgres") {
    env.DATABASE_URL = config.url;
    dbConfig = config;
  } else {
    delete env.DATABASE_URL;
    env.AIMAK_DATA_DIR = await embeddedDataDir("aimak-cli-");
    dbConfig = { kind: "pglite", dataDir: env.AIMAK_DATA_DIR };
  }
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      env,
      encoding: "utf8",
      input,
    });
  return { run, dbConfig, drop };
}

describe("the aimak command", () => {
  // Three processes each compile the CLI and load or copy the whole demo: minutes on a busy machine.
  it("backs up and restores the demo into another database with identical data", {
    timeout: 240_000,
  }, async () => {
    const source = await cliDatabase();
    const target = await cliDatabase();
    const file = path.join(temporaryFolder("aimak-cli-backup-"), "demo.backup.gz");
    expect(source.run(["demo"]).status).toBe(0);
    const backup = source.run(["backup", file]);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stderr).toContain("audit_event:"); // progress
    const restore = target.run(["restore", file]);
    expect(restore.status, restore.stderr).toBe(0);

    const fingerprints = [];
    for (const c of [source.dbConfig, target.dbConfig]) {
      const db = await openDatabase(c);
      fingerprints.push(await fingerprint(db));
      await db.close();
    }
    expect(fingerprints[1]).toEqual(fingerprints[0]);
    await source.drop();
    await target.drop();
  });

  it("creates a user from the command line with the password on stdin, sets a forgotten one, and refuses bad input", async () => {
    const cli = await cliDatabase();
    // A municipality and a water provider, written before the command opens the database (an
    // embedded one takes a single process).
    const seeded = await prepareDatabase(cli.dbConfig);
    await seedOrganisation(seeded, { users: {} });
    await seedOrganisation(seeded, { kind: "water-provider", providerType: "wua", users: {} });
    await seeded.close();
    const orgs = cli.run(["org", "list"]).stdout.trim().split("\n");
    const municipality = orgs.find((l) => l.includes("ayil-okmotu"))!.split(/\s+/)[0]!;
    const ok = cli.run(
      [
        "user",
        "create",
        "--org",
        municipality,
        "--username",
        "nurila",
        "--name",
        "Нурила Асанова",
        "--role",
        "clerk",
      ],
      "a-long-password\n",
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("user nurila");
    const bad = cli.run(
      ["user", "create", "--org", municipality, "--username", "x", "--name", "X", "--role", "king"],
      "pw\n",
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--role");
    // The operator sets a forgotten password: the new one signs in, the old one no more.
    const reset = cli.run(["user", "password", "--username", "Nurila"], "another-long-password\n");
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toContain("the password of Nurila is set");
    const database = await openDatabase(cli.dbConfig);
    const signIn = (password: string) =>
      login(
        database,
        { requestId: "t", locale: "en", client: "cli", actor: null },
        { username: "nurila", password },
        1,
      );
    await expect(signIn("a-long-password")).rejects.toMatchObject({ code: "auth.invalidCredentials" });
    expect((await signIn("another-long-password")).token).toEqual(expect.any(String));
    await database.close();
    const unknown = cli.run(["user", "password", "--username", "nobody"], "another-long-password\n");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe("There is no login “nobody”");
    expect(cli.run(["user", "password", "--username", "nurila"], "short\n").status).toBe(2);
    // A register goes only from a municipality to the one it was merged into, with the reason said.
    const provider = orgs.find((l) => l.includes("water-provider"))!.split(/\s+/)[0]!;
    const refused = cli.run(["register", "transfer", "--from", municipality, "--into", provider]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe("Only an ayil okmotu keeps a household register");
    expect(cli.run(["register", "transfer", "--from", municipality]).status).toBe(2);
    await cli.drop();
  });
});

describe("the embedded database", () => {
  it("refuses a second process while the first holds it", async () => {
    if (process.env.AIMAK_TEST_DB === "postgres") return; // a server takes many connections
    const dataDir = await embeddedDataDir("aimak-lock-");
    const held = await openDatabase({ kind: "pglite", dataDir });
    const env: NodeJS.ProcessEnv = { ...process.env, AIMAK_DATA_DIR: dataDir, AIMAK_LOG_LEVEL: "silent" };
    delete env.DATABASE_URL;
    const second = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "migrate"], {
      env,
      encoding: "utf8",
    });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`in use by process ${process.pid}`);
    await held.close();
    const third = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "migrate"], {
      env,
      encoding: "utf8",
    });
    expect(third.status, third.stderr).toBe(0);
  });
});
