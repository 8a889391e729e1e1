/**
 * The commands that work smaller computations than a whole step: `scale`, `activations`, `init`,
 * `update`, `batchnorm` and `dropout`. Each command's module is imported only when it runs.
 *
 * @module
 */
import { optimizerChoices, registryHelp } from "./registry-help.js";
import type { Command } from "commander";
import { loadCommand } from "./load-command.js";
// Types only: each command module is loaded when it runs.
import type * as ActivationsCommand from "./commands/activations.js";
import type * as BatchnormCommand from "./commands/batchnorm.js";
import type * as DropoutCommand from "./commands/dropout.js";
import type * as InitCommand from "./commands/init.js";
import type * as ScaleCommand from "./commands/scale.js";
import type * as UpdateCommand from "./commands/update.js";
import { guard, outputOptions } from "./io.js";

/** Registers the six commands on the `tracegrad` program. */
export function registerWorkedCommands(program: Command): void {
  outputOptions(
    program
      .command("scale")
      .description("min-max scaling or standardization of a data set, worked: each feature's statistics, then every scaled value")
      .argument("<data>", "a CSV file with a header row, a YAML/JSON matrix (one row per sample), or a problem file (YAML/JSON with data, method, std, and a title, source, notes and published answers)")
      .option("--method <method>", "minmax or standardize (required unless the problem file gives it)")
      .option("--std <kind>", "the standard deviation of standardize: population (the default) or sample (divides by n - 1: needs at least 2 rows)")
      .option("--scaled-out <file.csv>", "also write the scaled matrix as CSV"),
  )
    .addHelpText("after", "\nExamples:\n  tracegrad scale examples/nn-exercises-ex3-scaling.csv --method standardize\n  tracegrad scale examples/worked/nn-exercises-ex3-standardize.scale.yaml")
    .action((file: string, options) => guard(async () => (await loadCommand<typeof ScaleCommand>("scale")).scaleCommand(file, options)));

  outputOptions(
    program
      .command("activations")
      .description("every activation's value and derivative at some points, with its formula; --plot draws them")
      .argument("[file]", "a problem file (YAML or JSON: points, alpha, and a title, source, notes and published answers); the flags override it")
      .option("--at <points>", "the points, comma-separated (-2,-1,0,1,2)")
      .option("--alpha <α>", "the slope of leaky ReLU below 0 (0.01)")
      .option("--plot <file>", "draw sigmoid, tanh, ReLU, Gaussian and leaky ReLU with their derivatives to FILE.svg or FILE.png"),
  )
    .addHelpText("after", () => registryHelp(["activations"]))
    .addHelpText("after", "\nExamples:\n  tracegrad activations --at -2,-1,0,1,2 --plot activations.png\n  tracegrad activations examples/worked/nn-exercises-ex4-activations.activations.yaml")
    .action((file: string | undefined, options) => guard(async () => (await loadCommand<typeof ActivationsCommand>("activations")).activationsCommand(file, options)));

  outputOptions(
    program
      .command("init")
      .description("draw a network's initial weights (the bound or σ of Xavier or He with its formula, then the weights), or diagnose given weights")
      .option("--layers <sizes>", "sizes from input to output, as 2-4-1")
      .option("--scheme <name>", "zeros, uniform, normal, xavier-uniform, xavier-normal, he-uniform, he-normal (default: He for ReLU layers, else Xavier, as train)")
      .option("--activation <name>", "hidden activation (sigmoid), which picks the default scheme", "sigmoid")
      .option("--output-activation <name>", "output activation (the hidden one)")
      .option("--seed <n>", "seed of the draws (the same as tracegrad train --seed)", "1")
      .option("--weights <file>", "diagnose the network of a step spec (YAML or JSON, inputs included) instead of drawing one")
      .option("--inputs <rows>", "inputs to diagnose with, rows separated by ';' (as 1,1;1,-1); with --layers, diagnoses the drawn weights"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  tracegrad init --layers 2-4-1 --scheme xavier-uniform --seed 1\n  tracegrad init --weights examples/nn-exercises-ex7-init.yaml",
    )
    .action((options) => guard(async () => (await loadCommand<typeof InitCommand>("init")).initCommand(options)));

  outputOptions(
    program
      .command("update")
      .description("optimizer steps from given weights and gradients, worked: the penalty's gradient, every assignment of the rule, its state")
      .argument("[file]", "a problem file (YAML or JSON) with these settings (weights, gradient, lr, l2, ...), and a title, source, notes and published answers; the flags override it")
      .option("--weights <list>", "the weights, comma-separated (as 1,-2,0.5)")
      .option("--gradient <rows>", "∂L/∂w, comma-separated; one row per step separated by ';' (else the same every step)")
      .option("--lr <η>", "learning rate")
      .option("--l2 <λ>", "penalty λΣw² in the loss: 2λw is added to the gradient")
      .option("--weight-decay <λ>", "decoupled weight decay: w ← w - η(… + λw)")
      .option("--compare", "also work the other convention with the same λ (penalty λΣw² against decoupled decay λw)")
      .option("--optimizer <name>", `${optimizerChoices()} (sgd, or the --state file's)`)
      .option("--momentum <μ>", "momentum of momentum and nesterov (0.9)")
      .option("--rho <ρ>", "decay of rmsprop (0.9)")
      .option("--beta1 <β₁>", "Adam's first-moment decay (0.9)")
      .option("--beta2 <β₂>", "Adam's second-moment decay (0.999)")
      .option("--epsilon <ε>", "rmsprop and Adam's ε (1e-8)")
      .option("--steps <n>", "steps to take (1, or one per --gradient row)")
      .option("--state <file>", "the state to start from (YAML or JSON: t, weights, and v, s or m, v), zeros by default")
      .option("--state-out <file>", "write the state after the last step as JSON, to continue with --state"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  tracegrad update examples/worked/nn-exercises-ex6-l2.update.yaml --compare\n  tracegrad update --weights 1,-2,0.5 --gradient 0.1,-0.4,0.2 --lr 0.1 --weight-decay 0.01 --compare\n  tracegrad update --weights 1,-2,0.5 --gradient 0.1,-0.4,0.2 --lr 0.001 --optimizer adam --steps 2 --state-out state.json",
    )
    .action((file: string | undefined, options) => guard(async () => (await loadCommand<typeof UpdateCommand>("update")).updateCommand(file, options)));

  outputOptions(
    program
      .command("batchnorm")
      .description("batch normalization of a batch, worked: each feature's mean and variance, every x̂ and y = γx̂ + β (and the backward pass, given ∂L/∂y)")
      .argument("<data>", "the batch: a CSV file with a header row, a YAML/JSON matrix, or rows inline (1,2;3,4)")
      .option("--gamma <list>", "γ, one per feature (ones)")
      .option("--beta <list>", "β, one per feature (zeros)")
      .option("--epsilon <ε>", "added to the variance", "1e-5")
      .option("--gradient <data>", "∂L/∂y, the shape of the batch (a file or rows inline), to work the backward pass too"),
  )
    .addHelpText("after", "\nExample:\n  tracegrad batchnorm examples/nn-exercises-ex3-scaling.csv --gamma 1,1,1 --beta 0,0,0")
    .action((data: string, options) => guard(async () => (await loadCommand<typeof BatchnormCommand>("batchnorm")).batchNormCommand(data, options)));

  outputOptions(
    program
      .command("dropout")
      .description("inverted dropout, worked: each draw, the mask (0 or 1/(1 - p)) and the scaled output")
      .option("--rate <p>", "the probability of dropping an element")
      .option("--seed <n>", "seed of the draws", "1")
      .option("--input <data>", "the input: a CSV/YAML/JSON file or rows inline (1,2;3,4)")
      .option("--shape <shape>", "an input of ones of this shape, rows x columns (2x4 when no --input)"),
  )
    .addHelpText("after", "\nExample:\n  tracegrad dropout --rate 0.5 --seed 1 --shape 2x4")
    .action((options) => guard(async () => (await loadCommand<typeof DropoutCommand>("dropout")).dropoutCommand(options)));
}
