/**
 * Reading step specs from files in Node.
 *
 * @module
 */
import { readTextFile } from "./read-text-file.js";
import { resolveNamedFile } from "./named-file.js";
import { InputError } from "tracegrad/internal/common/input-error";
import { parseStepSpec } from "tracegrad/internal/step/spec/index";
import { parseSource } from "tracegrad/internal/common/source";
import { withPublishedFile } from "tracegrad/internal/step/spec/step-spec";
import type { StepSpec } from "tracegrad/internal/step/spec/step-spec";

export { readTextFile };

/** How a spec is read. */
export interface LoadSpecOptions {
  /** Let `published:` name a file outside the spec's folder (`--allow-outside`). */
  readonly allowOutside?: boolean;
}

/**
 * Loads a step spec from a YAML or JSON file. A `published:` field that names a file (relative to
 * the spec, and inside its folder unless `allowOutside`) is replaced by that file's answers.
 */
export function loadStepSpec(path: string, options: LoadSpecOptions = {}): StepSpec {
  const spec = parseStepSpec(readTextFile(path), path);
  if (typeof spec.published !== "string") return spec;
  const answersPath = resolveNamedFile({ file: path, field: "published" }, spec.published, options.allowOutside === true);
  let text: string;
  try {
    text = readTextFile(answersPath);
  } catch (error) {
    throw new InputError(`${(error as Error).message} (named by published)`, { file: path, field: "published" });
  }
  return withPublishedFile(spec, parseSource(text, answersPath));
}

/**
 * The files a loaded spec was read from besides itself: its `published:` answers file, when it names
 * one. An output of the command may not be one of them, which it would replace.
 */
export function namedInputFiles(spec: StepSpec): string[] {
  const file = spec.publishedAt?.source.file;
  return file === undefined ? [] : [file];
}
