/**
 * The options of `tracegrad exercise`: those every type has (`--type`, `--seed`, `--digits`, `--count`,
 * `--out`), and the options of the type that `--type` names, read from the library's table of types
 * when the command line is parsed, so that `tracegrad exercise --type scaling --help` lists the
 * scaling exercise's own options and an option of another type is refused.
 *
 * @module
 */
import type { Command } from "commander";
import { EXERCISE_TYPES, TYPE_INFO, isExerciseTypeName } from "tracegrad/internal/exercise/type-options";
import type { ExerciseTypeName, OptionSpec } from "tracegrad/internal/exercise/type-options";
import { guard } from "./io.js";

/** The type named on the command line (`--type T` or `--type=T`), backprop when none or an unknown one (the command reports it). */
export function typeInArguments(argv: readonly string[]): ExerciseTypeName {
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const value = a === "--type" ? argv[k + 1] : a.startsWith("--type=") ? a.slice("--type=".length) : undefined;
    if (value !== undefined) return isExerciseTypeName(value) ? value : "backprop";
  }
  return "backprop";
}

/** `learningRate` → `--learning-rate`, with its value. */
function flagOf(option: OptionSpec): string {
  const kebab = option.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return option.value === undefined ? `--${kebab}` : `--${kebab} ${option.value}`;
}

/** The examples of each type, for its help. */
const EXAMPLES: Partial<Record<ExerciseTypeName, string>> = {
  backprop: "tracegrad exercise --seed 7 --layers 3-2-1 --activation relu,identity --loss mse --count 30 --out class",
  forward: "tracegrad exercise --type forward --seed 7 --layers 3-2 --batch 3 --out fwd",
  bce: "tracegrad exercise --type bce --seed 7 --out bce",
  scaling: "tracegrad exercise --type scaling --method standardize --std sample --seed 7 --out scaling",
  activations: "tracegrad exercise --type activations --activations sigmoid,tanh --at -1,0.5,2 --out act",
  gradcheck: "tracegrad exercise --type gradcheck --layers 2-1 --activation sigmoid --seed 7 --out gc",
  l2: "tracegrad exercise --type l2 --mode l2 --weights 3 --seed 7 --out l2",
  optimizer: "tracegrad exercise --type optimizer --optimizer adam --steps 2 --seed 7 --out adam",
  init: "tracegrad exercise --type init --scheme he --layers 784-128-10 --out init",
  batchnorm: "tracegrad exercise --type batchnorm --batch 4 --features 2 --seed 7 --out bn",
  dropout: "tracegrad exercise --type dropout --shape 2x4 --rate 0.5 --seed 7 --out dropout",
};

/** Registers `tracegrad exercise` with the options of the type `argv` names. */
export function registerExerciseCommand(
  program: Command,
  argv: readonly string[],
  run: (options: Record<string, unknown>, given: (name: string) => boolean) => Promise<number>,
): void {
  const type = typeInArguments(argv);
  const info = TYPE_INFO[type];
  const command = program
    .command("exercise")
    .description("write a new exercise of a type to a folder: its data (JSON and YAML), the question, the worked solution, a blank answers file and its key")
    .option("--type <type>", `the type of exercise: ${EXERCISE_TYPES.join(", ")}`, "backprop")
    .option("--seed <n>", "the seed: the same seed and options give the same files, byte for byte", "1")
    .option("--digits <n>", `decimals of every given number (${info.digits.min} to ${info.digits.max})`, String(info.digits.fallback));
  for (const option of info.options) {
    const description = option.default === undefined ? option.description : `${option.description} (default: ${option.default})`;
    command.option(flagOf(option), description);
  }
  command
    .option("--count <n>", "write a set of n exercises, one folder per student: DIR/01, DIR/02, ...")
    .option("--set <file>", "a problem set: a YAML list of parts (type and options each), one sheet per student")
    .option("--handout <dir>", "also write what goes to students (question.md, answers.yaml, exercise.json) to DIR and the keys and solutions to DIR-key")
    .option("-o, --out <dir>", "the folder to write (exercise-SEED when not given)")
    .addHelpText(
      "after",
      `\nThe ${type} exercise (${info.title}): ${info.summary}.\n` +
        `Each type has its own options: tracegrad exercise --type T --help (T: ${EXERCISE_TYPES.join(", ")}).\n` +
        "The folder holds exercise.json, exercise.yaml, question.md, solution.md, answers.yaml (blank) and key.yaml (the exact answers);\n" +
        "a student checks with: tracegrad check exercise.json answers.yaml --hints\n" +
        (type === "backprop" ? "The output layer takes the activation the loss needs: sigmoid for bce, softmax for cross-entropy.\n" : "") +
        (EXAMPLES[type] !== undefined ? `\nExample:\n  ${EXAMPLES[type]}` : ""),
    )
    .action((options: Record<string, unknown>) => guard(async () => run(options, (name) => command.getOptionValueSource(name) === "cli")));
}
