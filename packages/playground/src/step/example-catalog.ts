/**
 * The examples step mode offers: each spec file read with the parser (its `published:` answers
 * attached, as `tracegrad step` attaches them), labelled for the example list, in order.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { parseStepSpec } from "tracegrad/internal/step/spec/index";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { exampleLabel } from "./example-label.js";
import { resolvePublished } from "./published.js";
import type { BundledFiles } from "./published.js";

export interface Example {
  /** The file's name without `.yaml`: `module11-2-2-2`. */
  readonly id: string;
  /** The file's name: `module11-2-2-2.yaml`. */
  readonly file: string;
  readonly text: string;
  /** The spec, with the answers its `published:` names attached. */
  readonly spec: StepSpec;
  /** `Module 11 activity: 2-2-2 sigmoid (Problem 1)`. */
  readonly label: string;
}

/** The examples, and the files their specs may name. */
export interface ExampleCatalog {
  readonly examples: readonly Example[];
  readonly files: BundledFiles;
}

/** The example `npm start` prints, and the playground opens with. */
export const DEFAULT_EXAMPLE = "module11-2-2-2";

/** Reads example files (`file` is the name inside `examples/`); the default example first, then by label. */
export function readExamples(files: readonly { file: string; text: string }[], bundled: BundledFiles): ExampleCatalog {
  // Problem files of the smaller commands (`*.scale.yaml`, `*.update.yaml`, ...) are not networks.
  const networks = files.filter(({ file }) => !/\.[a-z]+\.ya?ml$/.test(file));
  const examples = networks.map(({ file, text }) => {
    const name = `examples/${file}`;
    const spec = resolvePublished(parseStepSpec(text, name), name, bundled);
    return { id: file.replace(/\.ya?ml$/, ""), file, text, spec, label: exampleLabel(spec, file) };
  });
  const key = (e: Example) => (e.id === DEFAULT_EXAMPLE ? "" : e.label);
  examples.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { examples, files: bundled };
}

export function exampleById(catalog: ExampleCatalog, id: string): Example | undefined {
  return catalog.examples.find((e) => e.id === id);
}
