/**
 * `tracegrad exercise`: writes a new exercise (or a set, one folder per student) to a folder, of any
 * type (`--type T`, backprop by default): exercise.json and exercise.yaml (the data, as the matching
 * command reads it), the question, the worked solution, a blank answers file and its key.
 *
 * @module
 */
import { join } from "node:path";
import { drawExercise } from "tracegrad/internal/exercise/draw";
import { EXERCISE_FILES, exerciseSeeds } from "tracegrad/internal/exercise/generate";
import { commandLineOptions } from "tracegrad/internal/exercise/option-reader";
import { isExerciseTypeName, EXERCISE_TYPES } from "tracegrad/internal/exercise/type-options";
import type { ExerciseTypeName } from "tracegrad/internal/exercise/type-options";
import { InputError } from "tracegrad/internal/common/input-error";
import { didYouMean } from "tracegrad/internal/common/did-you-mean";
import { EXIT_OK, integerOption, writeFileAtomic } from "../io.js";

/** The options every type has, as commander passes them (strings); the type's own options beside them. */
export interface ExerciseCommandOptions {
  type?: string;
  seed?: string;
  digits?: string;
  count?: string;
  out?: string;
  [option: string]: unknown;
}

/** The options that are not a type's own. */
const COMMON = ["type", "seed", "digits", "count", "out"];

/** The type named by `--type`. */
export function exerciseTypeOption(type: string | undefined): ExerciseTypeName {
  const name = type ?? "backprop";
  if (!isExerciseTypeName(name)) throw new InputError(`--type must be one of ${EXERCISE_TYPES.join(", ")}, got "${name}"${didYouMean(name, EXERCISE_TYPES)}`);
  return name;
}

/**
 * Runs `tracegrad exercise`: writes the files of one exercise, or of a set with `--count`. `given`
 * says which options the user gave (the others are commander's defaults, which the type applies itself).
 */
export function exerciseCommand(options: ExerciseCommandOptions, given: (name: string) => boolean = (name) => options[name] !== undefined): number {
  const type = exerciseTypeOption(options.type);
  const seed = options.seed === undefined ? 1 : integerOption(options.seed, "--seed", 0, 0xffffffff);
  const digits = options.digits === undefined || !given("digits") ? null : integerOption(options.digits, "--digits", 0, 17);
  const own = Object.fromEntries(Object.entries(options).filter(([name, v]) => !COMMON.includes(name) && v !== undefined && given(name)));
  const source = commandLineOptions(own);
  const out = options.out ?? `exercise-${seed}`;
  if (options.count === undefined) {
    const { exercise, files } = drawExercise(type, source, { seed, digits });
    for (const name of EXERCISE_FILES) writeFileAtomic(join(out, name), files[name]);
    process.stdout.write(`Wrote ${exercise.title.replace(/ \(seed \d+\)$/, "")} (seed ${seed}) to ${out}/: ${EXERCISE_FILES.join(", ")}\n`);
    return EXIT_OK;
  }
  const count = integerOption(options.count, "--count", 1, 999);
  const width = Math.max(2, String(count).length);
  const seeds = exerciseSeeds(seed, count);
  seeds.forEach((s, k) => {
    const { files } = drawExercise(type, source, { seed: s, digits, number: k + 1 });
    const folder = join(out, String(k + 1).padStart(width, "0"));
    for (const name of EXERCISE_FILES) writeFileAtomic(join(folder, name), files[name]);
  });
  process.stdout.write(`Wrote ${count} exercise${count === 1 ? "" : "s"} from seed ${seed} to ${out}/${"0".repeat(width - 1)}1 ... ${out}/${String(count).padStart(width, "0")}: ${EXERCISE_FILES.join(", ")} in each\n`);
  return EXIT_OK;
}
