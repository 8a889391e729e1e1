/**
 * Reads a learner's answers: YAML or JSON holding the quantities of a computation under the names of
 * its worked solution (`z_h1`, `dE/dw2`, `w2` for the new value, `sigma_2`: see `answer-names.ts`),
 * or in a form of the computation's own besides (the fields of `tracegrad step --json`), or both. A
 * value left out or given as null is not answered. Names may be grouped under headings of the
 * learner's choosing (`forward: {z_h1: 0.28}`); a heading that is the first part of the computation's
 * own names qualifies the names under it (`step2: {w1: 0.79}` is `step2.w1`, `part1: {...}` a part
 * of a problem set).
 *
 * Every mistake is an {@link InputError} that names the file, the field, the line and the column.
 *
 * @module
 */
import { formatPath, InputError } from "../common/input-error.js";
import type { ParsedSource } from "../common/source.js";
import { answerNameTable, normalizeAnswerName } from "./answer-names.js";
import type { AnswerNameTable } from "./answer-names.js";
import type { AnswerSink, Computation, GradedQuantity } from "./computation.js";
import { describeValue, isMapping } from "../common/describe-value.js";

/** One answered number. */
export interface Answer {
  readonly quantity: GradedQuantity;
  readonly given: number;
  /** Where in the answers it was given. */
  readonly where: readonly PropertyKey[];
}

type Path = readonly PropertyKey[];

/** A parsed value that came from no file, for {@link readAnswers}: errors name the field only. */
export function plainSource(value: unknown, file?: string): ParsedSource {
  const source: ParsedSource = {
    file,
    format: "json",
    value,
    locate: () => undefined,
    error: (path, reason) => new InputError(reason, { file, field: formatPath(path) }),
  };
  return source;
}

/** The names of a computation's quantities, looked up. */
const tables = new WeakMap<Computation, AnswerNameTable<GradedQuantity>>();

/** The name table of a computation (built once). */
export function namesOfComputation(computation: Computation): AnswerNameTable<GradedQuantity> {
  let table = tables.get(computation);
  if (table === undefined) {
    table = answerNameTable(computation.quantities, (q) => computation.names(q));
    tables.set(computation, table);
  }
  return table;
}

class AnswerReader implements AnswerSink {
  readonly answers = new Map<string, Answer>();
  private readonly byPath: Map<string, GradedQuantity>;
  private readonly names: AnswerNameTable<GradedQuantity>;
  /** The first parts of dotted keys (`step2`, `part1`): headings that qualify the names under them. */
  private readonly prefixes: Set<string>;

  constructor(
    readonly source: ParsedSource,
    private readonly computation: Computation,
  ) {
    this.byPath = new Map(computation.quantities.map((q) => [q.path, q]));
    this.names = namesOfComputation(computation);
    this.prefixes = new Set(computation.quantities.flatMap((q) => prefixesOf(q.key)));
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** A number, null/undefined (not answered), or a string holding a number. */
  private number(path: Path, v: unknown): number | null {
    if (v === null || v === undefined) return null;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v.trim()))) return Number(v.trim());
    if (typeof v !== "number") throw this.source.error(path, `expected a number (or null for no answer), got ${describeValue(v)}`);
    if (!Number.isFinite(v)) throw this.source.error(path, `is ${Number.isNaN(v) ? "NaN" : v}; an answer must be a finite number`);
    return v;
  }

  give(path: string, where: Path, v: unknown): void {
    const q = this.byPath.get(path);
    if (q === undefined) throw new Error(`no quantity at ${path}`);
    this.giveTo(q, where, v);
  }

  private giveTo(q: GradedQuantity, where: Path, v: unknown): void {
    const given = this.number(where, v);
    if (given === null) return;
    const earlier = this.answers.get(q.path);
    if (earlier !== undefined) throw this.source.error(where, `gives ${q.symbol} again (it is already given as ${formatPath(earlier.where)})`);
    this.answers.set(q.path, { quantity: q, given, where });
  }

  read(base: Path): void {
    const value = base.reduce<unknown>((v, k) => (isMapping(v) ? v[k as string] : undefined), this.source.value);
    if (value === null || value === undefined) return;
    if (!isMapping(value)) throw this.source.error(base, `expected a mapping of answers (the names of the worked solution), got ${describeValue(value)}`);
    this.mapping(base, value, true, "");
  }

  private mapping(path: Path, value: Record<string, unknown>, top: boolean, prefix: string): void {
    for (const [key, v] of Object.entries(value)) {
      const here = [...path, key];
      if (top && prefix === "" && this.computation.structured?.read(key, v, here, this) === true) continue;
      const qualified = prefix === "" ? key : `${prefix}.${key}`;
      const q = this.names.lookup(qualified);
      if (q === "ambiguous") throw this.source.error(here, `"${key}" could name more than one quantity; use its full name (${this.candidatesFor(qualified)})`, { key: true });
      if (q !== undefined) {
        this.giveTo(q, here, v);
        continue;
      }
      if (isMapping(v)) {
        // A heading of the computation's own (`step2:`, `part1:`) qualifies the names under it; one of
        // the learner's own (`forward:`, `layer 1:`) holds names as they are.
        const heading = normalizeAnswerName(key);
        const own = this.prefixes.has(prefix === "" ? heading : `${prefix}.${heading}`);
        this.mapping(here, v, false, own ? (prefix === "" ? heading : `${prefix}.${heading}`) : prefix);
        continue;
      }
      throw this.source.error(here, this.computation.unknownName(qualified, this.names.known), { key: true });
    }
  }

  private candidatesFor(key: string): string {
    const lower = key.toLowerCase();
    return this.names.known.filter((k) => k.toLowerCase().includes(lower)).slice(0, 4).join(", ");
  }
}

/** `part1` and `part1.step2` for `part1.step2.w1`: every leading part of a dotted key. */
function prefixesOf(key: string): string[] {
  const parts = key.split(".");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("."));
}

/**
 * Reads the answers in `source` (at `base`, the whole document by default: `["published"]` reads a
 * spec's published answers) against the quantities of a computation, in the order they are computed.
 * With `requireAnswers`, a document that answers nothing is refused.
 */
export function readAnswers(source: ParsedSource, computation: Computation, base: readonly PropertyKey[] = [], requireAnswers = false): Answer[] {
  const reader = new AnswerReader(source, computation);
  reader.read(base);
  if (requireAnswers && reader.answers.size === 0)
    throw source.error(base, "answers nothing: every value is null or absent (give at least one answer; the names are those of the worked solution)");
  const order = new Map(computation.quantities.map((q, i) => [q.path, i]));
  return [...reader.answers.values()].sort((x, y) => order.get(x.quantity.path)! - order.get(y.quantity.path)!);
}
