/**
 * `tracegrad batchnorm DATA [--gamma 1,1 --beta 0,0 --epsilon 1e-5 --gradient ROWS]`: the worked
 * solution of batch normalisation of a batch, and its backward pass given ∂L/∂y.
 *
 * @module
 */
import { batchNormResults, batchNormWorked, runBatchNorm } from "tracegrad/internal/explain/batchnorm/explain-batchnorm";
import { parseNumberList } from "tracegrad/internal/explain/worked/read-matrix";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { numberOption } from "../io.js";
import { readData } from "./read-data.js";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, emitWorked, renderOptions } from "./worked-options.js";

export interface BatchNormCommandOptions extends WorkedCliOptions {
  gamma?: string;
  beta?: string;
  epsilon?: string;
  gradient?: string;
}

export function batchNormCommand(data: string, options: BatchNormCommandOptions): number {
  checkWorkedTargets(options, [], [data, options.gradient]);
  const { format, precision } = renderOptions(options);
  const matrix = readData(data, "DATA");
  const record = runBatchNorm({
    data: matrix,
    ...(options.gamma !== undefined ? { gamma: parseNumberList(options.gamma, "--gamma") } : {}),
    ...(options.beta !== undefined ? { beta: parseNumberList(options.beta, "--beta") } : {}),
    ...(options.epsilon !== undefined ? { epsilon: numberOption(options.epsilon, "--epsilon", (x) => (x >= 0 ? undefined : "must be 0 or more")) } : {}),
    ...(options.gradient !== undefined ? { gradient: readData(options.gradient, "--gradient").values } : {}),
  });
  emitWorked(renderWorked(batchNormWorked(record, { precision }), () => batchNormResults(record), { format, precision }), options);
  return 0;
}
