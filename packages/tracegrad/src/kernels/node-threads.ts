/**
 * The one place the kernels touch Node's own modules: `node:worker_threads` and `node:os`, reached
 * through `process.getBuiltinModule` (Node 20.16 and later) only when the code runs in Node, so that
 * nothing imports them and a bundle for the web has nothing to leave out. The few types used are
 * declared here rather than taken from `@types/node`, for the same reason.
 *
 * @module
 */

/** The part of a Node `Worker` the threaded backend uses. */
export interface WorkerHandle {
  /** Lets the process exit while the worker still runs. */
  unref(): void;
  /** Stops the worker. */
  terminate(): Promise<number>;
  /** Listens for the worker's failure or end. */
  on(event: "error" | "exit", listener: (value: unknown) => void): unknown;
}

/** What the threaded backend needs from Node. */
export interface NodeThreads {
  /** Starts a worker thread running `source`, a CommonJS script, with `workerData`. */
  startWorker(source: string, workerData: unknown): WorkerHandle;
  /** How many threads can run at once. */
  readonly cores: number;
}

interface WorkerThreadsModule {
  Worker: new (source: string, options: { eval: true; workerData: unknown; execArgv: string[] }) => WorkerHandle;
}

interface OsModule {
  availableParallelism?: () => number;
  cpus(): unknown[];
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

let found: NodeThreads | null | undefined;

/** Node's worker threads, or null outside Node (or in a Node without `process.getBuiltinModule`). */
export function nodeThreads(): NodeThreads | null {
  if (found !== undefined) return found;
  found = null;
  const node = (globalThis as { process?: NodeProcess }).process;
  if (node?.versions?.node === undefined || typeof node.getBuiltinModule !== "function") return found;
  try {
    const threads = node.getBuiltinModule("node:worker_threads") as WorkerThreadsModule;
    const os = node.getBuiltinModule("node:os") as OsModule;
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    found = {
      // execArgv: [] keeps loaders given to the main thread (tsx, for one) out of the worker.
      startWorker: (source, workerData) => new threads.Worker(source, { eval: true, workerData, execArgv: [] }),
      cores: Math.max(1, cores),
    };
  } catch {
    found = null;
  }
  return found;
}
