/**
 * The worked solution of `tracegrad activations`: every activation's value and derivative at some
 * points, with its formula. Values come from the activation operation run on a tape and derivatives
 * from that operation's backward computation (∂L/∂a = 1), so both are the numbers of
 * `engine/activations.ts`'s table, and the printed formulas are the table's own.
 *
 * @module
 */
import type { ActivationName, ElementwiseActivation } from "../../engine/activations.js";
import { ACTIVATIONS, activationNames, DEFAULT_LEAKY_ALPHA, generalFormula } from "../../engine/activations.js";
import type { Expr } from "../../engine/expr.js";
import { call, callPrime, partial, sym } from "../../engine/expr.js";
import { activate } from "../../engine/ops/activate.js";
import type { Step } from "../../engine/operation.js";
import { Tape } from "../../engine/tape.js";
import type { TapeNode } from "../../engine/tape.js";
import { Tensor } from "../../engine/tensor.js";
import type { TensorLabel } from "../../engine/tensor.js";
import { formatNumber } from "../../common/format-number.js";
import { checkLimit, formatCount, LIMITS } from "../../common/limits.js";
import type { Formula } from "../solution.js";
import type { WorkedRenderOptions } from "../worked/render-worked.js";
import { renderWorked } from "../worked/render-worked.js";
import type { Table, Worked, WorkedSection } from "../worked/worked.js";
import { section } from "../worked/worked.js";

/** The points z when none are given. */
export const DEFAULT_POINTS = [-2, -1, 0, 1, 2] as const;

export interface ActivationsOptions {
  /** The points z (-2, -1, 0, 1, 2 by default). */
  readonly points?: readonly number[];
  /** The slope of leaky ReLU below 0 (0.01). */
  readonly alpha?: number;
  /** Only these activations, in this order (every registered one by default). */
  readonly names?: readonly ActivationName[];
  readonly title?: string;
}

/** One activation at every point: the node that applied it, and its derivative there. */
export interface ActivationRun {
  readonly name: ActivationName;
  readonly node: TapeNode;
  /** f'(z) at each point; null for softmax, whose derivative is a Jacobian. */
  readonly derivative: Float64Array | null;
}

/** Every activation at the points, recorded on one tape. */
export interface ActivationsRecord {
  readonly points: readonly number[];
  readonly alpha: number;
  readonly tape: Tape;
  readonly runs: readonly ActivationRun[];
}

/** The numbers, as `tracegrad activations --json` prints them. */
export interface ActivationsResults {
  readonly points: number[];
  readonly alpha: number;
  /** Per activation: f(z) and f'(z) at each point (softmax: the softmax of the whole vector, no derivative). */
  readonly activations: Record<string, { value: number[]; derivative: number[] | null }>;
}

/** The lines of the softmax printed when its n lines of n terms are too many to print whole. */
const SOFTMAX_SHOWN = 3;

/** The point k's superscript: z⁽ᵏ⁾. */
function mark(k: number): string {
  return `(${k + 1})`;
}

function label(name: string, title: string): TensorLabel {
  return {
    title,
    value: (k, value) => sym(name, undefined, mark(k), value),
    gradient: (k, value) => partial(sym("L"), sym(name, undefined, mark(k)), value),
  };
}

/** Applies every activation to the points on a tape, and takes each derivative from its backward computation. */
export function runActivations(options: ActivationsOptions = {}): ActivationsRecord {
  const points = [...(options.points ?? DEFAULT_POINTS)];
  checkLimit(points.length, LIMITS.activationPoints, "points", { hint: "each is worked for every activation" });
  const alpha = options.alpha ?? DEFAULT_LEAKY_ALPHA;
  const tape = new Tape();
  const z = new Tensor(Float64Array.from(points), [1, points.length], { label: label("z", "points") });
  const ones = new Float64Array(points.length).fill(1);
  // Every registered activation: the element-wise ones first, in the order of the registry, then those of a whole row (softmax).
  const names = options.names ?? activationNames();
  const ordered = [...names.filter((n) => ACTIVATIONS[n].kind === "elementwise"), ...names.filter((n) => ACTIVATIONS[n].kind !== "elementwise")];
  const runs: ActivationRun[] = ordered.map((name) => {
    const act = ACTIVATIONS[name];
    const a = activate(tape, z, act, alpha, label("a", `${name} of the points`));
    const node = tape.creator(a)!;
    // ∂a/∂z = f'(z): the backward computation with ∂L/∂a = 1.
    const derivative = act.kind === "elementwise" ? (node.operation.backward(node, ones)[0] as Float64Array) : null;
    return { name, node, derivative };
  });
  return { points, alpha, tape, runs };
}

/** The numbers of a record. */
export function activationsResults(record: ActivationsRecord): ActivationsResults {
  return {
    points: [...record.points],
    alpha: record.alpha,
    activations: Object.fromEntries(record.runs.map((r) => [r.name, { value: Array.from(r.node.output.data), derivative: r.derivative === null ? null : Array.from(r.derivative) }])),
  };
}

function alphaSymbol(alpha: number): Expr {
  return sym("alpha", undefined, undefined, alpha);
}

function kinkNote(act: ElementwiseActivation, z: number): string | undefined {
  return z === 0 && act.kinkConvention !== undefined ? `z = 0 is the kink: tracegrad takes ${act.kinkConvention}` : undefined;
}

/** The derivative steps of one activation: ∂a/∂z = f'(z) = (the table's formula) = value. */
function derivativeSteps(run: ActivationRun, alpha: number): Step[] {
  const act = ACTIVATIONS[run.name] as ElementwiseActivation;
  const z = run.node.inputs[0];
  const a = run.node.output;
  return Array.from(run.derivative!, (value, k) => {
    const zk = sym("z", undefined, mark(k), z.data[k]);
    const ak = sym("a", undefined, mark(k), a.data[k]);
    const args = act.hasAlpha ? [zk, alphaSymbol(alpha)] : [zk];
    const note = kinkNote(act, z.data[k]);
    return {
      lhs: partial(sym("a", undefined, mark(k)), sym("z", undefined, mark(k)), value),
      call: callPrime(act.fn, ...args),
      formula: act.derivativeFormula(zk, ak, alphaSymbol(alpha)),
      value,
      ...(note !== undefined ? { note } : {}),
    };
  });
}

function activationSection(run: ActivationRun, alpha: number): WorkedSection {
  const act = ACTIVATIONS[run.name];
  const forward = run.node.operation.explainForward(run.node);
  if (act.kind === "softmax") {
    const { call: lhs, definition } = generalFormula(act);
    const n = forward.length;
    // Each of the n lines sums n terms: past LIMITS.wholeTerms, the first lines stand for the rest.
    const whole = n * n <= LIMITS.wholeTerms;
    const group = whole
      ? { title: "", steps: forward }
      : {
          title: `the first ${SOFTMAX_SHOWN} of ${formatCount(n)} points: each line sums e^z over all ${formatCount(n)} points (${formatCount(n * n)} terms in all, more than the ${formatCount(LIMITS.wholeTerms)} printed whole); every value is in the table`,
          steps: forward.slice(0, SOFTMAX_SHOWN),
        };
    return section(run.name, act.title, { formulas: [{ lhs, rhs: definition }], groups: [group] });
  }
  const z = sym("z");
  const args = act.hasAlpha ? [z, sym("alpha")] : [z];
  const formulas: Formula[] = [
    // The identity's call prints as its argument: write its definition as a = z.
    { lhs: act.name === "identity" ? sym("a") : call(act.fn, ...args), rhs: act.formula(z, sym("alpha")) },
    { lhs: callPrime(act.fn, ...args), rhs: act.derivativeFormula(z, sym("a"), sym("alpha")) },
  ];
  const derivatives = derivativeSteps(run, alpha);
  const steps = forward.flatMap((step, k) => [step, derivatives[k]]);
  return section(run.name, act.hasAlpha ? `${act.title} (α = ${formatNumber(alpha)})` : act.title, { formulas, groups: [{ title: "", steps }] });
}

function tables(record: ActivationsRecord): Table[] {
  const elementwise = record.runs.filter((r) => r.derivative !== null);
  const wholeRow = record.runs.filter((r) => r.derivative === null);
  const z = sym("z");
  const argsOf = (name: ActivationName) => (ACTIVATIONS[name].hasAlpha ? [z, sym("alpha")] : [z]);
  const heading = (name: ActivationName, prime: boolean): Expr | string => {
    const { fn } = ACTIVATIONS[name];
    if (prime) return callPrime(fn, ...argsOf(name));
    // The identity's call prints as its argument: name it in the heading.
    return fn.name === "identity" ? `${fn.text.unicode}(z)` : call(fn, ...argsOf(name));
  };
  return [
    {
      title: "Values",
      columns: [z, ...elementwise.map((r) => heading(r.name, false)), ...wholeRow.map((r) => r.name)],
      rows: record.points.map((p, k) => [p, ...elementwise.map((r) => r.node.output.data[k]), ...wholeRow.map((r) => r.node.output.data[k])]),
    },
    {
      title: "Derivatives",
      columns: [z, ...elementwise.map((r) => heading(r.name, true))],
      rows: record.points.map((p, k) => [p, ...elementwise.map((r) => r.derivative![k])]),
    },
  ];
}

/** The conventions at the kinks of the activations printed: `ReLU'(0) = 0 and LeakyReLU'(0) = α`. */
function kinkConventions(record: ActivationsRecord): string {
  const conventions = record.runs.flatMap((r) => {
    const act = ACTIVATIONS[r.name];
    return act.kind === "elementwise" && act.kinkConvention !== undefined ? [act.kinkConvention] : [];
  });
  return conventions.length <= 1 ? conventions.join("") : `${conventions.slice(0, -1).join(", ")} and ${conventions[conventions.length - 1]}`;
}

/** The worked solution of the activations at the points. */
export function activationsWorked(record: ActivationsRecord, options: { precision: number; title?: string }): Worked {
  const points = record.points.map((p) => formatNumber(p, options.precision)).join(", ");
  return {
    title: options.title ?? "Activation functions and their derivatives",
    summary: `every activation and its derivative at z = ${points}; a = f(z), and the superscript ⁽ᵏ⁾ numbers the points`,
    conventions: [
      ...(kinkConventions(record) === "" ? [] : [`at the kink z = 0: ${kinkConventions(record)} (α = ${formatNumber(record.alpha, options.precision)})`]),
      "each derivative is written as textbooks do, in terms of z and a = f(z)",
      ...(record.runs.some((r) => r.derivative === null)
        ? ["softmax takes the whole vector: a_k = e^(z_k)/Σ_j e^(z_j); its derivative is the Jacobian ∂a_j/∂z_k = a_j(δ_jk - a_k), not one number per point"]
        : []),
    ],
    given: [{ title: "points", values: record.points.map((p, k) => sym("z", undefined, mark(k), p)) }],
    sections: [...record.runs.map((run) => activationSection(run, record.alpha)), section("table", "Table", { tables: tables(record) })],
    notes: [],
  };
}

/** The activations at the points, rendered in a format; JSON carries {@link activationsResults}. */
export function explainActivations(options: ActivationsOptions & WorkedRenderOptions = {}): string {
  const record = runActivations(options);
  const precision = options.precision ?? 8;
  return renderWorked(activationsWorked(record, { precision, ...(options.title !== undefined ? { title: options.title } : {}) }), () => activationsResults(record), options);
}
