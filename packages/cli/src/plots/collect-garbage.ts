/**
 * V8's garbage collector, for the code that must free memory V8 does not see (resvg's pixels are
 * outside its heap): obtained as Jest's leak detector does (`--expose-gc` set at run time, the
 * function taken from a new context). Node only.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** What to collect: the whole heap (the default), or only the young generation, at once. */
export interface CollectOptions {
  readonly type?: "major" | "minor";
  readonly execution?: "sync" | "async";
}

/** The collector; null where it cannot be had. */
export const collectGarbage: ((options?: CollectOptions) => void) | null = (() => {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as (options?: CollectOptions) => void) : null;
  } catch {
    return null;
  }
})();
