/**
 * `tracegrad gradcheck FILE`: analytic gradients against central differences.
 *
 * @module
 */
import { gradcheckSpec, renderGradientCheck } from "tracegrad/internal/explain/gradcheck-spec";
import { loadStepSpec, namedInputFiles } from "../../files/load-step-spec.js";
import { checkOutputTargets, EXIT_FAILED, EXIT_OK, emit, integerOption, numberOption } from "../io.js";

export interface GradcheckOptions {
  epsilon?: string;
  tolerance?: string;
  precision?: string;
  json?: boolean;
  out?: string;
  allowOutside?: boolean;
}

export function gradcheckCommand(file: string, options: GradcheckOptions): number {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], [file]);
  const positive = (x: number) => (x > 0 ? undefined : "must be greater than 0");
  const epsilon = options.epsilon === undefined ? undefined : numberOption(options.epsilon, "--epsilon", positive);
  const tolerance = options.tolerance === undefined ? undefined : numberOption(options.tolerance, "--tolerance", positive);
  const precision = options.precision === undefined ? 8 : integerOption(options.precision, "--precision", 1, 17);
  const spec = loadStepSpec(file, { allowOutside: options.allowOutside === true });
  // The answers file its published: names is read too: -o may not replace it either.
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], namedInputFiles(spec));
  const check = gradcheckSpec(spec, { ...(epsilon !== undefined ? { epsilon } : {}), ...(tolerance !== undefined ? { tolerance } : {}) });
  emit(options.json ? JSON.stringify(check, null, 2) + "\n" : renderGradientCheck(check, { precision, file }), options.out);
  return check.ok ? EXIT_OK : EXIT_FAILED;
}
