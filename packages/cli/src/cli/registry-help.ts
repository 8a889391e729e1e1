/**
 * The names and one-line summaries of the activations, losses and optimizers, for options and help
 * texts, read from the library's registries when the help is built: a registered activation appears
 * here with nothing else to edit.
 *
 * @module
 */
import { ACTIVATIONS, activationNames } from "tracegrad/internal/engine/activations";
import { LOSSES, lossNames } from "tracegrad/internal/engine/losses";
import { optimizerNames, UPDATE_RULES } from "tracegrad/internal/engine/update-rules";

/** `a, b or c`. */
function orList(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** The activations a hidden layer can take (those applied element by element), comma-separated. */
export function hiddenActivations(): string {
  return activationNames()
    .filter((name) => ACTIVATIONS[name].kind === "elementwise")
    .join(", ");
}

/** Every loss: `half-sse, mse, bce or cross-entropy`. */
export function lossChoices(): string {
  return orList(lossNames());
}

/** Every optimizer: `sgd, momentum, … or adamw`. */
export function optimizerChoices(): string {
  return orList(optimizerNames());
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`).join("\n");
}

/** The activations, losses and optimizers with their one-line summaries, for the end of a help text. */
export function registryHelp(which: readonly ("activations" | "losses" | "optimizers")[] = ["activations", "losses", "optimizers"]): string {
  const parts: string[] = [];
  if (which.includes("activations")) parts.push(`Activations:\n${table(activationNames().map((n) => [n, ACTIVATIONS[n].summary] as const))}`);
  if (which.includes("losses")) parts.push(`Losses:\n${table(lossNames().map((n) => [n, LOSSES[n].summary] as const))}`);
  if (which.includes("optimizers")) parts.push(`Optimizers:\n${table(optimizerNames().map((n) => [n, UPDATE_RULES[n].summary] as const))}`);
  return `\n${parts.join("\n\n")}\n`;
}
