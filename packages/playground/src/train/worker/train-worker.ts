/**
 * Train mode's Web Worker: it holds the run (a {@link TrainingSession}) and trains it in slices of a
 * few milliseconds, between which it reads the page's messages, so the page's own thread only draws.
 * While playing it sends a snapshot about 10 times a second, 20 at a speed of so many epochs a second
 * (less often when a snapshot costs more than a tenth of the time, or the page has not drawn the last
 * one yet), and one more when training stops.
 *
 * @module
 */
/// <reference lib="webworker" />
import type { Dataset } from "tracegrad/internal/data/dataset";
import { InputError } from "tracegrad/internal/common/input-error";
import type { RunOptions } from "tracegrad/internal/run/run-config";
import { readDigits } from "../digits/digits-file.js";
import { PaceBudget } from "../pace.js";
import { TrainingSession } from "../session.js";
import type { Snapshot } from "../session.js";
import { DIGITS } from "../setup.js";
import type { WorkerMessage, WorkerRequest } from "./protocol.js";

declare const self: DedicatedWorkerGlobalScope;

/** Training time per slice, in milliseconds, between reads of the page's messages. */
const SLICE_MS = 12;
/**
 * The shortest time between snapshots while playing: 10 a second, each drawn on the page's next frame.
 * (At 20 a second the drawing took so much of a busy 2-core machine that the worker trained a third
 * slower; see npm run bench:playground.)
 */
const SNAPSHOT_MS = 100;
/**
 * The same at a speed of so many epochs a second (the default one among them): the worker waits most
 * of the time then, so snapshots can come 20 times a second, the boundary and the curve redrawn as
 * often as the page can draw them.
 */
const PACED_SNAPSHOT_MS = 50;

let session: TrainingSession | null = null;
let id = 0;
let playing = false;
let rate = Number.POSITIVE_INFINITY;
/** The epochs the play may run now, at its pace (`pace.ts`: slowly at first, up to `rate`). */
let budget = new PaceBudget(rate);
let gridCells = 40;
let sentEpoch = 0;
let lastSnapshot = 0;
let snapshotCost = 1;
/** A snapshot was sent that the page has not drawn yet. */
let undrawn = false;
/** Past this, a snapshot goes whether the page has drawn the last one or not (a hidden page draws nothing). */
const UNDRAWN_MS = 1000;
let digits: Promise<Dataset> | null = null;
/** Options the page sent while the run was being set up, to go on with once it is. */
let pendingOptions: RunOptions | null = null;

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/** The buffers a snapshot can hand over instead of copying. */
function buffers(snapshot: Snapshot): Transferable[] {
  const out: ArrayBufferLike[] = [snapshot.history.loss.buffer, snapshot.history.learningRate.buffer];
  if (snapshot.history.accuracy !== null) out.push(snapshot.history.accuracy.buffer);
  if (snapshot.history.valLoss !== null) out.push(snapshot.history.valLoss.buffer);
  for (const w of snapshot.weights) out.push(w.weights.buffer, ...(w.bias !== null ? [w.bias.buffer] : []));
  out.push(snapshot.testHistory.epoch.buffer, snapshot.testHistory.loss.buffer, snapshot.testHistory.accuracy.buffer);
  if (snapshot.grid !== null) out.push(snapshot.grid.inputs.buffer, ...snapshot.grid.layers.map((l) => l.buffer));
  return out as Transferable[];
}

function takeSnapshot(): Snapshot {
  const started = performance.now();
  const snapshot = session!.snapshot({ historyFrom: sentEpoch + 1, grid: gridCells });
  sentEpoch = snapshot.epoch;
  snapshotCost = performance.now() - started;
  lastSnapshot = performance.now();
  return snapshot;
}

function sendSnapshot(): void {
  if (session === null) return;
  undrawn = true;
  const snapshot = takeSnapshot();
  post({ type: "snapshot", id, snapshot, playing }, buffers(snapshot));
}

/** A zero-delay turn of the event loop (setTimeout is clamped to 4 ms after a few nested calls). */
const channel = new MessageChannel();
let scheduled = false;
channel.port1.onmessage = () => {
  scheduled = false;
  loop();
};
function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    channel.port2.postMessage(0);
  }
}

function loop(): void {
  if (!playing || session === null) return;
  const now = performance.now();
  const allowed = budget.allowed(now, session.epoch);
  if (allowed > 0) budget.spent(session.runFor(SLICE_MS, allowed));
  if (session.finished) {
    playing = false;
    sendSnapshot();
    return;
  }
  const since = performance.now() - lastSnapshot;
  const interval = Number.isFinite(rate) ? PACED_SNAPSHOT_MS : SNAPSHOT_MS;
  if (since >= Math.max(interval, 10 * snapshotCost) && (!undrawn || since >= UNDRAWN_MS)) sendSnapshot();
  if (allowed > 0) schedule();
  else setTimeout(loop, 8);
}

async function start(request: Extract<WorkerRequest, { type: "start" }>): Promise<void> {
  playing = false;
  id = request.id;
  gridCells = request.grid;
  session = null;
  pendingOptions = null;
  try {
    let loaded: Dataset | null = null;
    if (request.options.data === DIGITS) {
      digits ??= fetch(request.digitsUrl).then(readDigits);
      loaded = await digits.catch((error: unknown) => {
        digits = null;
        throw error;
      });
    }
    if (request.id !== id) return;
    const created = TrainingSession.create(request.options, { csv: request.csv, digits: loaded });
    session = created;
    sentEpoch = 0;
    if (request.epoch > 0 || request.edits.length > 0) {
      // A link's run: replay it, telling the page how far it has got now and then.
      let last = performance.now();
      for (const edit of request.edits) {
        created.runEpochs(edit.epoch - created.epoch);
        if ("options" in edit) created.continueWith(edit.options);
        else created.setWeight(edit.weight, edit.value);
      }
      while (created.epoch < request.epoch && !created.finished) {
        created.runFor(50, request.epoch - created.epoch);
        if (performance.now() - last > 200) {
          post({ type: "progress", id, epoch: created.epoch, target: request.epoch });
          last = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (request.id !== id) return;
        }
      }
    }
    if (pendingOptions !== null) {
      created.continueWith(pendingOptions);
      pendingOptions = null;
    }
    const snapshot = takeSnapshot();
    post({ type: "started", id, info: created.info, snapshot }, buffers(snapshot));
  } catch (error) {
    if (request.id !== id) return;
    session = null;
    post({ type: "failed", id, message: error instanceof Error ? error.message.split("\n")[0] : String(error), field: error instanceof InputError ? (error.field ?? null) : null });
  }
}

function answer(question: Extract<WorkerRequest, { type: "ask" }>["question"]): unknown {
  if (session === null) return null;
  switch (question.kind) {
    case "model-file":
      return session.modelFileText();
    case "predictions":
      return session.predictions(question.limit);
    case "probe":
      return session.probe(question.x);
    case "confusion":
      return session.confusion(question.limit);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  switch (request.type) {
    case "start":
      void start(request);
      break;
    case "configure":
      if (session === null) pendingOptions = request.options;
      else {
        session.continueWith(request.options);
        sendSnapshot();
      }
      break;
    case "play":
      if (session === null || session.finished) {
        sendSnapshot();
        break;
      }
      playing = true;
      rate = request.rate;
      budget = new PaceBudget(rate);
      budget.start(performance.now());
      lastSnapshot = 0;
      schedule();
      break;
    case "pause":
      playing = false;
      sendSnapshot();
      break;
    case "step":
      if (session !== null && !playing) {
        session.runEpochs(request.epochs);
        sendSnapshot();
      }
      break;
    case "set-weight":
      if (session !== null) {
        session.setWeight(request.ref, request.value);
        if (!playing) sendSnapshot();
      }
      break;
    case "grid":
      gridCells = request.cells;
      if (!playing) sendSnapshot();
      break;
    case "ask":
      post({ type: "answer", id, ask: request.ask, value: answer(request.question) });
      break;
    case "drawn":
      undrawn = false;
      break;
  }
};
