/**
 * A practice exercise as a link: its type, seed and the type's own options in the URL's fragment,
 * named as `tracegrad exercise` names its flags without the dashes
 * (`#practice?type=scaling&seed=3&method=minmax&rows=4`, `#practice?type=backprop&seed=7&layers=2-2-2`),
 * so an instructor shares one link per class, or one per student of a set (`count=30&number=7`, the
 * exercise `tracegrad exercise --count 30` writes to its folder 07). Which options a type has comes
 * from the library's option data (`TYPE_INFO`); their values are read by the type's own reader when
 * the exercise is drawn, whose messages name the option as the link does.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { InputError } from "tracegrad/internal/common/input-error";
import { didYouMean } from "tracegrad/internal/common/did-you-mean";
import { EXERCISE_TYPES, isExerciseTypeName, TYPE_INFO } from "tracegrad/internal/exercise/type-options";
import type { ExerciseTypeName, OptionSpec } from "tracegrad/internal/exercise/type-options";
import type { OptionSource } from "tracegrad/internal/exercise/option-reader";
import { formatTolerance, parseTolerance } from "tracegrad/internal/grade/tolerance";

/** The kinds of exercise practice mode poses: every type `tracegrad exercise --type T` makes. */
export const PRACTICE_TYPES = EXERCISE_TYPES;
export type PracticeType = ExerciseTypeName;

/** An exercise's link, as written. */
export interface PracticeParams {
  readonly type: PracticeType;
  readonly seed: number;
  /** Decimals of the given numbers; absent: the type's own default (`--digits`). */
  readonly digits?: number;
  /**
   * The type's own options given in the link, by the link's name (`learning-rate`, `no-bias`), as
   * written; a flag is `1` (given) or `0`. Absent options take the type's defaults.
   */
  readonly options: Readonly<Record<string, string>>;
  /** A set of exercises, one per student: how many, and which this is (from 1). */
  readonly count?: number;
  readonly number?: number;
  /** The part of a point (0 to 1) a value carried forward correctly earns (`tracegrad check --follow-through-credit`); 1 when absent. */
  readonly credit?: number;
  /** How far a right answer may be from the value (`tracegrad check --tolerance`, `1%` or `0.01`); 0.5% when absent. */
  readonly tolerance?: number;
}

/** The exercise `tracegrad exercise` makes with its defaults, seed 1. */
export const DEFAULT_PRACTICE: PracticeParams = { type: "backprop", seed: 1, options: {} };

/** The parameters every link may have besides the type's own options. */
const COMMON = ["type", "seed", "digits", "count", "number", "credit", "tolerance"] as const;

/** Names earlier links used for an option: `lr`, before every type had its options, is `learning-rate`. */
const ALIASES: Readonly<Record<string, string>> = { lr: "learning-rate" };

/** An option's name in a link and on the command line without its dashes: `learningRate` is `learning-rate`. */
export function linkName(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Whether an option is a flag (it takes no value). */
export function isFlag(option: OptionSpec): boolean {
  return option.value === undefined;
}

/** The options of a type, from the library's option data. */
export function typeOptions(type: PracticeType): readonly OptionSpec[] {
  return TYPE_INFO[type].options;
}

function whole(value: string, key: string, low: number, high: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < low || n > high) throw new InputError(`must be a whole number from ${low} to ${high}, got "${value}"`, { field: key });
  return n;
}

/** Reads a flag as the link writes it: 1 or 0 (true and false are read too). */
function flagValue(text: string, key: string): "1" | "0" {
  if (text === "1" || text === "true" || text === "") return "1";
  if (text === "0" || text === "false") return "0";
  throw new InputError(`must be 1 or 0, got "${text}"`, { field: key });
}

/** Reads an exercise's link (the part after `#practice?`); a mistake is an InputError naming the parameter. */
export function parsePracticeQuery(query: string): PracticeParams {
  const search = new URLSearchParams(query);
  const typeText = search.get("type") ?? DEFAULT_PRACTICE.type;
  if (!isExerciseTypeName(typeText)) throw new InputError(`unknown exercise type "${typeText}"${didYouMean(typeText, PRACTICE_TYPES)}; practice mode poses ${PRACTICE_TYPES.join(", ")}`, { field: "type" });
  const type: PracticeType = typeText;
  const own = typeOptions(type);
  const ownNames = own.map((o) => linkName(o.name));
  const options: Record<string, string> = {};
  for (const [given, value] of search) {
    if ((COMMON as readonly string[]).includes(given)) continue;
    const key = ALIASES[given] !== undefined && ownNames.includes(ALIASES[given]) && !search.has(ALIASES[given]) ? ALIASES[given] : given;
    const option = own.find((o) => linkName(o.name) === key);
    if (option === undefined) {
      const known = [...COMMON, ...ownNames];
      throw new InputError(`is not a parameter of the ${type} exercise's link (it names ${known.join(", ")})${didYouMean(key, known)}`, { field: key });
    }
    options[key] = isFlag(option) ? flagValue(value, key) : value.trim();
  }
  const get = (key: string) => search.get(key) ?? undefined;
  const info = TYPE_INFO[type].digits;
  const params: PracticeParams = {
    type,
    seed: get("seed") === undefined ? DEFAULT_PRACTICE.seed : whole(get("seed")!, "seed", 0, 0xffffffff),
    ...(get("digits") !== undefined ? { digits: whole(get("digits")!, "digits", info.min, info.max) } : {}),
    options: sortedOptions(type, options),
    ...(get("count") !== undefined ? { count: whole(get("count")!, "count", 1, 999) } : {}),
    ...(get("number") !== undefined ? { number: whole(get("number")!, "number", 1, 999) } : {}),
    ...(get("credit") !== undefined ? { credit: Number(get("credit")) } : {}),
    ...(get("tolerance") !== undefined ? { tolerance: parseTolerance(get("tolerance")!, "tolerance") } : {}),
  };
  if (params.credit !== undefined && !(params.credit >= 0 && params.credit <= 1)) throw new InputError(`must be a number from 0 to 1, got "${get("credit")}"`, { field: "credit" });
  if ((params.count === undefined) !== (params.number === undefined)) throw new InputError("count and number go together: number is which exercise of a set of count", { field: params.count === undefined ? "number" : "count" });
  if (params.count !== undefined && params.number! > params.count) throw new InputError(`is ${params.number}, past the set's ${params.count} exercises`, { field: "number" });
  return params;
}

/** The options of a link in the order the type lists them, blanks left out. */
export function sortedOptions(type: PracticeType, options: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of typeOptions(type)) {
    const value = options[linkName(o.name)];
    if (value !== undefined && value !== "") out[linkName(o.name)] = value;
  }
  return out;
}

/** The link of an exercise (after `#practice?`), its parameters in one order, defaults left out. */
export function practiceQuery(params: PracticeParams): string {
  const out = new URLSearchParams();
  out.set("type", params.type);
  out.set("seed", String(params.seed));
  for (const [key, value] of Object.entries(sortedOptions(params.type, params.options))) out.set(key, value);
  if (params.digits !== undefined) out.set("digits", String(params.digits));
  if (params.count !== undefined && params.number !== undefined) {
    out.set("count", String(params.count));
    out.set("number", String(params.number));
  }
  if (params.credit !== undefined) out.set("credit", String(params.credit));
  if (params.tolerance !== undefined) out.set("tolerance", formatTolerance(params.tolerance));
  return out.toString();
}

/**
 * The link's options as the type's option reader takes them (as `tracegrad exercise` passes its
 * command line): by option name, strings, a flag `true` or `false`; `no-bias=1` is `bias` false, as
 * commander reads `--no-bias`. A mistake names the option as the link does.
 */
export function optionSource(params: PracticeParams): OptionSource {
  const values: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const o of typeOptions(params.type)) {
    const text = params.options[linkName(o.name)];
    if (text === undefined) continue;
    const name = o.name === "noBias" ? "bias" : o.name;
    names[name] = linkName(o.name);
    values[name] = !isFlag(o) ? text : o.name === "noBias" ? (text === "1" ? "false" : "true") : text === "1" ? "true" : "false";
  }
  return {
    get: (name) => values[name],
    error: (name, reason) => new InputError(reason, { field: names[name] ?? linkName(name) }),
    names: () => Object.keys(values),
  };
}

/** The command line that writes the same exercise (or its whole set). */
export function exerciseCommand(params: PracticeParams): string {
  const flags = Object.entries(sortedOptions(params.type, params.options)).flatMap(([key, value]) => {
    const option = typeOptions(params.type).find((o) => linkName(o.name) === key)!;
    if (!isFlag(option)) return [`--${key} ${/^[\w.,%-]+$/.test(value) ? value : JSON.stringify(value)}`];
    return value === "1" ? [`--${key}`] : [];
  });
  return [
    "tracegrad exercise",
    `--type ${params.type}`,
    `--seed ${params.seed}`,
    ...flags,
    ...(params.digits !== undefined ? [`--digits ${params.digits}`] : []),
    ...(params.count !== undefined ? [`--count ${params.count}`] : []),
  ].join(" ");
}

/**
 * The command line that grades the answers file as this page does: `tracegrad check`'s own command
 * for the exercise (`base`, as its answers template writes it) with the link's grading options.
 */
export function checkCommand(params: PracticeParams, base: string): string {
  return [
    base,
    ...(params.tolerance !== undefined ? [`--tolerance ${formatTolerance(params.tolerance)}`] : []),
    ...(params.credit !== undefined ? [`--follow-through-credit ${params.credit}`] : []),
  ].join(" ");
}
