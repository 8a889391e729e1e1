/**
 * The temporary files of atomic writes: a recognisable name beside the file being written
 * (`model.json.tracegrad-tmp-4242`, with the writer's process id), and their removal when a process
 * was killed before it could rename or remove its own. Each process sweeps a folder once, the first
 * time it writes there, removing the temporary files of processes that are gone; a live writer's are
 * left alone.
 *
 * @module
 */
import { readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const MARK = ".tracegrad-tmp-";
const PATTERN = /\.tracegrad-tmp-(\d+)$/;

/** The temporary name a write to `target` goes through. */
export function temporaryName(target: string): string {
  return `${target}${MARK}${process.pid}`;
}

/** Whether a process is alive (one that exists but belongs to another user counts). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const swept = new Set<string>();

/** Removes the temporary files left in `folder` by processes that are gone (once per folder and process). */
export function sweepTemporaryFiles(folder: string): void {
  const key = resolve(folder);
  if (swept.has(key)) return;
  swept.add(key);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // not there yet, or unreadable: nothing to sweep
  }
  for (const name of names) {
    const match = PATTERN.exec(name);
    if (match === null || processAlive(Number(match[1]))) continue;
    try {
      rmSync(join(folder, name), { force: true });
    } catch {
      // Another process removed it, or it cannot be: leave it.
    }
  }
}
