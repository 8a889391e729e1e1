/**
 * The page's side of the training worker: starts runs, sends the controls' changes, receives
 * snapshots, and asks the occasional question (the model file, the predictions) as a promise. Train
 * mode talks to training only through this module, so that it can move to the library's own worker
 * helper when there is one.
 *
 * @module
 */
import type { RunOptions } from "tracegrad/internal/run/run-config";
import type { CsvFile } from "../setup.js";
import type { RunEdit, RunInfo, Snapshot, WeightRef } from "../session.js";
import type { Question, WorkerMessage, WorkerRequest } from "./protocol.js";

export interface TrainingEvents {
  started(info: RunInfo, snapshot: Snapshot): void;
  failed(message: string, field: string | null): void;
  progress(epoch: number, target: number): void;
  snapshot(snapshot: Snapshot, playing: boolean): void;
}

export interface StartRequest {
  readonly options: RunOptions;
  readonly csv: CsvFile | null;
  readonly edits: readonly RunEdit[];
  readonly epoch: number;
  readonly grid: number;
}

/** Training in a Web Worker. */
export class TrainingClient {
  private readonly worker: Worker;
  private id = 0;
  private asks = 0;
  private readonly pending = new Map<number, (value: unknown) => void>();

  constructor(private readonly events: TrainingEvents) {
    this.worker = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module", name: "tracegrad-training" });
    this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => this.events.failed(`the training worker stopped: ${event.message}`, null);
  }

  private send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  private receive(message: WorkerMessage): void {
    if (message.id !== this.id) return;
    switch (message.type) {
      case "started":
        this.events.started(message.info, message.snapshot);
        break;
      case "failed":
        this.events.failed(message.message, message.field);
        break;
      case "progress":
        this.events.progress(message.epoch, message.target);
        break;
      case "snapshot":
        this.events.snapshot(message.snapshot, message.playing);
        break;
      case "answer": {
        const resolve = this.pending.get(message.ask);
        this.pending.delete(message.ask);
        resolve?.(message.value);
        break;
      }
    }
  }

  /** Starts a run (replacing the one before); its events come with `started` or `failed`. */
  start(request: StartRequest): void {
    this.id++;
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
    const digitsUrl = new URL("data/digits.bin", document.baseURI).href;
    this.send({ type: "start", id: this.id, digitsUrl, ...request, edits: [...request.edits] });
  }

  configure(options: RunOptions): void {
    this.send({ type: "configure", options });
  }

  play(rate: number): void {
    this.send({ type: "play", rate });
  }

  pause(): void {
    this.send({ type: "pause" });
  }

  step(epochs: number): void {
    this.send({ type: "step", epochs });
  }

  setWeight(ref: WeightRef, value: number): void {
    this.send({ type: "set-weight", ref, value });
  }

  /** Tells the worker the last snapshot is drawn. */
  drawn(): void {
    this.send({ type: "drawn" });
  }

  grid(cells: number): void {
    this.send({ type: "grid", cells });
  }

  /** Asks the run a question; null when the run has been replaced before it answered. */
  ask<T>(question: Question): Promise<T | null> {
    const ask = ++this.asks;
    return new Promise((resolve) => {
      this.pending.set(ask, (value) => resolve(value as T | null));
      this.send({ type: "ask", ask, question });
    });
  }
}
