/**
 * Reading step specs from files in Node.
 *
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";
import { readTextFile } from "../files/read-text-file.js";
import { InputError } from "./input-error.js";
import { parseStepSpec } from "./index.js";
import { parseSource } from "./source.js";
import { withOrigin } from "./step-spec.js";
import type { StepSpec } from "./step-spec.js";

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
  const answers = parseSource(text, answersPath);
  return withOrigin({ ...spec, published: answers.value }, { document: spec.document, publishedAt: { source: answers, path: [] } });
}
