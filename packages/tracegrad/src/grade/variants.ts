/**
 * The mistake simulator: one gradient-descent step of a spec in plain loops, with a learner's mistake
 * as a knob. Every function, derivative, loss and update rule comes from the tables of the engine
 * (`activations.ts`, `losses.ts`, `update-rules.ts`), so each formula is still defined once; with no
 * mistake the numbers are those of `stepResults(runStep(spec))` (a test checks they agree to 1e-12).
 *
 * Two more knobs serve the diagnoses that look at a learner's own working:
 * - `carry`: the learner's values, used in place of the computed ones for what comes after them, so
 *   that a value computed correctly from an earlier wrong one can be recognised;
 * - `round`: every intermediate value rounded to a number of significant digits, as a learner who
 *   writes down 3 digits and carries on with them gets.
 *
 * The results report, for each quantity, the value computed from what came before it (before the
 * learner's own value took its place).
 *
 * @module
 */
import { activation as activationOf } from "../engine/activations.js";
import type { Activation } from "../engine/activations.js";
import { lossDefinition } from "../engine/losses.js";
import { DEFAULT_HYPERPARAMETERS, updateRule } from "../engine/update-rules.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import { roundTo } from "../common/format-number.js";
import type { LayerResults, StepResults } from "../step/results.js";
import type { QuantityKind, QuantityRef } from "../step/quantities.js";

/** How f'(z) is taken at the wrong argument. */
export type WrongArgumentForm =
  /** f'(a): σ'(a) = σ(a)(1 - σ(a)) where σ'(z) was needed. */
  | "derivative-at-a"
  /** The formula of f' in terms of a, applied to z: z(1 - z) for the sigmoid. */
  | "formula-on-z";

/** A mistake, as knobs; every knob left out is done right. */
export interface Mistake {
  /** Multiplies the loss of the data (2: the sum of squared errors where half of it was asked). */
  readonly lossScale?: number;
  /** Multiplies ∂L/∂a of the data loss, or the fused δ (-1: t - a for a - t; 2 or ½: a factor of 2). */
  readonly lossGradientScale?: number;
  /** Multiplies the L2 penalty λΣw². */
  readonly penaltyScale?: number;
  /** The factor of λw in the gradient of the L2 penalty (2 is right). */
  readonly l2GradientFactor?: number;
  /** Layers whose δ leaves out the factor f'(z). */
  readonly dropDerivative?: readonly number[];
  /** Layers whose δ takes f' at the wrong argument. */
  readonly wrongArgument?: { readonly layers: readonly number[]; readonly form: WrongArgumentForm };
  /** δ is backpropagated through the weights after their update rather than before. */
  readonly backpropagateUpdatedWeights?: boolean;
  /** The learning rate used in the update instead of the spec's (1: the raw gradient subtracted). */
  readonly learningRate?: number;
}

/** What to recompute the step with. */
export interface SimulationOptions {
  readonly mistake?: Mistake;
  /** The learner's value of a quantity, used downstream in place of the computed one. */
  readonly carry?: (ref: QuantityRef) => number | undefined;
  /** Rounds every intermediate value to this many significant digits. */
  readonly round?: number;
}

type Matrix = number[][];

interface Parameters {
  weights: Matrix;
  bias: number[] | null;
}

function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** Simulates one step of a spec, with a mistake, the learner's values carried, or rounding. */
export function simulateStep(spec: StepSpec, options: SimulationOptions = {}): StepResults {
  const mistake = options.mistake ?? {};
  const round = options.round;
  const r = (x: number) => (round === undefined ? x : roundTo(x, round));
  const carry = options.carry;
  const take = (kind: QuantityKind, layer: number, row: number, col: number, computed: number): number => {
    if (carry === undefined) return computed;
    return carry({ kind, layer, row, col }) ?? computed;
  };
  const batch = spec.inputs.length;
  const last = spec.layers.length - 1;
  const activations: Activation[] = spec.layers.map((l) => activationOf(l.activation));

  /** The forward pass; `learner` takes the learner's z and a in place of the computed ones. */
  const forward = (parameters: readonly Parameters[], learner: boolean) => {
    const z: Matrix[] = [];
    const a: Matrix[] = [];
    const zUsed: Matrix[] = [];
    const aUsed: Matrix[] = [];
    let input: Matrix = spec.inputs.map((row) => [...row]);
    spec.layers.forEach((layer, l) => {
      const { weights, bias } = parameters[l];
      const units = weights.length;
      const act = activations[l];
      const zl = zeros(batch, units);
      const al = zeros(batch, units);
      const zu = zeros(batch, units);
      const au = zeros(batch, units);
      for (let n = 0; n < batch; n++) {
        for (let j = 0; j < units; j++) {
          let s = 0;
          for (let i = 0; i < weights[j].length; i++) s += weights[j][i] * input[n][i];
          zl[n][j] = r(bias === null ? s : s + bias[j]);
          zu[n][j] = learner ? take("z", l, n, j, zl[n][j]) : zl[n][j];
        }
        if (act.kind === "softmax") {
          const out = new Float64Array(units);
          act.forwardRow(zu[n], out, 0);
          for (let j = 0; j < units; j++) al[n][j] = r(out[j]);
        } else {
          for (let j = 0; j < units; j++) al[n][j] = r(act.forward(zu[n][j], layer.alpha));
        }
        for (let j = 0; j < units; j++) au[n][j] = learner ? take("a", l, n, j, al[n][j]) : al[n][j];
      }
      z.push(zl);
      a.push(al);
      zUsed.push(zu);
      aUsed.push(au);
      input = au;
    });
    return { z, a, zUsed, aUsed };
  };

  /** The data loss, the penalty and their sum, for outputs `outputs` and weights `parameters`. */
  const lossOf = (outputs: Matrix, parameters: readonly Parameters[]) => {
    const loss = lossDefinition(spec.loss!);
    const targets = spec.targets!;
    const count = loss.count(batch, outputs[0].length);
    let total = 0;
    for (let n = 0; n < batch; n++) for (let k = 0; k < outputs[n].length; k++) total += loss.term(targets[n][k], outputs[n][k]);
    const data = r(loss.coefficient(count).value * total * (mistake.lossScale ?? 1));
    if (spec.l2 === 0) return { data, penalty: null, total: data };
    let squares = 0;
    for (const p of parameters) for (const row of p.weights) for (const w of row) squares += w * w;
    const penalty = r(spec.l2 * squares * (mistake.penaltyScale ?? 1));
    return { data, penalty, total: r(data + penalty) };
  };

  const initial: Parameters[] = spec.layers.map((l) => ({ weights: l.weights.map((row) => [...row]), bias: l.bias === null ? null : [...l.bias] }));
  const pass = forward(initial, true);
  const layers: LayerResults[] = spec.layers.map((_, l) => ({ z: pass.z[l], a: pass.a[l], delta: null, dW: null, db: null, weights: null, bias: null }));
  const result = (rest: Partial<StepResults>): StepResults => ({ loss: null, dataLoss: null, penalty: null, lossAfter: null, layers, ...rest });
  if (spec.targets === null || spec.loss === null) return result({});

  const lossValue = lossOf(pass.aUsed[last], initial);
  const loss = lossDefinition(spec.loss);
  const targets = spec.targets;
  const outputs = spec.layers[last].weights.length;
  const count = loss.count(batch, outputs);
  const gradientScale = mistake.lossGradientScale ?? 1;
  const fused = loss.fused !== undefined && loss.fused.activation === spec.layers[last].activation;
  const drops = (l: number) => mistake.dropDerivative?.includes(l) ?? false;
  const wrong = (l: number) => mistake.wrongArgument?.layers.includes(l) ?? false;

  /** δ of one sample of layer l from ∂L/∂a, with the layer's f' as the mistake takes it. */
  const applyDerivative = (l: number, upstream: number[], z: number[], a: number[]): number[] => {
    const act = activations[l];
    const alpha = spec.layers[l].alpha;
    if (drops(l)) return upstream.map((g) => r(g));
    if (act.kind === "softmax") {
      let dot = 0;
      for (let k = 0; k < a.length; k++) dot += upstream[k] * a[k];
      return a.map((ak, j) => r(ak * (upstream[j] - dot)));
    }
    return upstream.map((g, j) => {
      let derivative = act.derivative(z[j], a[j], alpha);
      if (wrong(l)) {
        derivative = mistake.wrongArgument!.form === "derivative-at-a" ? act.derivative(a[j], act.forward(a[j], alpha), alpha) : act.derivative(a[j], z[j], alpha);
      }
      return r(g * r(derivative));
    });
  };

  const rule = updateRule("sgd");
  const learningRate = spec.learningRate === null ? null : (mistake.learningRate ?? spec.learningRate);
  const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, learningRate: learningRate ?? 0, weightDecay: spec.weightDecay };
  const l2Factor = mistake.l2GradientFactor ?? 2;
  const updated: Parameters[] = initial.map((p) => ({ weights: p.weights.map((row) => [...row]), bias: p.bias === null ? null : [...p.bias] }));
  const results: { delta: Matrix; dW: Matrix; db: number[] | null; weights: Matrix | null; bias: number[] | null }[] = [];

  let deltaAbove: Matrix = [];
  for (let l = last; l >= 0; l--) {
    const layer = spec.layers[l];
    const units = layer.weights.length;
    const inputs = layer.weights[0].length;
    const z = pass.zUsed[l];
    const a = pass.aUsed[l];
    const delta = zeros(batch, units);
    for (let n = 0; n < batch; n++) {
      let row: number[];
      if (l === last) {
        if (fused && !drops(l) && !wrong(l)) {
          row = a[n].map((ak, k) => r(loss.fused!.delta(ak, targets[n][k], count) * gradientScale));
        } else {
          const upstream = a[n].map((ak, k) => r(loss.gradient(ak, targets[n][k], count) * gradientScale));
          row = applyDerivative(l, upstream, z[n], a[n]);
        }
      } else {
        const through = mistake.backpropagateUpdatedWeights ? updated[l + 1].weights : spec.layers[l + 1].weights;
        const upstream = new Array<number>(units).fill(0).map((_, i) => {
          let s = 0;
          for (let j = 0; j < through.length; j++) s += through[j][i] * deltaAbove[n][j];
          return r(s);
        });
        row = applyDerivative(l, upstream, z[n], a[n]);
      }
      delta[n] = row;
    }
    const deltaUsed = delta.map((row, n) => row.map((d, j) => take("delta", l, n, j, d)));
    const input = l === 0 ? spec.inputs : pass.aUsed[l - 1];
    const dW = zeros(units, inputs);
    const dWUsed = zeros(units, inputs);
    for (let j = 0; j < units; j++) {
      for (let i = 0; i < inputs; i++) {
        let s = 0;
        for (let n = 0; n < batch; n++) s += deltaUsed[n][j] * input[n][i];
        dW[j][i] = r(spec.l2 > 0 ? l2Factor * spec.l2 * layer.weights[j][i] + s : s);
        dWUsed[j][i] = take("dW", l, j, i, dW[j][i]);
      }
    }
    let db: number[] | null = null;
    let dbUsed: number[] | null = null;
    if (layer.bias !== null) {
      db = new Array<number>(units).fill(0).map((_, j) => {
        let s = 0;
        for (let n = 0; n < batch; n++) s += deltaUsed[n][j];
        return r(s);
      });
      dbUsed = db.map((g, j) => take("db", l, 0, j, g));
    }
    let newWeights: Matrix | null = null;
    let newBias: number[] | null = null;
    if (learningRate !== null) {
      newWeights = layer.weights.map((row, j) => row.map((w, i) => r(rule.step(w, dWUsed[j][i], [], j * inputs + i, hyperparameters, 1))));
      updated[l].weights = newWeights.map((row, j) => row.map((w, i) => take("weights", l, j, i, w)));
      if (layer.bias !== null) {
        const biasHyperparameters = { ...hyperparameters, weightDecay: 0 };
        newBias = layer.bias.map((b, j) => (layer.trainBias ? r(rule.step(b, dbUsed![j], [], j, biasHyperparameters, 1)) : b));
        updated[l].bias = newBias.map((b, j) => take("bias", l, 0, j, b));
      }
    }
    results[l] = { delta, dW, db, weights: newWeights, bias: newBias };
    deltaAbove = deltaUsed;
  }

  results.forEach((x, l) => (layers[l] = { ...layers[l], ...x }));
  let lossAfter: number | null = null;
  if (learningRate !== null) {
    const after = forward(updated, false);
    lossAfter = lossOf(after.a[last], updated).total;
  }
  return result({ loss: lossValue.total, dataLoss: lossValue.data, penalty: lossValue.penalty, lossAfter });
}
