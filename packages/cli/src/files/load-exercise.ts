/**
 * What `tracegrad check` grades answers against, from the file or folder a user names: a step spec
 * (any network's, or a backprop, forward or bce exercise's), an `exercise.json` of another type
 * (scaling, gradcheck, …), a problem set's sheet, or an exercise's folder (its `exercise.json`).
 *
 * @module
 */
import { join } from "node:path";
import { statSync } from "node:fs";
import { parseSource } from "tracegrad/internal/common/source";
import type { Checkable } from "tracegrad/internal/exercise/check";
import { loadExerciseDocument } from "tracegrad/internal/exercise/load-exercise";
import { runStep } from "tracegrad/internal/step/run-step";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import { loadStepSpec, readTextFile } from "./load-step-spec.js";

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The exercise file of a folder (`exercise.json`, else `exercise.yaml`), or the path itself for a file. */
export function exerciseFileOf(path: string): string {
  for (const name of ["exercise.json", "exercise.yaml"]) if (isFile(join(path, name))) return join(path, name);
  return path;
}

/**
 * The step or computation that answers to `path` are graded against. A step spec's `published:` file
 * stays inside the spec's folder unless `allowOutside`.
 */
export function loadExercise(path: string, options: { readonly allowOutside?: boolean } = {}): StepRecord | Checkable {
  const file = exerciseFileOf(path);
  if (file.endsWith(".json") || file.endsWith(".yaml") || file.endsWith(".yml")) {
    const text = readTextFile(file);
    if (/"type"\s*:|^type\s*:/m.test(text)) {
      const loaded = loadExerciseDocument(parseSource(text, file));
      if (loaded !== null) return loaded;
    }
  }
  return runStep(loadStepSpec(file, options));
}
