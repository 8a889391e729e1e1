/**
 * Reading an optimizer's state for `tracegrad update --state FILE`: a YAML or JSON mapping of the
 * steps taken `t`, optionally the `optimizer` and the `weights`, and one list per state array of the
 * rule (`v` of momentum, `s` of RMSprop, `m` and `v` of Adam), zeros where left out. `--state-out`
 * writes the same form, so steps can be chained.
 *
 * @module
 */
import type { OptimizerName } from "../../engine/update-rules.js";
import { isOptimizerName, optimizerNames, UPDATE_RULES } from "../../engine/update-rules.js";
import { didYouMean } from "../../common/did-you-mean.js";
import { InputError } from "../../common/input-error.js";
import { readNumbers } from "../../step/spec/read-numbers.js";
import { parseSource } from "../../common/source.js";
import type { UpdateState } from "./run-update.js";

/** A state file, checked against the rule and the number of weights. */
export interface StateFile {
  readonly optimizer: OptimizerName;
  readonly weights: number[];
  readonly state: UpdateState;
}

/**
 * Reads a state file. `given` holds what the command line gave: the optimizer (which must be the
 * file's, when the file names one) and the weights (which win over the file's).
 */
export function readUpdateState(text: string, file: string | undefined, given: { optimizer?: OptimizerName; weights?: readonly number[] }): StateFile {
  const source = parseSource(text, file);
  const value = source.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw source.error([], "expected a mapping of t, weights and the state arrays (as --state-out writes)");
  const fields = value as Record<string, unknown>;
  let optimizer: OptimizerName = given.optimizer ?? "sgd";
  if (fields.optimizer !== undefined) {
    const named = fields.optimizer;
    if (typeof named !== "string" || !isOptimizerName(named)) throw source.error(["optimizer"], `unknown optimizer ${JSON.stringify(named)}; choose ${optimizerNames().join(", ")}`);
    if (given.optimizer !== undefined && given.optimizer !== named) throw source.error(["optimizer"], `the state is of ${named}, but --optimizer is ${given.optimizer}`);
    optimizer = named;
  }
  const rule = UPDATE_RULES[optimizer];
  const known = ["optimizer", "t", "weights", ...rule.stateNames];
  for (const key of Object.keys(fields)) {
    if (!known.includes(key)) throw source.error([key], `unknown field "${key}"; the state of ${optimizer} has ${known.join(", ")}${didYouMean(key, known)}`);
  }
  const t = fields.t ?? 0;
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0) throw source.error(["t"], `t counts the steps taken: a whole number from 0, got ${JSON.stringify(t)}`);
  let weights: number[] | undefined = given.weights === undefined ? undefined : [...given.weights];
  // The file's weights are checked even where --weights wins over them: a file that says something wrong is refused.
  if (fields.weights !== undefined) {
    const block = readNumbers(source, ["weights"], fields.weights, "a list of weights");
    if (block.rank === 2) throw source.error(["weights"], "expected one list of weights, got a list of lists");
    weights ??= block.rows[0];
  }
  if (weights === undefined) throw new InputError("give the weights with --weights, or in the state file", file === undefined ? {} : { file });
  const size = weights.length;
  const arrays: Record<string, number[]> = {};
  for (const name of rule.stateNames) {
    if (fields[name] === undefined) {
      arrays[name] = new Array<number>(size).fill(0);
      continue;
    }
    const block = readNumbers(source, [name], fields[name], `one value of ${name} per weight`);
    if (block.rank === 2 || block.rows[0].length !== size) throw source.error([name], `has ${block.rank === 2 ? "a list of lists" : `${block.rows[0].length} values`}; ${name} needs one value per weight: ${size}`);
    if (rule.squaredStates?.includes(name) === true) {
      const negative = block.rows[0].findIndex((x) => x < 0);
      if (negative >= 0) throw source.error([name, negative], `${name} is a running average of squared gradients, never negative; got ${block.rows[0][negative]}`);
    }
    arrays[name] = block.rows[0];
  }
  return { optimizer, weights, state: { t, arrays } };
}
