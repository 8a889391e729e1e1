/**
 * The bundled examples: the YAML files of `examples/`, the very files `tracegrad step` reads, and the
 * answers files they name under `published:`, taken into the bundle as text and read with the same
 * parser.
 *
 * @module
 */
import type { BundledFiles } from "./published.js";
import { readExamples } from "./example-catalog.js";
import type { ExampleCatalog } from "./example-catalog.js";

const specs = import.meta.glob<string>("../../../../examples/*.yaml", { query: "?raw", import: "default", eager: true });
const answers = import.meta.glob<string>("../../../../examples/answers/*.yaml", { query: "?raw", import: "default", eager: true });

/** The path of a globbed file inside `examples/`. */
function inExamples(path: string): string {
  return path.slice(path.indexOf("/examples/") + "/examples/".length);
}

/** The answers files of `examples/answers/`, by their path inside `examples/`. */
export const BUNDLED_FILES: BundledFiles = new Map(Object.entries(answers).map(([path, text]) => [inExamples(path), text]));

/** Every bundled example, the CLI's default first. */
export const CATALOG: ExampleCatalog = readExamples(
  Object.entries(specs).map(([path, text]) => ({ file: inExamples(path), text })),
  BUNDLED_FILES,
);
