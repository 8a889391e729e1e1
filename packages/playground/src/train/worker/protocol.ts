/**
 * The messages between train mode's page and its training worker. Every run the page starts has an
 * id; the worker tags what it sends with the id of the run it is about, and the page drops what comes
 * for a run it has since replaced.
 *
 * @module
 */
import type { RunOptions } from "tracegrad/internal/run/run-config";
import type { CsvFile } from "../setup.js";
import type { RunEdit, RunInfo, Snapshot, WeightRef } from "../session.js";

/** What the page asks of the worker. */
export type WorkerRequest =
  /** Sets up a run (fetching the digits first when it needs them), replays its changes up to `epoch`, and waits. */
  | { readonly type: "start"; readonly id: number; readonly options: RunOptions; readonly csv: CsvFile | null; readonly digitsUrl: string; readonly edits: readonly RunEdit[]; readonly epoch: number; readonly grid: number }
  /** Goes on from the current weights with other options (only ones that continue a run). */
  | { readonly type: "configure"; readonly options: RunOptions }
  /** Trains at up to `rate` epochs per second (Infinity: as fast as it goes) until paused or done. */
  | { readonly type: "play"; readonly rate: number }
  | { readonly type: "pause" }
  | { readonly type: "step"; readonly epochs: number }
  | { readonly type: "set-weight"; readonly ref: WeightRef; readonly value: number }
  /** Cells per side of the unit maps' grid (0: none). */
  | { readonly type: "grid"; readonly cells: number }
  | { readonly type: "ask"; readonly ask: number; readonly question: Question }
  /** The page has drawn the last snapshot: the worker may send the next (it never sends faster than the page draws). */
  | { readonly type: "drawn" };

/** Questions the page asks now and then, each answered once. */
export type Question = { readonly kind: "model-file" } | { readonly kind: "predictions"; readonly limit: number } | { readonly kind: "probe"; readonly x: Float64Array } | { readonly kind: "confusion"; readonly limit: number };

/** What the worker tells the page. */
export type WorkerMessage =
  | { readonly type: "started"; readonly id: number; readonly info: RunInfo; readonly snapshot: Snapshot }
  | { readonly type: "failed"; readonly id: number; readonly message: string; readonly field: string | null }
  /** Restoring a link's run: how far it has got. */
  | { readonly type: "progress"; readonly id: number; readonly epoch: number; readonly target: number }
  | { readonly type: "snapshot"; readonly id: number; readonly snapshot: Snapshot; readonly playing: boolean }
  | { readonly type: "answer"; readonly id: number; readonly ask: number; readonly value: unknown };
