/**
 * One run at a time into an output folder: a run that writes `--out DIR` holds `DIR/.tracegrad.lock`,
 * a file of its process id, for as long as it runs. A second run into the same folder while that
 * process lives is refused; a lock whose process is gone (killed, crashed) is taken over. A folder
 * the run created is removed again when the run fails before writing anything into it (its input
 * refused after the lock was taken), so that a refused run leaves nothing behind.
 *
 * @module
 */
import { mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError } from "tracegrad/internal/common/input-error";
import { errnoWords } from "./errno.js";
import { processAlive } from "./temporary-files.js";

/** The lock file's name inside the folder. */
export const LOCK_NAME = ".tracegrad.lock";

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function busy(folder: string, pid: number): InputError {
  return new InputError(`${folder} is being written by another tracegrad run (process ${pid}); wait for it to finish, or give another --out`);
}

/**
 * Removes `folder` and the folders above it up to `first`, the first of them this process created,
 * each only if it is empty: what a failed run made and wrote nothing into.
 */
function removeEmptyFolders(folder: string, first: string): void {
  const top = resolve(first);
  for (let at = resolve(folder); ; at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return; // not empty (the run wrote something, or another process did), or already gone
    }
    if (at === top || dirname(at) === at) return;
  }
}

/**
 * Takes the lock of an output folder (creating the folder), or throws an {@link InputError} when a
 * live process holds it. Returns the function that releases it; it is also released when the process
 * exits, and when it exits with a status other than 0, the folders this call created are removed if
 * they are empty.
 */
export function lockOutFolder(folder: string): () => void {
  const path = join(folder, LOCK_NAME);
  let created: string | undefined;
  try {
    created = mkdirSync(folder, { recursive: true });
    for (let attempt = 0; !tryCreate(path); attempt++) {
      const owner = ownerOf(path);
      if (owner !== undefined && owner !== process.pid && processAlive(owner)) throw busy(folder, owner);
      if (attempt > 0) throw busy(folder, owner ?? 0);
      // The owner is gone: move its lock aside (one taker wins the rename) and check it was that one.
      const stale = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, stale);
      } catch {
        continue; // another run took it over first; try again, once
      }
      const moved = ownerOf(stale);
      if (moved !== owner && moved !== undefined && processAlive(moved)) {
        renameSync(stale, path);
        throw busy(folder, moved);
      }
      rmSync(stale, { force: true });
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot write ${folder}: ${errnoWords(error)}`);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      if (ownerOf(path) === process.pid) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
  process.once("exit", (code) => {
    release();
    if (code !== 0 && created !== undefined) removeEmptyFolders(folder, created);
  });
  return release;
}
