/** Reads a step spec from a file, as the command line does (the library itself reads no files). */
import { readFileSync } from "node:fs";
import { parseStepSpec } from "../src/step/spec/index.js";
import type { StepSpec } from "../src/step/spec/index.js";

export function loadStepSpec(path: string): StepSpec {
  return parseStepSpec(readFileSync(path, "utf8"), path);
}

/** A file's text. */
export function readTextFile(path: string): string {
  return readFileSync(path, "utf8");
}
