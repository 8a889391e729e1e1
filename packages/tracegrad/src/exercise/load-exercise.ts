/**
 * What `tracegrad check` grades answers against, from an exercise document of any kind: a set's
 * `exercise.json` (`type: set`), an exercise of a type that is not a step (scaling, gradcheck, …), or
 * null for a step spec (which the caller runs, with its own files resolved).
 *
 * @module
 */
import { isMapping } from "../common/describe-value.js";
import type { ParsedSource } from "../common/source.js";
import type { Checkable } from "./check.js";
import { loadTypedExercise, typedExerciseOf } from "./draw.js";
import { loadSet } from "./problem-set.js";

/** The checkable of a set or a non-step exercise; null for a step spec. */
export function loadExerciseDocument(document: ParsedSource): Checkable | null {
  if (isMapping(document.value) && document.value.type === "set") return loadSet(document);
  const type = typedExerciseOf(document);
  return type === null ? null : loadTypedExercise(type, document);
}
