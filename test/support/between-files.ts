import { afterAll, vi } from "vitest";
import { removeTemporaryFolders } from "./temporary-folders.js";

// The files of a tier share their worker's modules (isolate: false in vitest.config.ts): what a file
// fakes, spies on or stubs must not reach the next file, even when one of its tests failed midway;
// nor do the temporary folders it made stay behind.
afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  removeTemporaryFolders();
});
