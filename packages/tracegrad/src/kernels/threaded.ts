/**
 * The threaded backend's kernel where the runtime can start worker threads (Node). A browser bundle
 * gets `threaded.browser.ts` in this module's place (the package's `browser` field maps one to the
 * other), so that the threads' code and the workers' script are not in it: no page runs them.
 *
 * @module
 */
import { nodeThreads } from "./node-threads.js";
import { ThreadedWasmKernel } from "./threads.js";

/** A threaded kernel on `module` (compiled with a shared memory) and the cores it may use, or null outside Node. */
export function threadedKernel(module: WebAssembly.Module): { kernel: ThreadedWasmKernel; cores: number } | null {
  const node = nodeThreads();
  return node === null ? null : { kernel: new ThreadedWasmKernel(module, node), cores: node.cores };
}

/** Whether worker threads can be started here (Node). */
export function threadsAvailable(): boolean {
  return nodeThreads() !== null;
}
