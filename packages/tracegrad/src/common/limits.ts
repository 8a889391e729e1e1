/**
 * The budgets tracegrad checks before it allocates or prints, taken from the resources a run has (memory,
 * time, a reader's patience) rather than from the type of a flag. A size asked for (a flag, a field of
 * a file, the rows of a CSV file) beyond its budget is one {@link InputError} that says the size and
 * the limit, never a crash at allocation or a run out of memory. The README's "Limits" section lists
 * them; this module is their one source, used by the command line, the run config, `Sequential.create`,
 * the data generators, the parsers and the worked solutions.
 *
 * @module
 */
import { InputError } from "./input-error.js";
import { checkParameters, CLASS_LIMIT, formatCount, limitReason, MB, networkName, networkParameters, PARAMETER_LIMIT, POINT_LIMIT } from "./size-check.js";
import type { LimitError } from "./size-check.js";

export { checkLimit, checkParameters, formatCount, limitReason, networkName, networkParameters } from "./size-check.js";
export type { LimitCheck, LimitError } from "./size-check.js";

/** A gibibyte, in bytes. */
const GB = 1024 * MB;

/** The budgets. */
export const LIMITS = Object.freeze({
  /** The largest JSON file read, in bytes (the command line's `--max-file-size` raises it). */
  jsonFileBytes: 64 * MB,
  /**
   * The largest YAML file read, in bytes (`--max-file-size` raises it): YAML's parser keeps about 250
   * bytes of memory and a few microseconds for every byte it reads, JSON's far less.
   */
  yamlFileBytes: 4 * MB,
  /**
   * Values, keys and list entries of a YAML document, counted on the lexer's tokens before the parser
   * builds anything: yaml spends some 5 µs and 450 bytes on each (a 4 MB file of them would take
   * seconds and gigabytes). A worked solution's data (`LIMITS.workedValues`) fits well inside.
   */
  yamlEntries: 300_000,
  /**
   * Values and keys of a JSON document, counted as it is scanned, or one per 8 bytes of a longer text
   * (`jsonEntryBudget`): a model.json of 4 million weights is some 80 MB, past the file limit, while 64
   * MB of one-digit values or tiny keys would take tens of seconds and gigabytes to read and check.
   */
  jsonEntries: 4_000_000,
  /** How deep lists and mappings may nest in a YAML or JSON document. */
  nestingDepth: 100,
  /** Values that YAML aliases may repeat (each alias counts the size of what its anchor names), all aliases together. */
  aliasValues: 10_000,
  /** Numbers kept from one CSV file: 256 MB as Float64. */
  csvValues: 32_000_000,
  /** Columns of a CSV file. */
  csvColumns: 100_000,
  /** Characters of one CSV cell. */
  csvCellCharacters: 10_000,
  /** Weights and biases of a network (80 MB as Float64, before gradients and the optimizer's state). */
  parameters: PARAMETER_LIMIT,
  /** Bytes of the arrays a training run allocates: weights, gradients, the optimizer's state and one batch's activations. */
  trainingBytes: 2 * GB,
  /** Classes of a data set or a model. */
  classes: CLASS_LIMIT,
  /** Points a data generator draws. */
  points: POINT_LIMIT,
  /**
   * Terms of a worked solution of one step (`step`, `gradcheck`, `check`, `init --weights`): the batch
   * times the network's weights, biases and units. Each is a product printed in the forward pass or a
   * gradient's sum; 20,000 of them print some 7 MB.
   */
  stepTerms: 20_000,
  /** Numbers given to a worked solution of a smaller computation (`scale`, `batchnorm`, `update`, `init`'s drawn weights). */
  workedValues: 100_000,
  /** Elements of the input of `dropout` (1,000 × 1,000). */
  dropoutElements: 1_000_000,
  /** Points of `activations --at`. */
  activationPoints: 10_000,
  /**
   * Terms of an output that grows with the square of its input (the softmax of n points writes n terms
   * in each of its n lines; dropout's mask and draws of rows × columns), printed whole up to this many;
   * past it, the first lines are printed and the rest summarised.
   */
  wholeTerms: 10_000,
});

/** A number of bytes in words: `64 MB`, `2 GB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${formatCount(Math.round((bytes / GB) * 10) / 10)} GB`.replace(/\.0 GB$/, " GB");
  if (bytes >= MB) return `${(Math.round((bytes / MB) * 10) / 10).toString()} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The limits, by name. */
export type LimitName = keyof typeof LIMITS;

/** The units of a network's layers after the input, together. */
function units(sizes: readonly number[]): number {
  let total = 0;
  for (let l = 1; l < sizes.length; l++) total += sizes[l];
  return total;
}

/** Arrays of one batch's activations a layer keeps per unit and sample: z, a, δ and ∂L/∂a, with room for batch norm and dropout. */
const ACTIVATION_ARRAYS = 6;

/**
 * The bytes of the arrays a training run of this network allocates: each parameter's value, gradient
 * and `optimizerStates` arrays of state (0 for SGD, 1 for momentum and RMSprop, 2 for Adam), and the
 * activations of a batch of `batch` samples.
 */
export function trainingBytes(sizes: readonly number[], options: { bias?: boolean; batch?: number; optimizerStates?: number } = {}): number {
  const parameters = networkParameters(sizes, options.bias ?? true);
  return 8 * (parameters * (2 + (options.optimizerStates ?? 2)) + (options.batch ?? 1) * (units(sizes) + sizes[0]) * ACTIVATION_ARRAYS);
}

/**
 * Checks a network's sizes (input first) against the budget of parameters and, given the batch, of
 * the memory training takes: `--layers: 2-4294967296-1 has 12,884,901,889 weights and biases; the
 * limit is 10,000,000 (...)`. Throws through `error` (a plain {@link InputError} by default) and,
 * for the memory of a batch, `batchError` (`error` by default).
 */
export function checkNetworkSize(
  sizes: readonly number[],
  options: { bias?: boolean; batch?: number; optimizerStates?: number; error?: LimitError; batchError?: LimitError } = {},
): void {
  checkParameters(sizes, options);
  if (options.batch === undefined) return;
  const bytes = trainingBytes(sizes, options);
  if (bytes <= LIMITS.trainingBytes) return;
  const reason = limitReason(
    `training ${networkName(sizes)} in batches of ${formatCount(options.batch)} takes about ${formatBytes(bytes)} of arrays (weights, gradients, the optimizer's state and a batch's activations)`,
    formatBytes(LIMITS.trainingBytes),
    "give a smaller --batch",
  );
  throw (options.batchError ?? options.error ?? ((words: string) => new InputError(words)))(reason);
}
