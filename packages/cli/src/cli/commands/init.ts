/**
 * `tracegrad init --layers 2-4-1 --scheme NAME --seed N`: the scale of each layer's initializer and
 * the weights drawn; `tracegrad init --weights FILE`: a diagnosis of a given network.
 *
 * @module
 */
import { activationNames } from "tracegrad";
import { diagnosisSolution, initSolution, withInputs } from "tracegrad/internal/explain/init/explain-init";
import { parseInlineMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { INITIALIZER_NAMES } from "tracegrad";
import { InputError } from "tracegrad";
import { quote } from "tracegrad/internal/common/excerpt";
import { loadStepSpec } from "../../files/load-step-spec.js";
import { integerOption } from "../io.js";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, choiceOption, emitWorked, renderOptions } from "./worked-options.js";
import { checkLimit, checkNetworkSize, LIMITS, networkName, networkParameters } from "tracegrad/internal/common/limits";

export interface InitCommandOptions extends WorkedCliOptions {
  layers?: string;
  scheme?: string;
  activation?: string;
  outputActivation?: string;
  seed?: string;
  weights?: string;
  inputs?: string;
  allowOutside?: boolean;
}

/** `2-4-1` as sizes. */
export function parseLayerSizes(value: string): number[] {
  const parts = value.split("-");
  if (parts.length < 2) throw new InputError(`--layers: give the sizes from input to output separated by "-", as 2-4-1; got ${quote(value)}`);
  const sizes = parts.map((p, i) => integerOption(p.trim(), `--layers: size ${i + 1}`, 1));
  const error = (reason: string) => new InputError(`--layers: ${reason}`);
  checkNetworkSize(sizes, { error });
  checkLimit(networkParameters(sizes), LIMITS.workedValues, "weights and biases", { prefix: `${networkName(sizes)} has `, hint: "init prints every weight it draws", error });
  return sizes;
}

export function initCommand(options: InitCommandOptions): number {
  checkWorkedTargets(options, [], [options.weights]);
  const { format, precision } = renderOptions(options);
  const inputs = options.inputs === undefined ? undefined : parseInlineMatrix(options.inputs, "--inputs");
  if (options.weights !== undefined) {
    for (const [given, name] of [[options.layers, "--layers"], [options.scheme, "--scheme"]] as const) {
      if (given !== undefined) throw new InputError(`${name}: --weights diagnoses the network of its file; leave out ${name}`);
    }
    const loaded = loadStepSpec(options.weights, { allowOutside: options.allowOutside === true });
    const spec = inputs === undefined ? loaded : withInputs(loaded, inputs, "--inputs");
    const { worked, results } = diagnosisSolution(spec, precision);
    emitWorked(renderWorked(worked, results, { format, precision }), options);
    return 0;
  }
  if (options.layers === undefined) throw new InputError("give --layers (as 2-4-1) to draw weights, or --weights FILE to diagnose a network");
  const layers = parseLayerSizes(options.layers);
  const { worked, results } = initSolution(
    {
      layers,
      ...(options.scheme !== undefined ? { scheme: choiceOption(options.scheme, INITIALIZER_NAMES, "--scheme") } : {}),
      activation: choiceOption(options.activation ?? "sigmoid", activationNames(), "--activation"),
      ...(options.outputActivation !== undefined ? { outputActivation: choiceOption(options.outputActivation, activationNames(), "--output-activation") } : {}),
      seed: integerOption(options.seed ?? "1", "--seed", 0, 0xffffffff),
      ...(inputs !== undefined ? { inputs } : {}),
    },
    precision,
  );
  emitWorked(renderWorked(worked, results, { format, precision }), options);
  return 0;
}
