/**
 * The bundled seed examples: the YAML files of `examples/`, the very files `tracegrad step` reads,
 * taken into the bundle as text and parsed with the same `parseStepSpec`.
 *
 * @module
 */
import { parseStepSpec } from "tracegrad/internal/step/spec/index";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { exampleLabel } from "./example-label.js";

export interface Example {
  /** The file's name without `.yaml`: `module11-2-2-2`. */
  readonly id: string;
  readonly file: string;
  readonly text: string;
  readonly spec: StepSpec;
  /** `Module 11 activity: 2-2-2 sigmoid (Problem 1)`. */
  readonly label: string;
}

const files = import.meta.glob<string>("../../../../examples/*.yaml", { query: "?raw", import: "default", eager: true });

function load(): Example[] {
  const out: Example[] = [];
  for (const [path, text] of Object.entries(files)) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    // Problem files of the smaller commands (`*.scale.yaml`, `*.update.yaml`, ...) are not networks.
    if (/\.[a-z]+\.ya?ml$/.test(file)) continue;
    const spec = parseStepSpec(text, `examples/${file}`);
    out.push({ id: file.replace(/\.ya?ml$/, ""), file, text, spec, label: exampleLabel(spec, file) });
  }
  // By label; the Module 11 activity's network (the CLI's default example) first.
  const key = (e: Example) => (e.id === DEFAULT_EXAMPLE ? "" : e.label);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The example `npm start` prints, and the playground opens with. */
export const DEFAULT_EXAMPLE = "module11-2-2-2";

export const EXAMPLES: readonly Example[] = load();

export function exampleById(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
