/**
 * `tracegrad exercise`: writes a new exercise (or a set, one folder per student) to a folder: the spec
 * as JSON and as named YAML, the question, the worked solution and a blank answers file.
 *
 * @module
 */
import { join } from "node:path";
import { EXERCISE_FILES, exerciseSeeds, generateExercise } from "tracegrad/internal/exercise/generate";
import type { ExerciseOptions } from "tracegrad/internal/exercise/options";
import { parseLayerSizes, parseLoss, resolveActivations } from "tracegrad/internal/exercise/options";
import { checkOutputTargets, EXIT_OK, integerOption, numberOption, writeFileAtomic } from "../io.js";
import { lockOutFolder } from "../../files/out-lock.js";

/** The options of `tracegrad exercise`, as commander passes them (strings). */
export interface ExerciseCommandOptions {
  seed?: string;
  layers?: string;
  activation?: string;
  loss?: string;
  batch?: string;
  digits?: string;
  bias?: boolean;
  learningRate?: string;
  count?: string;
  out?: string;
  allowDegenerate?: boolean;
}

/** The options of one exercise, from the command line's strings. */
export function exerciseOptions(options: ExerciseCommandOptions): ExerciseOptions {
  const seed = options.seed === undefined ? 1 : integerOption(options.seed, "--seed", 0, 0xffffffff);
  const sizes = parseLayerSizes(options.layers ?? "2-2-2");
  const loss = parseLoss(options.loss ?? "half-sse");
  return {
    seed,
    sizes,
    activations: resolveActivations(options.activation, sizes.length - 1, loss),
    loss,
    batch: options.batch === undefined ? 1 : integerOption(options.batch, "--batch", 1, 8),
    digits: options.digits === undefined ? 2 : integerOption(options.digits, "--digits", 1, 4),
    bias: options.bias ?? false,
    learningRate: options.learningRate === undefined ? null : numberOption(options.learningRate, "--learning-rate", (x) => (x > 0 ? undefined : "must be greater than 0")),
    allowDegenerate: options.allowDegenerate ?? false,
  };
}

/** Runs `tracegrad exercise`: writes the files of one exercise, or of a set with `--count`. */
export function exerciseCommand(options: ExerciseCommandOptions): number {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "folder" }]);
  const base = exerciseOptions(options);
  const out = options.out ?? `exercise-${base.seed}`;
  const count = options.count === undefined ? undefined : integerOption(options.count, "--count", 1, 999);
  lockOutFolder(out);
  if (count === undefined) {
    const exercise = generateExercise(base);
    for (const name of EXERCISE_FILES) writeFileAtomic(join(out, name), exercise.files[name]);
    process.stdout.write(`Wrote ${exercise.files["exercise.yaml"].match(/^title: "(.*)"$/m)?.[1] ?? "the exercise"} to ${out}/: ${EXERCISE_FILES.join(", ")}\n`);
    return EXIT_OK;
  }
  const width = Math.max(2, String(count).length);
  const seeds = exerciseSeeds(base.seed, count);
  seeds.forEach((seed, k) => {
    const exercise = generateExercise({ ...base, seed, number: k + 1 });
    const folder = join(out, String(k + 1).padStart(width, "0"));
    for (const name of EXERCISE_FILES) writeFileAtomic(join(folder, name), exercise.files[name]);
  });
  process.stdout.write(`Wrote ${count} exercise${count === 1 ? "" : "s"} from seed ${base.seed} to ${out}/${"0".repeat(width - 1)}1 ... ${out}/${String(count).padStart(width, "0")}: ${EXERCISE_FILES.join(", ")} in each\n`);
  return EXIT_OK;
}
