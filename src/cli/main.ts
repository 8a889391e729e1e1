#!/usr/bin/env node
/**
 * The `tracegrad` command line. Each command's module is imported only when that command runs.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { EXIT_USAGE, guard } from "./io.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

const program = new Command("tracegrad")
  .description("A neural-network engine that shows its work: worked solutions of backpropagation, gradient checks, grading and training.")
  .version(version)
  .exitOverride()
  .configureOutput({
    // A usage mistake is one line, like every other mistake: `tracegrad: unknown option '--x' (see --help)`.
    outputError: (text, write) => write(`tracegrad: ${text.replace(/^error: /, "").replace(/\n+/g, " ").trim()} (see tracegrad --help)\n`),
  });

program
  .command("step")
  .description("print the worked solution of one gradient-descent step: forward pass, loss, backward pass, update")
  .argument("<file>", "the network and data (YAML or JSON)")
  .option("-f, --format <format>", "text, markdown, latex or json", "text")
  .option("--json", "print the numbers and the solution as one JSON object (same as --format json)")
  .option("-p, --precision <digits>", "significant digits of printed numbers", "8")
  .option("--only <sections>", "print only these sections (comma-separated: forward, loss, backward, update, after)")
  .option("--ascii", "plain ASCII instead of Unicode symbols in the text format")
  .option("-o, --out <file>", "write to a file instead of standard output")
  .addHelpText("after", "\nExample:\n  tracegrad step examples/module11-2-2-2.yaml --format markdown --precision 6")
  .action((file: string, options) => guard(async () => (await import("./commands/step.js")).stepCommand(file, options)));

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
  .action((file: string, options) => guard(async () => (await import("./commands/gradcheck.js")).gradcheckCommand(file, options)));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    throw error;
  }
}
