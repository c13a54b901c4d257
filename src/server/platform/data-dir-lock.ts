import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The embedded database is one process's alone: a second process (say `aimak backup` while the
 * service runs) would corrupt it. A lock file names its owner (pid, and on Linux the boot and the
 * process's start time) and refuses the second one; a lock left by a process that no longer exists
 * is taken over. A pid alone does not say that: after a power cut the machine boots again and the
 * dead owner's pid may belong to another process (the boot starts the same programs in the same
 * order), which would keep the service from ever starting by itself.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "aimak.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify(processIdentity(process.pid)), { flag: "wx" });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readLockOwner(readFileSync(lockFile, "utf8"));
      if (owner && owner.pid !== process.pid && isRunning(owner)) {
        throw new Error(`the database in ${dataDir} is in use by process ${owner.pid}; stop it first`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock the database in ${dataDir}`);
}

/** A process as a lock file names it: its pid, and where the system says them, its boot and start. */
export interface ProcessIdentity {
  pid: number;
  /** Linux's id of the boot the process ran in (/proc/sys/kernel/random/boot_id). */
  boot?: string;
  /** When the process started, in clock ticks after that boot (/proc/PID/stat, field 22). */
  start?: string;
  /**
   * On Windows (a municipality's PC), which has no boot id nor start time to read as simply: the
   * program's file name ("node.exe"), which what runs under the pid after a reboot seldom shares.
   */
  program?: string;
}

export function processIdentity(pid: number): ProcessIdentity {
  const identity: ProcessIdentity = { pid };
  try {
    identity.boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    // The command name, in parentheses, may hold spaces: the fields are counted after it.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    identity.start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    // Not Linux (or no /proc). On Windows the pid and its program name the process; elsewhere (a
    // developer's Mac) the pid alone, as a program's name there follows what it calls itself.
    const program = process.platform === "win32" ? programOf(pid) : null;
    return program === null ? { pid } : { pid, program };
  }
  return identity;
}

/** A lock file's owner: the JSON of processIdentity, or a bare pid as earlier versions wrote. */
function readLockOwner(text: string): ProcessIdentity | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "number") return value > 0 ? { pid: value } : null;
    const owner = value as ProcessIdentity;
    return Number.isInteger(owner?.pid) && owner.pid > 0 ? owner : null;
  } catch {
    return null; // half written when its process was killed: no one owns it
  }
}

/**
 * Whether the process a lock names still runs: its pid lives, in the same boot, started then; where
 * those are not known, running the same program. What the system does not say (an older lock, a
 * list that could not be read) counts as running: a lock taken over from a live owner would let two
 * processes write one database, one refused start asks a person to look.
 */
function isRunning(owner: ProcessIdentity): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return sameProcess(owner, processIdentity(owner.pid));
}

/**
 * Whether the process that has a lock owner's pid now is that owner: the same boot and start time
 * where the lock names them, else the same program where both name one. What is not known (an older
 * lock, a list that could not be read) counts as the owner: a lock taken from a live owner would let
 * two processes write one database, while a refused start only asks a person to look.
 */
export function sameProcess(owner: ProcessIdentity, now: ProcessIdentity): boolean {
  if (owner.boot) return now.boot === owner.boot && now.start === owner.start;
  if (!owner.program || !now.program) return true;
  return now.program.toLowerCase() === owner.program.toLowerCase();
}

/**
 * The file name of the program a Windows process runs ("node.exe"), as `tasklist` lists it; null
 * when it does not say. Our own from Node.
 */
function programOf(pid: number): string | null {
  if (pid === process.pid) return path.basename(process.execPath);
  try {
    const listed = execFileSync("tasklist", ["/FI", `PID eq ${pid}`, "/FO", "CSV", "/NH"], {
      encoding: "latin1",
      timeout: 5000,
      windowsHide: true,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return programListed(listed, pid);
  } catch {
    return null;
  }
}

/**
 * The program named for `pid` in what `tasklist /FO CSV /NH` printed: `"node.exe","1234",…` per
 * process, or a line in the system's language when none matches.
 */
export function programListed(output: string, pid: number): string | null {
  for (const line of output.split(/\r?\n/)) {
    const row = /^"([^"]+)","(\d+)"/.exec(line.trim());
    if (row && Number(row[2]) === pid) return row[1]!;
  }
  return null;
}
