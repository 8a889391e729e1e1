/**
 * One update of a parameter tensor by a rule of `update-rules.ts`, recorded on a tape so that a worked
 * solution can print it. Not differentiable.
 *
 * Inputs: the parameter W and its gradient G (a tensor whose label names ∂L/∂w).
 *
 * @module
 */
import type { SymbolExpr } from "../expr.js";
import { sym } from "../expr.js";
import { symbolName, valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import type { Tape } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";
import type { Hyperparameters, UpdateRule } from "../update-rules.js";
import { hyperparameterSymbols } from "../update-rules.js";

export interface UpdateAttributes {
  readonly rule: UpdateRule;
  readonly hyperparameters: Hyperparameters;
  /** The rule's state before the update, one array per state name; left unchanged. */
  readonly state: readonly Float64Array[];
  /** The step number, from 1. */
  readonly t: number;
  /** A frozen parameter keeps its value (its gradient is still computed and shown). */
  readonly frozen: boolean;
}

interface Saved {
  readonly after: Float64Array[];
  readonly traces: number[][];
}

export const updateOperation: Operation<UpdateAttributes> = {
  name: "update",

  forward([w, g], { rule, hyperparameters, state, t, frozen }) {
    const out = new Float64Array(w.size);
    const after = state.map((s) => Float64Array.from(s));
    const traces: number[][] = [];
    for (let i = 0; i < w.size; i++) {
      const trace: number[] = [];
      out[i] = frozen ? w.data[i] : rule.step(w.data[i], g.data[i], after, i, hyperparameters, t, trace);
      traces.push(trace);
    }
    const saved: Saved = { after, traces };
    return { data: out, shape: w.shape, saved };
  },

  backward(node) {
    return node.inputs.map(() => null);
  },

  explainForward(node) {
    const [w, g] = node.inputs;
    const { rule, hyperparameters: h, state, t, frozen } = node.attributes;
    const { after, traces } = node.saved as Saved;
    const steps: Step[] = [];
    const hs = hyperparameterSymbols(h, t);
    for (let i = 0; i < w.size; i++) {
      const wSym = valueSymbol(w, i);
      if (frozen) {
        steps.push({ lhs: wSym, formula: wSym, value: node.output.data[i], assign: true, note: "frozen: the gradient is shown but not applied" });
        continue;
      }
      const owner = symbolName(wSym);
      const named = (names: readonly string[], values: (k: number) => number): Record<string, SymbolExpr> =>
        Object.fromEntries(names.map((n, k) => [n, sym(n, owner, undefined, values(k))]));
      const symbols = {
        ...hs,
        w: wSym,
        g: g.label?.gradient(i, g.data[i]) ?? sym("g", owner, undefined, g.data[i]),
        before: named(rule.stateNames, (k) => state[k][i]),
        after: named(rule.stateNames, (k) => after[k][i]),
        trace: named(rule.traceNames, (k) => traces[i][k]),
      };
      for (const { target, formula } of rule.assignments(symbols, h)) {
        const isW = target === "w";
        const lhs = isW ? { ...wSym, value: node.output.data[i] } : (symbols.after[target] ?? symbols.trace[target]);
        steps.push({ lhs, formula, value: lhs.value ?? Number.NaN, assign: isW || target in symbols.after });
      }
    }
    return steps;
  },

  explainBackward() {
    return [];
  },
};

/** Records the update of `w` by gradient `g`; returns the new values (state arrays are not modified). */
export function update(tape: Tape, w: Tensor, g: Tensor, attributes: UpdateAttributes, label?: TensorLabel): Tensor {
  return tape.apply(updateOperation, [w, g], attributes, label);
}

/** The state of the rule after an update recorded on a tape. */
export function stateAfter(tape: Tape, updated: Tensor): Float64Array[] {
  const node = tape.creator(updated);
  if (node === null || node.operation !== updateOperation) throw new Error("not the output of an update");
  return (node.saved as Saved).after;
}
