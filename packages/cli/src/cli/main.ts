/**
 * The `tracegrad` command line. Each command's module is imported only when that command runs.
 *
 * @module
 */
// First: V8's young generation kept small before anything else allocates (see young-generation.ts).
import "./young-generation.js";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createRequire } from "node:module";
import { EXIT_USAGE, guard, outputOptions } from "./io.js";
import { loadCommand } from "./load-command.js";
// Types only: each command module is loaded when it runs.
import type * as CheckCommand from "./commands/check.js";
import type * as ExerciseCommand from "./commands/exercise.js";
import type * as ExportCommand from "./commands/export.js";
import type * as GradcheckCommand from "./commands/gradcheck.js";
import type * as LabCommand from "./commands/lab.js";
import type * as PredictCommand from "./commands/predict.js";
import type * as StepCommand from "./commands/step.js";
import type * as TrainCommand from "./commands/train.js";
import { hiddenActivations, lossChoices, optimizerChoices, registryHelp } from "./registry-help.js";
import { registerWorkedCommands } from "./worked-commands.js";
import { registerExerciseCommand } from "./exercise-options.js";
import { parseMaxFileSize, setMaxFileBytes } from "../files/input-limits.js";
import { escapeControl, shortenLongWords, shortenQuoted } from "tracegrad/internal/common/excerpt";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Commander's message of a usage mistake, as one short line: values it quotes ('…') cut to 40 characters. */
function usageMessage(text: string): string {
  const line = escapeControl(text.replace(/^error: /, "").replace(/\n+/g, " ").trim());
  return shortenLongWords(shortenQuoted(line).replace(/'([^']{41,})'/g, (_m, inner: string) => `'${inner.slice(0, 40)}…'`));
}

// A reader that stops early (`tracegrad step … | head`) closes the pipe: that ends the command quietly,
// as it does for other Unix tools, instead of an unhandled EPIPE and its stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

const program = new Command("tracegrad")
  .description("A neural-network engine that shows its work: worked solutions of backpropagation, gradient checks, grading and training.")
  .version(version)
  .exitOverride()
  .configureOutput({
    // A usage mistake is one line, like every other mistake: `tracegrad: unknown option '--x' (see --help)`.
    outputError: (text, write) => write(`tracegrad: ${usageMessage(text)} (see tracegrad --help)\n`),
  });

outputOptions(
  program
    .command("step")
    .description("print the worked solution of one gradient-descent step: forward pass, loss, backward pass, update")
    .argument("<file>", "the network and data (YAML or JSON)"),
)
  .option("--only <sections>", "print only these sections (comma-separated: forward, loss, backward, update, after)")
  .option("--ascii", "plain ASCII instead of Unicode symbols in the text format")
  .option("--steps <n>", "work n gradient-descent steps in a row, each from the parameters the one before left", "1")
  .option("--summary", "with --steps: one table of the loss and every parameter per step, as the online calculators show")
  .option("--style <style>", "the backward pass as δ = ∂L/∂a·f'(z) (delta) or as the chain rule's factors, ∂E/∂w5 = ∂E/∂a_o1·∂a_o1/∂z_o1·∂z_o1/∂w5 (chain)", "delta")
  .addHelpText("after", () => registryHelp(["activations", "losses"]))
  .addHelpText("after", "\nExample:\n  tracegrad step examples/module11-2-2-2.yaml --format markdown --precision 6")
  .action((file: string, options) => guard(async () => (await loadCommand<typeof StepCommand>("step")).stepCommand(file, options)));

program
  .command("gradcheck")
  .description("compare every analytic gradient with the central difference (L(w+ε) - L(w-ε))/2ε")
  .argument("<file>", "the network and data (YAML or JSON)")
  .option("--epsilon <ε>", "the step of the central difference", "1e-4")
  .option("--tolerance <t>", "the largest relative error that passes", "1e-6")
  .option("-p, --precision <digits>", "significant digits of printed numbers", "8")
  .option("--json", "print the check as JSON")
  .option("-o, --out <file>", "write to a file instead of standard output")
  .addHelpText("after", "\nExit status: 0 when every gradient agrees, 1 when one does not, 2 on bad input.")
  .action((file: string, options) => guard(async () => (await loadCommand<typeof GradcheckCommand>("gradcheck")).gradcheckCommand(file, options)));

program
  .command("train")
  .description("train a network on a data set; write metrics.json, model.json and plots to --out")
  .option("--config <file>", "a YAML or JSON file of these options (the command line wins)")
  .option("--data <name|file.csv>", "xor-easy, linear, xor, circle, spiral, moons, blobs, plane, gaussians (regression), mnist, or a CSV file with a header row", "xor-easy")
  .option("--layers <sizes>", "sizes from input to output", "2-4-4-1")
  .option("--activation <name>", `hidden activation: ${hiddenActivations()}`, "sigmoid")
  .option("--output-activation <name>", "output activation (softmax for cross-entropy, sigmoid for bce, else the hidden one)")
  .option("--alpha <α>", "slope of leaky-relu below 0 (0.01)")
  .option("--loss <name>", lossChoices(), "mse")
  .option("--optimizer <name>", optimizerChoices(), "sgd")
  .option("--lr <η>", "learning rate", "1")
  .option("--epochs <n>", "epochs", "10000")
  .option("--batch <n>", "samples per update (default: the whole training set)")
  .option("--seed <n>", "seed of the data, the weights, the shuffles and dropout", "1")
  .option("--init <name>", "zeros, uniform, normal, xavier-uniform, xavier-normal, he-uniform, he-normal (default: He for ReLU, else Xavier)")
  .option("--no-bias", "layers without biases (Lab01's own set-up)")
  .option("--dtype <type>", "float64 or float32", "float64")
  .option("--momentum <μ>", "momentum of momentum and nesterov (0.9)")
  .option("--rho <ρ>", "decay of rmsprop (0.9)")
  .option("--beta1 <β₁>", "Adam's first-moment decay (0.9)")
  .option("--beta2 <β₂>", "Adam's second-moment decay (0.999)")
  .option("--epsilon <ε>", "rmsprop and Adam's ε (1e-8)")
  .option("--weight-decay <λ>", "decoupled weight decay (adamw: 0.01)")
  .option("--l1 <λ>", "L1 penalty λΣ|w|")
  .option("--l2 <λ>", "L2 penalty λΣw²")
  .option("--clip-norm <c>", "scale gradients down to this global norm")
  .option("--clip-value <c>", "clamp each gradient to [-c, c]")
  .option("--schedule <spec>", "constant, step:every=N,factor=F, exponential:factor=F, cosine, plateau:factor=F,patience=N")
  .option("--warmup <epochs>", "linear learning-rate warm-up")
  .option("--dropout <p>", "dropout after each hidden layer")
  .option("--batch-norm", "batch normalisation after each hidden layer")
  .option("--validation <fraction>", "hold out this fraction for validation (at least one sample; with --test, below 1 together)")
  .option("--test <fraction>", "hold out this fraction for testing (at least one sample; mnist has its own 2,000)")
  .option("--scale <method>", "minmax or standardize the inputs (fitted on the training split)")
  .option("--points <n>", "points to draw, for the generated data sets (1 to 1,000,000)")
  .option("--classes <k>", "classes of spiral and blobs (2 or more)")
  .option("--noise <σ>", "how far generated points stray from the pattern: σ of the noise on each coordinate (the spiral's angle, the blobs' spread); each data set has its own default")
  .option("--features <list>", "input features computed from the two columns: some of x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2) (--layers starts with their count)")
  .option("--target <columns>", "target column(s) of a CSV file (default: the last)")
  .option("--stop-loss-change <δ>", "stop when the loss changes by less than this between epochs")
  .option("--stop-gradient-norm <g>", "stop when the gradient norm falls below this")
  .option("--stop-weight-change <δ>", "stop when no weight moves by more than this in an epoch")
  .option("--patience <n>", "stop when the validation loss has not improved for n epochs (needs --validation)")
  .option("--min-delta <δ>", "the improvement --patience counts")
  .option("--restore-best", "with --patience, keep the weights of the best validation loss")
  .option("-o, --out <dir>", "write metrics.json, model.json, plots and checkpoints here")
  .option("--checkpoint-every <n>", "write DIR/checkpoint.json every n epochs")
  .option("--resume", "continue from DIR/checkpoint.json (same options)")
  .option("-q, --quiet", "no progress output")
  .option("--json", "print the final metrics as JSON")
  .addHelpText("after", () => registryHelp())
  .addHelpText("after", "\nExamples:\n  tracegrad train --data xor-easy --layers 2-4-4-1 --activation sigmoid --lr 1 --epochs 10000 --out out/xor\n  tracegrad train --data mnist --layers 784-128-64-10 --activation relu --loss cross-entropy --optimizer adam --lr 0.001 --batch 128 --epochs 20\n\nExit status: 0 when training finished, 1 when it diverged, 2 on bad input.")
  .action((_options, command: Command) =>
    guard(async () => {
      // Only options given on the command line (not commander's defaults) override a config file.
      const given = Object.fromEntries(Object.entries(command.opts()).filter(([key]) => command.getOptionValueSource(key) !== "default"));
      return (await loadCommand<typeof TrainCommand>("train")).trainCommand(given);
    }),
  );

program
  .command("lab")
  .description("reproduce Lab01's whole study (the lab's network, learning rates, hidden units, no activation, ReLU) with a report")
  .requiredOption("-o, --out <dir>", "the folder of report.md, report.html, figures/ and runs/")
  .option("--seed <n>", "seed of every run", "1")
  .option("--epochs <n>", "epochs of every run", "10000")
  .option("-q, --quiet", "no progress output")
  .addHelpText("after", "\nExample:\n  tracegrad lab --out out/lab")
  .action((options) => guard(async () => (await loadCommand<typeof LabCommand>("lab")).labCommand(options)));

program
  .command("export")
  .description("export a trained model (model.json) to ONNX, with its input scaling, for any ONNX runtime")
  .argument("<model>", "a model.json written by tracegrad train")
  .requiredOption("-o, --out <file>", "the .onnx file to write")
  .option("-f, --format <format>", "onnx", "onnx")
  .option("--dtype <type>", "float32 or float64 (default: the model's)")
  .addHelpText("after", "\nExample:\n  tracegrad export out/xor/model.json --format onnx --out xor.onnx")
  .action((model: string, options) => guard(async () => (await loadCommand<typeof ExportCommand>("export")).exportCommand(model, options)));

for (const [name, description] of [
  ["predict", "apply a trained model to data; print one CSV row per sample (the class and the outputs)"],
  ["evaluate", "loss, accuracy, precision, recall, F1 and the confusion matrix of a trained model on data"],
] as const) {
  program
    .command(name)
    .description(description)
    .argument("<model>", "a model.json written by tracegrad train")
    .argument("<data>", "a CSV file with the model's feature columns (and the target, to evaluate), or a data set name")
    .option("--seed <n>", "seed of a generated data set or of mnist's split (default: the model's training seed, so mnist gives its held-out test split)")
    .option("--points <n>", "points of a generated data set (1 to 1,000,000)")
    .option("--json", "print JSON")
    .option("-o, --out <file>", "write to a file instead of standard output")
    .action((model: string, data: string, options) =>
      guard(async () => {
        const commands = await loadCommand<typeof PredictCommand>("predict");
        return name === "predict" ? commands.predictCommand(model, data, options) : commands.evaluateCommand(model, data, options);
      }),
    );
}

program
  .command("check")
  .description("grade a learner's answers to one step, a class's, or a whole set of exercises: each value right, carried forward or wrong, and for a wrong one the likely mistake and the correct working")
  .argument("<spec>", "the network and data (YAML or JSON), an exercise of any type (its folder or its exercise.json), or a set of exercises (a folder written by tracegrad exercise --count)")
  .argument("<answers>", "the answers (YAML or JSON: learner names or the fields of step --json), a folder of them (one per student), or for a set: a folder of NN.yaml, a folder per student, or a roster.csv")
  .option("--tolerance <t>", "the relative error that still counts as right (0.5% or 0.005)", "0.5%")
  .option("--follow-through-credit <F>", "the part of a point (0 to 1) for a value computed correctly from an earlier wrong answer", "1")
  .option("--hints", "for a wrong value, the mistake and the formula with your own values, but not the correct number")
  .option("--json", "print the grades as JSON")
  .option("--csv <file>", "write the gradebook to this CSV file: one row per student and exercise (student, exercise, points, maxPoints, right, carriedForward, wrong, answered)")
  .option("--csv-long <file>", "write one row per answered value to this CSV file (student, exercise, quantity, given, expected, status, diagnosis, alternatives)")
  .option("-p, --precision <digits>", "significant digits of printed numbers", "8")
  .option("-o, --out <file>", "write to a file instead of standard output")
  .addHelpText(
    "after",
    "\nAnswers are named as in the worked solution (z_h1, a_h1, delta_o1, dE/dw1, E), or given as the fields of\n" +
      "tracegrad step --json; a bare weight name (w1) is the weight's value after the update.\n" +
      "A set's answers: ANSWERS/NN.yaml (student NN answers exercise NN), ANSWERS/<student>/NN.yaml, or a\n" +
      "roster.csv with the columns student,exercise,answers (paths relative to it).\n" +
      "Points: 1 per right value and F per value carried forward, out of every quantity the exercise asks for.\n" +
      "Exit status: 0 when every answered value is right, 1 when one is not, 2 on bad input.\n\n" +
      "Examples:\n  tracegrad check examples/module11-2-2-2.yaml examples/answers/module11-published.yaml\n  tracegrad check exercise.yaml answers/ --csv gradebook.csv\n" +
      "  tracegrad check class-set/ answers/ --csv gradebook.csv --csv-long answers.csv --follow-through-credit 0.5\n  tracegrad check exercise.yaml answers.yaml --hints\n  tracegrad check scaling/ scaling/answers.yaml",
  )
  .action((spec: string, answers: string, options) => guard(async () => (await loadCommand<typeof CheckCommand>("check")).checkCommand(spec, answers, options)));

registerExerciseCommand(program, process.argv, async (options, given) => (await loadCommand<typeof ExerciseCommand>("exercise")).exerciseCommand(options, given));

registerWorkedCommands(program);

/** The commands that read YAML or JSON files: each takes --max-file-size. */
const READERS = ["step", "gradcheck", "train", "export", "predict", "evaluate", "check", "scale", "activations", "init", "update", "batchnorm", "dropout"];
/** The commands that read a file that may name another (a spec's published:, a scale problem's data:): each takes --allow-outside. */
const SPEC_READERS = ["step", "gradcheck", "check", "init", "scale"];
for (const command of program.commands) {
  if (READERS.includes(command.name())) {
    command.addOption(
      new Option("--max-file-size <MB>", "read YAML files larger than 4 MB and JSON files larger than 64 MB, up to this many MB").argParser((value) => {
        try {
          return parseMaxFileSize(value);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      }),
    );
  }
  if (command.name() === "check") command.option("--allow-outside", "let a file named inside a spec (published:) or a roster, or a symbolic link in an answers folder, lead outside its folder");
  else if (SPEC_READERS.includes(command.name())) command.option("--allow-outside", "let a file named inside a spec (published:) lie outside the spec's folder");
}
program.hook("preAction", (_program, command) => {
  const bytes = command.opts().maxFileSize as number | undefined;
  if (bytes !== undefined) setMaxFileBytes(bytes);
});

// A promise, not a top-level await: the bundle is CommonJS (scripts/bundle-cli.mjs).
program.parseAsync(process.argv).catch((error: unknown) => {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
});
