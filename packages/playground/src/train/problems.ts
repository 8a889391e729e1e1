/**
 * What is wrong with train mode's settings, said beside the control it is about, in the page's
 * words, with a button that fixes it. The problems are the library's own: the options go through
 * `checkRunOptions` and the run is set up by `prepareRun` as `tracegrad train` sets it up, and the
 * option the error names (`--lr`) says which control it belongs to; the page only renames the flags
 * it mentions after its controls.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { InputError } from "tracegrad/internal/common/input-error";
import type { RunOptions } from "tracegrad/internal/run/run-config";
import { errorLine } from "../lib/errors.js";
import { fitToData, knownShape, withOption } from "./settings.js";
import type { DataShape } from "./settings.js";
import { DEFAULT_TRAIN_OPTIONS, prepareRun, resolveOptions } from "./setup.js";
import type { DataSources, PreparedRun } from "./setup.js";

/** The label of each option's control, as the page shows it. */
export const CONTROL_LABELS: Readonly<Record<string, string>> = {
  data: "Data set",
  points: "Points",
  classes: "Classes",
  noise: "Noise",
  test: "Test share",
  validation: "Validation share",
  features: "Input features",
  scale: "Feature scaling",
  layers: "Hidden layers",
  activation: "Activation",
  outputActivation: "Output activation",
  loss: "Loss",
  optimizer: "Optimizer",
  lr: "Learning rate η",
  l1: "L1 λ",
  l2: "L2 λ",
  batch: "Batch size",
  epochs: "Epochs",
  seed: "Seed",
  init: "Initializer",
  dropout: "Dropout",
  batchNorm: "Batch norm",
  schedule: "Schedule",
  warmup: "Warm-up",
  patience: "Patience",
  momentum: "Momentum",
  weightDecay: "Weight decay",
  target: "Target column",
  stopLossChange: "Stop when the loss changes less than",
};

/** One problem with the settings. */
export interface SettingsProblem {
  /** The option it is about (`lr`); its control shows the message. */
  readonly key: string;
  /** In the page's words: the library's reason with its flags named as the page's controls. */
  readonly message: string;
  /** What the fix button says and the options it sets. */
  readonly fix: { readonly label: string; readonly options: RunOptions };
}

/** The option an error's field names (`--output-activation` → `outputActivation`), or `data` when it names none. */
function keyOf(error: unknown): string {
  const field = error instanceof InputError ? error.field : undefined;
  if (field === undefined || !field.startsWith("--")) return "data";
  return field.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** A reason with the flags it mentions named as the page's controls: `--batch` → `Batch size`. */
export function inPageWords(reason: string): string {
  return reason
    .replace(/\s*\(--[a-z-]+ [^,)]*, or [^)]* in a config file\)/g, "")
    .replace(/--([a-z][a-z-]*)/g, (m, flag: string) => CONTROL_LABELS[flag.replace(/-([a-z])/g, (_x, c: string) => c.toUpperCase())] ?? m);
}

/** The fix of a problem with `key`: what the data needs where the layers do not fit it, else the option's default. */
function fixFor(key: string, options: RunOptions, shape: DataShape | null): SettingsProblem["fix"] {
  if ((key === "layers" || key === "loss" || key === "outputActivation") && shape !== null) {
    const fitted = fitToData(options, shape);
    if (JSON.stringify(fitted) !== JSON.stringify(options)) return { label: "Fit the layers to the data", options: fitted };
  }
  if (key === "patience") return { label: "Hold out 20% for validation", options: withOption(options, "validation", 0.2) };
  if (key === "batchNorm") return { label: "Turn batch norm off", options: withOption(options, "batchNorm", undefined) };
  const fallback = (DEFAULT_TRAIN_OPTIONS as Record<string, unknown>)[key];
  if (key === "data") return { label: "Use the circle", options: { ...DEFAULT_TRAIN_OPTIONS } };
  if (fallback !== undefined) return { label: `Use ${String(fallback)}`, options: withOption(options, key, fallback) };
  return { label: "Clear it", options: withOption(options, key, undefined) };
}

/** The settings checked and, when they are right, the run they set up. */
export interface CheckedSettings {
  readonly run: PreparedRun | null;
  readonly problem: SettingsProblem | null;
}

/** The problem of an InputError about these options: beside the option it names, with its fix. */
export function problemOf(error: InputError, options: RunOptions, csvShape: DataShape | null = null): SettingsProblem {
  const key = keyOf(error);
  const reason = error.field !== undefined && error.field.startsWith("--") ? error.reason : errorLine(error);
  return { key, message: inPageWords(reason), fix: fixFor(key, options, csvShape ?? knownShape(options)) };
}

/** Checks the settings by setting up their run as `tracegrad train` would. */
export function checkSettings(options: RunOptions, sources: DataSources, csvShape: DataShape | null = null): CheckedSettings {
  try {
    return { run: prepareRun(resolveOptions(options), sources), problem: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { run: null, problem: problemOf(error, options, csvShape) };
  }
}
