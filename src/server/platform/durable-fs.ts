import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/** The Emscripten module's options as NodeFS takes them (PGlite does not export the type). */
type ModuleOptions = Parameters<NodeFS["init"]>[1];
type PostgresMod = Parameters<NonNullable<ModuleOptions["preRun"]>[number]>[0];

/**
 * PGlite's folder on disk, made durable against a power cut. PGlite writes each page through to
 * its file as PostgreSQL writes it (a killed process loses nothing the operating system holds),
 * but it starts PostgreSQL with fsync off (`-F`), and Emscripten's NODEFS has no fsync: fsync() is
 * a no-op and fdatasync() too. A commit's WAL then sits in the OS cache for up to half a minute,
 * and a checkpoint can record its data as safe before the data pages reach the disk. Here NODEFS's
 * files get a real fsync (Node's fsyncSync on the file PostgreSQL names), and PostgreSQL runs with
 * fsync on and syncs its WAL by fsync() (not fdatasync(), still a no-op): a commit answers once its
 * WAL is on the disk. Measured cost: see ARCHITECTURE.md, "Embedded database durability".
 */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, options: ModuleOptions) {
    const { emscriptenOpts } = await super.init(pg, options);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [...(emscriptenOpts.preRun ?? []), (mod: PostgresMod) => giveNodefsFsync(mod)],
      },
    };
  }
}

/** PostgreSQL's settings that make it sync what it must, after PGlite's own (whose `-F` they undo). */
export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  "-c",
  "fsync=on",
  "-c",
  "wal_sync_method=fsync",
];

interface NodefsStream {
  nfd: number;
}
interface Nodefs {
  stream_ops?: { fsync?: (stream: NodefsStream) => number };
  tryFSOperation?: <T>(operation: () => T) => T;
}

function giveNodefsFsync(mod: PostgresMod) {
  const nodefs = (mod as unknown as { NODEFS?: Nodefs }).NODEFS;
  const streamOps = nodefs?.stream_ops;
  const tryFSOperation = nodefs?.tryFSOperation;
  // A PGlite whose Emscripten keeps its file system elsewhere must not run undurable unnoticed.
  if (!streamOps || !tryFSOperation) throw new Error("PGlite's NODEFS is not as expected: cannot fsync");
  // A failure goes back to PostgreSQL as an errno (tryFSOperation), as a failed fsync(2) would.
  streamOps.fsync = (stream) => {
    tryFSOperation(() => fs.fsyncSync(stream.nfd));
    return 0;
  };
}
