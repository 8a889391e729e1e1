/**
 * One run at a time into an output folder: a run that writes `--out DIR` holds `DIR/.tracegrad.lock`,
 * a file of its process id, for as long as it runs. A second run into the same folder while that
 * process lives is refused; a lock whose process is gone (killed, crashed) is taken over.
 *
 * @module
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
 * Takes the lock of an output folder (creating the folder), or throws an {@link InputError} when a
 * live process holds it. Returns the function that releases it; it is also released when the process
 * exits.
 */
export function lockOutFolder(folder: string): () => void {
  const path = join(folder, LOCK_NAME);
  try {
    mkdirSync(folder, { recursive: true });
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
  process.once("exit", release);
  return release;
}
