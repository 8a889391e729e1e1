/**
 * Reading step specs from files in Node.
 *
 * @module
 */
import { readTextFile } from "../files/read-text-file.js";

export { readTextFile };
import { parseStepSpec } from "./index.js";
import type { StepSpec } from "./step-spec.js";

/** Loads a step spec from a YAML or JSON file. */
export function loadStepSpec(path: string): StepSpec {
  return parseStepSpec(readTextFile(path), path);
}
