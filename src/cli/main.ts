#!/usr/bin/env node
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { DomainError } from "../domain/shared/errors.js";
import { DEFAULT_TIME_ZONE, localDayOf } from "../domain/shared/local-time.js";
import { isRole } from "../server/access/roles.js";
import { createUserAsSystem, resetPasswordAsSystem } from "../server/access/system-users.js";
import { buildApp } from "../server/app.js";
import { verifyAll } from "../server/audit/service.js";
import { DEMO_LOGINS, DEMO_PASSWORD, loadDemo } from "../server/demo/seed.js";
import { SERVICE_JOBS, startServiceJobs } from "../server/jobs.js";
import { organisation } from "../server/orgs/tables.js";
import { importUnits, mergeUnits, renameUnit, unitsDocumentSchema } from "../server/places/service.js";
import { backupDatabase, restoreDatabase } from "../server/platform/backup.js";
import { isEmpty, prepareDatabase } from "../server/platform/bootstrap.js";
import { configVariables, loadConfig } from "../server/platform/config.js";
import type { RequestContext } from "../server/platform/context.js";
import type { Database } from "../server/platform/db.js";
import { translate } from "../server/platform/i18n.js";
import { webIsBuilt } from "../server/platform/paths.js";
import { withSystem } from "../server/platform/transactions.js";
import { rekeyVillage } from "../server/registry/address-keys.js";
import {
  type RegisterTransfer,
  transferMergedRegisters,
  transferRegister,
} from "../server/registry/transfer.js";
import { runAllocateCase } from "./allocate.js";
import { parseEt0Args, runEt0 } from "./et0.js";

const HELP = `aimak — household register and water management for rural municipalities and WUAs

Usage: npx aimak <command> [options]

  serve [--no-demo]            start the service (loads the demo data into an empty database)
  migrate                      apply database migrations
  demo                         load the demo data into an empty database
  org list                     list organisations (id, kind, name)
  user create --org ID --username NAME --name "FULL NAME" --role ROLE[,ROLE]
                               create a login (or give an existing one these roles); the password
                               is read from stdin
  user password --username NAME
                               set a login's password (read from stdin), clear its lockout and end
                               its sessions: for an administrator who forgot their own
  backup FILE                  write a backup (gzipped JSON lines) of the whole database
  restore FILE                 restore a backup into an empty database
  audit verify                 verify every organisation's audit hash chain
  places import FILE           add administrative units from a JSON document (e.g. another country)
  places merge --into CODE --date YYYY-MM-DD CODE...
                               merge units (e.g. ayil aimaks) into one; the merged municipalities'
                               household registers move into the municipality of CODE, if it has one
  places rename CODE --date YYYY-MM-DD --ky NAME --ru NAME [--uz NAME] [--tg NAME] [--en NAME]
                               rename a unit (e.g. a village renamed by law) from a day that has come;
                               papers dated before keep the old name, and searches find both
  register transfer --from ORG --into ORG [--date YYYY-MM-DD]
                               move a merged municipality's household register into its successor's
                               (again after a merge made before that municipality was set up)
  allocate --input CASE.json   fair allocation of one case; prints the result as JSON (exit 2 if invalid)
  et0 --input WEATHER.csv --lat DEG --alt M [--wind-height M] [--rs-rso-min 0.3]
                               daily FAO-56 reference evapotranspiration for a CSV of weather

Environment:
${configVariables.map((v) => `  ${v.name.padEnd(22)} ${v.description}`).join("\n")}
`;

const progress = (message: string) => process.stderr.write(`\r\x1b[2K${message}`);
const progressDone = () => process.stderr.write("\n");
const cliContext: RequestContext = {
  requestId: `cli-${process.pid}`,
  locale: "en",
  client: "cli",
  actor: null,
};

function describeTransfer(t: RegisterTransfer): string {
  const numbers = t.numbers ? ` (now Nos. ${t.numbers[0]}–${t.numbers[1]})` : "";
  const logins =
    t.loginsWithoutRole.length > 0
      ? `\n  logins with no role in ${t.intoOrgId} yet (its administrator adds them by username on the users page): ${t.loginsWithoutRole.join(", ")}`
      : "";
  return `register of ${t.fromOrgId} moved into ${t.intoOrgId}: ${t.households} households${numbers}, ${t.people} people, ${t.certificates} certificates, ${t.links} water providers' links, ${t.loginsRehomed} logins now at home there${logins}`;
}

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await prepareDatabase(config.database);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function serve(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { "no-demo": { type: "boolean", default: false } } });
  const config = loadConfig();
  const database = await prepareDatabase(config.database);
  let demoLoaded = false;
  if (!values["no-demo"] && (await isEmpty(database))) {
    await loadDemo(database, (step) => progress(`loading demo data: ${step}`));
    progressDone();
    demoLoaded = true;
  }
  const app = await buildApp({ database, config });
  // The periodic jobs (server/jobs.ts): the purge runs first, before the service listens; the flag
  // refresh and today's counts start in the background; shutdown stops each and waits for it.
  const jobs = startServiceJobs({
    database,
    config,
    onError: (job, error) => app.log.warn({ err: String(error) }, `${SERVICE_JOBS[job]} failed`),
    onRun: (job) => app.log.debug(`${SERVICE_JOBS[job]} started`),
  });
  await jobs.purged;
  const shutdown = async () => {
    await jobs.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
  // The port listened on, which the system chose where PORT is 0 (the crash tests' services).
  const { port } = app.server.address() as AddressInfo;
  const where =
    config.database.kind === "pglite" ? `embedded PGlite in ${config.database.dataDir}` : "PostgreSQL";
  console.log(`\nAimak is running at http://localhost:${port} (database: ${where})`);
  if (!webIsBuilt()) console.log("The web app is not built: run `npm run build` (npm start does).");
  if (demoLoaded || !values["no-demo"]) {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.username.padEnd(11)} ${l.roles.join(", ")} (${l.org})`);
  }
}

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new Error("no password on standard input");
}

/** A new login's password from stdin, or null (said on stderr) when it is too short. */
async function readNewPassword(): Promise<string | null> {
  const password = await readPassword();
  if (password.length >= 8) return password;
  console.error("the password must have at least 8 characters");
  return null;
}

/** `user password --username NAME`: a new password from stdin, as the system. */
async function resetPassword(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: "string" } } });
  if (!values.username) {
    console.error("user password needs --username");
    return 2;
  }
  const password = await readNewPassword();
  if (password === null) return 2;
  return withDatabase(async (database) => {
    const { sessionsEnded } = await withSystem(database, (tx) =>
      resetPasswordAsSystem(tx, cliContext, values.username!, password),
    );
    console.log(`the password of ${values.username} is set; ${sessionsEnded} session(s) ended`);
    return 0;
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case "serve":
      await serve([sub, ...rest].filter((a): a is string => Boolean(a)));
      return -1; // keeps running
    case "migrate":
      await withDatabase(async () => console.log("migrations applied"));
      return 0;
    case "demo":
      return withDatabase(async (database) => {
        if (!(await isEmpty(database))) {
          console.error("the database is not empty; the demo loads only into an empty one");
          return 1;
        }
        await loadDemo(database, (s) => progress(`demo: ${s}`));
        progressDone();
        return 0;
      });
    case "org":
      if (sub !== "list") break;
      return withDatabase(async (database) => {
        const orgs = await withSystem(database, (tx) =>
          tx.select().from(organisation).orderBy(organisation.kind),
        );
        for (const o of orgs) console.log(`${o.id}  ${o.kind.padEnd(16)} ${o.name.ky ?? o.name.ru ?? ""}`);
        return 0;
      });
    case "user": {
      if (sub === "password") return resetPassword(rest);
      if (sub !== "create") break;
      const { values } = parseArgs({
        args: rest,
        options: {
          org: { type: "string" },
          username: { type: "string" },
          name: { type: "string" },
          role: { type: "string" },
          locale: { type: "string", default: "ky" },
        },
      });
      const roles = (values.role ?? "").split(",").filter(Boolean);
      if (!values.org || !values.username || !values.name || roles.length === 0 || !roles.every(isRole)) {
        console.error(
          "user create needs --org, --username, --name and --role (one or more of the known roles)",
        );
        return 2;
      }
      const password = await readNewPassword();
      if (password === null) return 2;
      return withDatabase(async (database) => {
        const id = await withSystem(database, async (tx) => {
          const [org] = await tx.select().from(organisation).where(eq(organisation.id, values.org!));
          if (!org) throw new Error(`no organisation ${values.org}`);
          return createUserAsSystem(tx, cliContext, {
            orgId: org.id,
            username: values.username!,
            displayName: values.name!,
            password,
            locale: values.locale === "ru" ? "ru" : "ky",
            roles: roles.filter(isRole),
          });
        });
        console.log(`user ${values.username} (${id}) has ${roles.join(", ")}`);
        return 0;
      });
    }
    case "backup":
      if (!sub) break;
      return withDatabase(async (database) => {
        await backupDatabase(database, sub, progress);
        progressDone();
        console.log(`backup written to ${sub}`);
        return 0;
      });
    case "restore":
      if (!sub) break;
      return withDatabase(async (database) => {
        await restoreDatabase(database, sub, progress);
        progressDone();
        console.log(`restored from ${sub}`);
        return 0;
      });
    case "audit":
      if (sub !== "verify") break;
      return withDatabase(async (database) => {
        const result = await verifyAll(database, (_org, n) => progress(`audit: ${n} records checked`));
        progressDone();
        if (result.broken.length === 0) {
          console.log(`audit trail intact: ${result.checked} records checked`);
          return 0;
        }
        for (const b of result.broken) {
          console.error(`BROKEN: organisation ${b.orgId}, record seq ${b.seq} (id ${b.id}): ${b.reason}`);
        }
        return 1;
      });
    case "places": {
      if (sub === "import" && rest[0]) {
        const doc = unitsDocumentSchema.parse(JSON.parse(readFileSync(rest[0], "utf8")));
        return withDatabase(async (database) => {
          const added = await withSystem(database, (tx) => importUnits(tx, doc));
          console.log(`${added} units added (${doc.countryCode})`);
          return 0;
        });
      }
      if (sub === "rename") {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: Object.fromEntries(
            ["date", "ky", "ru", "uz", "tg", "en"].map((o) => [o, { type: "string" as const }]),
          ),
        });
        const [code] = positionals;
        if (!code || !values.date || positionals.length !== 1) break;
        const { date, ...name } = values as Record<string, string>;
        return withDatabase(async (database) => {
          const { unit, rekeyed } = await withSystem(database, async (tx) => {
            const today = localDayOf(Date.now(), DEFAULT_TIME_ZONE);
            const { unit } = await renameUnit(tx, code, name, date!, today);
            return { unit, rekeyed: unit.level === "village" ? await rekeyVillage(tx, code) : 0 };
          });
          console.log(
            `${code} (${unit.level}) is named ${name.ky} / ${name.ru} from ${date}` +
              (unit.level === "village" ? `; ${rekeyed} households' addresses keyed again` : ""),
          );
          return 0;
        });
      }
      if (sub === "merge") {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { into: { type: "string" }, date: { type: "string" } },
        });
        if (!values.into || !values.date || positionals.length === 0) break;
        return withDatabase(async (database) => {
          const { change, registers } = await withSystem(database, async (tx) => {
            const change = await mergeUnits(tx, positionals, values.into!, values.date!);
            const registers = await transferMergedRegisters(
              tx,
              cliContext,
              positionals,
              values.into!,
              values.date!,
            );
            return { change, registers };
          });
          console.log(
            `merged ${change.abolish.length} units into ${values.into}; ${change.open.length} units moved`,
          );
          for (const t of registers.transfers) console.log(describeTransfer(t));
          for (const orgId of registers.waiting)
            console.log(
              registers.successors === 0
                ? `the register of ${orgId} stays until the municipality of ${values.into} is set up: then run register transfer`
                : `the register of ${orgId} stays: ${registers.successors} municipalities stand on ${values.into}; run register transfer --into the one that takes it`,
            );
          return 0;
        });
      }
      break;
    }
    case "register": {
      if (sub !== "transfer") break;
      const { values } = parseArgs({
        args: rest,
        options: { from: { type: "string" }, into: { type: "string" }, date: { type: "string" } },
      });
      if (!values.from || !values.into) break;
      const on = values.date ?? new Date().toISOString().slice(0, 10);
      return withDatabase(async (database) => {
        const transfer = await withSystem(database, (tx) =>
          transferRegister(tx, cliContext, { fromOrgId: values.from!, intoOrgId: values.into!, on }),
        );
        console.log(describeTransfer(transfer));
        return 0;
      });
    }
    case "allocate": {
      const { values } = parseArgs({
        args: [sub, ...rest].filter((a): a is string => Boolean(a)),
        options: { input: { type: "string" } },
      });
      if (!values.input) break;
      const run = runAllocateCase(readFileSync(values.input === "-" ? 0 : values.input, "utf8"));
      process.stdout.write(run.stdout);
      process.stderr.write(run.stderr);
      return run.exitCode;
    }
    case "et0": {
      const args = parseEt0Args([sub, ...rest].filter((a): a is string => Boolean(a)));
      if (typeof args === "string") {
        console.error(args);
        return 2;
      }
      const run = runEt0(
        readFileSync(args.input === "-" ? 0 : args.input, "utf8"),
        args.station,
        args.windHeightM,
      );
      process.stdout.write(run.stdout);
      process.stderr.write(run.stderr);
      return run.exitCode;
    }
    case undefined:
    case "help":
    case "--help":
      console.log(HELP);
      return 0;
  }
  console.error(HELP);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(
      error instanceof DomainError
        ? translate(cliContext.locale, `errors.${error.code}`, error.params)
        : error instanceof Error
          ? error.message
          : error,
    );
    process.exit(1);
  },
);
