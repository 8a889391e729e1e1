/**
 * What a problem file of a smaller computation (`tracegrad scale FILE.yaml`, `tracegrad update
 * FILE.yaml`) may say besides its numbers, as a course exercise needs it said: a title, the source it
 * comes from, notes, and the answers the source published (compared with the engine's by
 * `published.ts`). The course's own words live in these files under examples/, never in the code.
 *
 * ```yaml
 * title: Standardization
 * source: Neural Networks Exercises, exercise 3
 * notes: [The exercise standardizes with the population σ.]
 * published: {sigma_2: 10.28, x_hat_2(3): 1.297}
 * ```
 *
 * @module
 */
import { describeValue, isMapping } from "../../common/describe-value.js";
import type { ParsedSource } from "../../common/source.js";

/** One published value, with where it is written. */
export interface PublishedValue {
  /** The name as written, qualified by the mappings it is nested in: `tanh.a(4)`. */
  readonly name: string;
  readonly value: number;
  readonly path: readonly PropertyKey[];
}

/** The published answers of a problem file, and the document they are in (for errors at their place). */
export interface Published {
  readonly values: readonly PublishedValue[];
  readonly source: ParsedSource;
}

/** A problem file's words. */
export interface ProblemText {
  readonly title?: string;
  readonly source?: string;
  readonly notes: readonly string[];
  readonly published: Published | null;
}

/** The fields this module reads; a problem reader accepts them beside its own. */
export const PROBLEM_TEXT_FIELDS = ["title", "source", "notes", "published"] as const;

function text(document: ParsedSource, path: readonly PropertyKey[], value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw document.error(path, `expected text, got ${describeValue(value)}`);
  return value;
}

function publishedValues(document: ParsedSource, path: readonly PropertyKey[], value: unknown, prefix: string, out: PublishedValue[]): void {
  if (!isMapping(value)) throw document.error(path, `expected a mapping of names to the numbers a source published, got ${describeValue(value)}`);
  for (const [key, entry] of Object.entries(value)) {
    const here = [...path, key];
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (isMapping(entry)) publishedValues(document, here, entry, name, out);
    else if (typeof entry === "number" && Number.isFinite(entry)) out.push({ name, value: entry, path: here });
    else throw document.error(here, `expected a finite number, got ${describeValue(entry)}`);
  }
}

/** Reads the title, source, notes and published answers of a problem document (a mapping at `at`). */
export function readProblemText(document: ParsedSource, at: readonly PropertyKey[] = []): ProblemText {
  let node: unknown = document.value;
  for (const key of at) node = isMapping(node) ? node[key as string] : undefined;
  if (!isMapping(node)) return { notes: [], published: null };
  const title = text(document, [...at, "title"], node.title);
  const source = text(document, [...at, "source"], node.source);
  const notesValue = node.notes ?? [];
  if (!Array.isArray(notesValue)) throw document.error([...at, "notes"], `expected a list of notes, got ${describeValue(notesValue)}`);
  const notes = notesValue.map((n, i) => text(document, [...at, "notes", i], n)!);
  let published: Published | null = null;
  if (node.published !== undefined) {
    const values: PublishedValue[] = [];
    publishedValues(document, [...at, "published"], node.published, "", values);
    published = { values, source: document };
  }
  return { ...(title !== undefined ? { title } : {}), ...(source !== undefined ? { source } : {}), notes, published };
}
