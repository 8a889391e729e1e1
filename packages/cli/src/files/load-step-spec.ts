/**
 * Reading step specs from files in Node.
 *
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";
import { readTextFile } from "./read-text-file.js";
import { InputError } from "tracegrad/internal/common/input-error";
import { parseStepSpec } from "tracegrad/internal/step/spec/index";
import { parseSource } from "tracegrad/internal/common/source";
import { withPublishedFile } from "tracegrad/internal/step/spec/step-spec";
import type { StepSpec } from "tracegrad/internal/step/spec/step-spec";

export { readTextFile };

/**
 * Loads a step spec from a YAML or JSON file. A `published:` field that names a file (relative to
 * the spec) is replaced by that file's answers.
 */
export function loadStepSpec(path: string): StepSpec {
  const spec = parseStepSpec(readTextFile(path), path);
  if (typeof spec.published !== "string") return spec;
  const answersPath = isAbsolute(spec.published) ? spec.published : join(dirname(path), spec.published);
  let text: string;
  try {
    text = readTextFile(answersPath);
  } catch (error) {
    throw new InputError(`${(error as Error).message} (named by published)`, { file: path, field: "published" });
  }
  return withPublishedFile(spec, parseSource(text, answersPath));
}
