/**
 * A practice exercise as a link: its type, seed and options in the URL's fragment, named as
 * `tracegrad exercise` names its options (`#practice?type=backprop&seed=7&layers=2-2-2&loss=half-sse`),
 * so an instructor shares one link per class, or one per student of a set (`count=30&number=7`, the
 * exercise `tracegrad exercise --count 30` writes to its folder 07). The options are read by the
 * library's own readers (`parseLayerSizes`, `parseLoss`, `resolveActivations`), whose messages say
 * what is wrong.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { InputError } from "tracegrad/internal/common/input-error";
import { exerciseSeeds } from "tracegrad/internal/exercise/generate";
import { parseLayerSizes, parseLoss, resolveActivations } from "tracegrad/internal/exercise/options";
import { formatTolerance, parseTolerance } from "tracegrad/internal/grade/tolerance";
import type { ExerciseOptions } from "tracegrad/internal/exercise/options";

/** The kinds of exercise practice mode poses (`tracegrad exercise` makes backpropagation exercises). */
export const PRACTICE_TYPES = ["backprop"] as const;
export type PracticeType = (typeof PRACTICE_TYPES)[number];

/** An exercise's link, as written (strings, as in the URL). */
export interface PracticeParams {
  readonly type: PracticeType;
  readonly seed: number;
  readonly layers: string;
  /** One activation, or one per layer, comma-separated; absent: sigmoid (with the loss's output). */
  readonly activation?: string;
  readonly loss: string;
  readonly batch: number;
  readonly digits: number;
  readonly bias: boolean;
  /** η; absent: drawn from the seed. */
  readonly lr?: number;
  /** A set of exercises, one per student: how many, and which this is (from 1). */
  readonly count?: number;
  readonly number?: number;
  /** The part of a point (0 to 1) a value carried forward correctly earns (`tracegrad check --follow-through-credit`); 1 when absent. */
  readonly credit?: number;
  /** How far a right answer may be from the value (`tracegrad check --tolerance`, `1%` or `0.01`); 0.5% when absent. */
  readonly tolerance?: number;
}

/** The exercise `tracegrad exercise` makes with its defaults, seed 1. */
export const DEFAULT_PRACTICE: PracticeParams = { type: "backprop", seed: 1, layers: "2-2-2", loss: "half-sse", batch: 1, digits: 2, bias: false };

const KEYS = ["type", "seed", "layers", "activation", "loss", "batch", "digits", "bias", "lr", "count", "number", "credit", "tolerance"] as const;

function whole(value: string, key: string, low: number, high: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < low || n > high) throw new InputError(`must be a whole number from ${low} to ${high}, got "${value}"`, { field: key });
  return n;
}

/** Reads an exercise's link (the part after `#practice?`); a mistake is an InputError naming the parameter. */
export function parsePracticeQuery(query: string): PracticeParams {
  const search = new URLSearchParams(query);
  for (const key of search.keys()) {
    if (!(KEYS as readonly string[]).includes(key)) throw new InputError(`unknown parameter "${key}"; an exercise's link names ${KEYS.join(", ")}`, { field: key });
  }
  const type = search.get("type") ?? DEFAULT_PRACTICE.type;
  if (!(PRACTICE_TYPES as readonly string[]).includes(type)) throw new InputError(`unknown exercise type "${type}"; practice mode poses ${PRACTICE_TYPES.join(", ")}`, { field: "type" });
  const get = (key: string) => search.get(key) ?? undefined;
  const params: PracticeParams = {
    type: type as PracticeType,
    seed: get("seed") === undefined ? DEFAULT_PRACTICE.seed : whole(get("seed")!, "seed", 0, 0xffffffff),
    layers: get("layers") ?? DEFAULT_PRACTICE.layers,
    ...(get("activation") !== undefined ? { activation: get("activation")! } : {}),
    loss: get("loss") ?? DEFAULT_PRACTICE.loss,
    batch: get("batch") === undefined ? DEFAULT_PRACTICE.batch : whole(get("batch")!, "batch", 1, 8),
    digits: get("digits") === undefined ? DEFAULT_PRACTICE.digits : whole(get("digits")!, "digits", 1, 4),
    bias: get("bias") === "1" || get("bias") === "true",
    ...(get("lr") !== undefined ? { lr: Number(get("lr")) } : {}),
    ...(get("count") !== undefined ? { count: whole(get("count")!, "count", 1, 999) } : {}),
    ...(get("number") !== undefined ? { number: whole(get("number")!, "number", 1, 999) } : {}),
    ...(get("credit") !== undefined ? { credit: Number(get("credit")) } : {}),
    ...(get("tolerance") !== undefined ? { tolerance: parseTolerance(get("tolerance")!, "tolerance") } : {}),
  };
  if (params.credit !== undefined && !(params.credit >= 0 && params.credit <= 1)) throw new InputError(`must be a number from 0 to 1, got "${get("credit")}"`, { field: "credit" });
  if (params.lr !== undefined && !(Number.isFinite(params.lr) && params.lr > 0)) throw new InputError(`must be a number greater than 0, got "${get("lr")}"`, { field: "lr" });
  if ((params.count === undefined) !== (params.number === undefined)) throw new InputError("count and number go together: number is which exercise of a set of count", { field: params.count === undefined ? "number" : "count" });
  if (params.count !== undefined && params.number! > params.count) throw new InputError(`is ${params.number}, past the set's ${params.count} exercises`, { field: "number" });
  exerciseOptionsOf(params);
  return params;
}

/** The link of an exercise (after `#practice?`), its parameters in one order, defaults left out. */
export function practiceQuery(params: PracticeParams): string {
  const out = new URLSearchParams();
  out.set("type", params.type);
  out.set("seed", String(params.seed));
  if (params.layers !== DEFAULT_PRACTICE.layers) out.set("layers", params.layers);
  if (params.activation !== undefined) out.set("activation", params.activation);
  if (params.loss !== DEFAULT_PRACTICE.loss) out.set("loss", params.loss);
  if (params.batch !== DEFAULT_PRACTICE.batch) out.set("batch", String(params.batch));
  if (params.digits !== DEFAULT_PRACTICE.digits) out.set("digits", String(params.digits));
  if (params.bias) out.set("bias", "1");
  if (params.lr !== undefined) out.set("lr", String(params.lr));
  if (params.count !== undefined && params.number !== undefined) {
    out.set("count", String(params.count));
    out.set("number", String(params.number));
  }
  if (params.credit !== undefined) out.set("credit", String(params.credit));
  if (params.tolerance !== undefined) out.set("tolerance", formatTolerance(params.tolerance));
  return out.toString();
}

/**
 * The options `generateExercise` takes: as `tracegrad exercise` reads its command line, and for one
 * exercise of a set the seed `--count` gives it, with its number in its title.
 */
export function exerciseOptionsOf(params: PracticeParams): ExerciseOptions {
  const sizes = parseLayerSizes(params.layers);
  const loss = parseLoss(params.loss);
  const base: ExerciseOptions = {
    seed: params.seed,
    sizes,
    activations: resolveActivations(params.activation, sizes.length - 1, loss),
    loss,
    batch: params.batch,
    digits: params.digits,
    bias: params.bias,
    learningRate: params.lr ?? null,
    allowDegenerate: false,
  };
  if (params.count === undefined || params.number === undefined) return base;
  return { ...base, seed: exerciseSeeds(params.seed, params.count)[params.number - 1], number: params.number };
}

/** The command line that grades the answers file as this page does. */
export function checkCommand(params: PracticeParams): string {
  return [
    "tracegrad check exercise.yaml answers.yaml",
    ...(params.tolerance !== undefined ? [`--tolerance ${formatTolerance(params.tolerance)}`] : []),
    ...(params.credit !== undefined ? [`--follow-through-credit ${params.credit}`] : []),
  ].join(" ");
}

/** The command line that writes the same exercise (or its whole set). */
export function exerciseCommand(params: PracticeParams): string {
  return [
    "tracegrad exercise",
    `--seed ${params.seed}`,
    `--layers ${params.layers}`,
    ...(params.activation !== undefined ? [`--activation ${params.activation}`] : []),
    `--loss ${params.loss}`,
    ...(params.batch !== 1 ? [`--batch ${params.batch}`] : []),
    ...(params.digits !== 2 ? [`--digits ${params.digits}`] : []),
    ...(params.bias ? ["--bias"] : []),
    ...(params.lr !== undefined ? [`--learning-rate ${params.lr}`] : []),
    ...(params.count !== undefined ? [`--count ${params.count}`] : []),
  ].join(" ");
}
