/**
 * `threaded.ts` as a browser bundle gets it (the package's `browser` field maps one to the other): no
 * worker threads, so no threaded kernel, and none of its code in the bundle.
 *
 * @module
 */
import type { ThreadedWasmKernel } from "./threads.js";

/** No threaded kernel in a browser. */
export function threadedKernel(_module: WebAssembly.Module): { kernel: ThreadedWasmKernel; cores: number } | null {
  return null;
}

/** Worker threads cannot be started here. */
export function threadsAvailable(): boolean {
  return false;
}
