/**
 * The step simulator of the grading: one gradient-descent step of a spec computed with the dense
 * kernel of `engine/dense/` (the very functions the tape's operations call, in the same order, so
 * that with no rule changed its numbers are the engine's bit for bit), under a set of
 * {@link StepRules}. A learner's mistake is a rule changed (see `mistake-table.ts`): the count the
 * loss averages over, the sign of ∂L/∂a, f'(z) as the learner takes it, the weights δ goes back
 * through, the learning rate. Nothing here computes a step a second way.
 *
 * Two more knobs serve the diagnoses that look at a learner's own working:
 * - `carry`: the learner's values, used in place of the computed ones for what comes after them, so
 *   that a value computed from the learner's earlier values can be recognised;
 * - `round`: every intermediate value rounded to a number of significant digits (or decimal places),
 *   as a learner who writes down 3 digits and carries on with them gets.
 *
 * The results report, for each quantity, the value computed from what came before it (before the
 * learner's own value took its place).
 *
 * @module
 */
import { activation as activationOf } from "../engine/activations.js";
import type { Activation } from "../engine/activations.js";
import { activationBackward, activationForward } from "../engine/dense/activation.js";
import { l2Gradient, l2PenaltyValue } from "../engine/dense/l2.js";
import { fusedDelta, fusedWith, lossGradient, lossTermSum, lossValue } from "../engine/dense/loss-head.js";
import { biasGradient, denseForward, inputGradient, weightGradient } from "../engine/dense/product.js";
import type { DenseSizes } from "../engine/dense/product.js";
import { lossDefinition } from "../engine/losses.js";
import type { LossDefinition } from "../engine/losses.js";
import { DEFAULT_HYPERPARAMETERS, updateRule } from "../engine/update-rules.js";
import { roundTo } from "../common/format-number.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import type { LayerResults, StepResults } from "../step/results.js";
import type { QuantityKind, QuantityRef } from "../step/quantities.js";

/** f'(z) as a learner takes it, element by element, from z, a = f(z) and α. */
export type DerivativeRule = (act: Activation, z: number, a: number, alpha: number) => number;

/** The rules a step is computed with; every rule left out is the kernel's own. */
export interface StepRules {
  /** The count n that the loss divides by (its value and its gradient), from the batch N and the outputs K. */
  readonly count?: (loss: LossDefinition, batch: number, outputs: number) => number;
  /** Multiplies the value of the data loss. */
  readonly lossScale?: number;
  /** Multiplies ∂L/∂a of the data loss, or the fused δ. */
  readonly lossGradientScale?: number;
  /** Multiplies the L2 penalty λΣw². */
  readonly penaltyScale?: number;
  /** Multiplies the L2 gradient 2λw. */
  readonly l2GradientScale?: number;
  /**
   * f'(z) of a layer as the learner takes it (undefined for the activation's own). A layer with a rule
   * is differentiated apart from the loss even where the two are fused; for softmax, the only rule is
   * leaving f' out (δ = ∂L/∂a).
   */
  readonly derivative?: (layer: number) => DerivativeRule | undefined;
  /**
   * The weights δ goes back through to the layer below: the updated ones (the update made before the
   * backward pass is over), or W itself instead of Wᵀ (square layers only).
   */
  readonly backpropagation?: "updated-weights" | "transposed-weights";
  /** ∂L/∂w_ji = Σ_n δ_j·a_j: the unit's own output in place of its input a_i. */
  readonly weightGradientFactor?: "own-output";
  /** ∂L/∂W and ∂L/∂b from this sample of the batch alone instead of the sum over the batch. */
  readonly gradientSample?: number;
  /** The learning rate the update uses, given the spec's η (1 leaves η out; -η adds the gradient). */
  readonly learningRate?: (eta: number) => number;
}

/** What to recompute the step with. */
export interface SimulationOptions {
  readonly rules?: StepRules;
  /** The learner's value of a quantity, used downstream in place of the computed one. */
  readonly carry?: (ref: QuantityRef) => number | undefined;
  /** Rounds every intermediate value to this many significant digits (or, with `decimals`, decimal places). */
  readonly round?: number;
  /** Round to `round` decimal places rather than significant digits. */
  readonly decimals?: boolean;
}

interface Parameters {
  weights: Float64Array;
  bias: Float64Array | null;
}

function rows(data: ArrayLike<number>, count: number, cols: number): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: cols }, (_, c) => data[r * cols + c]));
}

/** Simulates one step of a spec under a learner's rules, with the learner's values carried, or rounded. */
export function simulateStep(spec: StepSpec, options: SimulationOptions = {}): StepResults {
  const rules = options.rules ?? {};
  const round = options.round;
  const scale = round === undefined ? 1 : Math.pow(10, round);
  const r = (x: number) => (round === undefined || !Number.isFinite(x) ? x : options.decimals ? Math.round(x * scale) / scale : roundTo(x, round));
  const rounded = (x: Float64Array): Float64Array => {
    if (round !== undefined) for (let k = 0; k < x.length; k++) x[k] = r(x[k]);
    return x;
  };
  const carry = options.carry;
  /** The values used downstream: the learner's where carried, else the computed ones. */
  const used = (kind: QuantityKind, layer: number, computed: Float64Array, cols: number, vector = false): Float64Array => {
    if (carry === undefined) return computed;
    const out = Float64Array.from(computed);
    for (let k = 0; k < out.length; k++) {
      const given = carry({ kind, layer, row: vector ? 0 : Math.floor(k / cols), col: k % cols });
      if (given !== undefined) out[k] = given;
    }
    return out;
  };
  const batch = spec.inputs.length;
  const last = spec.layers.length - 1;
  const activations: Activation[] = spec.layers.map((l) => activationOf(l.activation));
  const sizes: DenseSizes[] = spec.layers.map((l) => ({ batch, inputs: l.weights[0].length, units: l.weights.length }));
  const inputs = Float64Array.from(spec.inputs.flat());

  /** The forward pass; `learner` takes the learner's z and a in place of the computed ones. */
  const forward = (parameters: readonly Parameters[], learner: boolean) => {
    const z: Float64Array[] = [];
    const a: Float64Array[] = [];
    const zUsed: Float64Array[] = [];
    const aUsed: Float64Array[] = [];
    let x: Float64Array<ArrayBufferLike> = inputs;
    spec.layers.forEach((layer, l) => {
      const { units } = sizes[l];
      const zl = new Float64Array(batch * units);
      denseForward(x, parameters[l].weights, parameters[l].bias, zl, sizes[l]);
      rounded(zl);
      const zu = learner ? used("z", l, zl, units) : zl;
      const al = new Float64Array(batch * units);
      activationForward(activations[l], layer.alpha, zu, al, batch, units);
      rounded(al);
      const au = learner ? used("a", l, al, units) : al;
      z.push(zl);
      a.push(al);
      zUsed.push(zu);
      aUsed.push(au);
      x = au;
    });
    return { z, a, zUsed, aUsed };
  };

  const outputs = sizes[last].units;
  const loss = spec.loss === null ? null : lossDefinition(spec.loss);
  const fused = loss === null ? null : fusedWith(loss, spec.layers[last].activation);
  const count = loss === null ? 1 : (rules.count?.(loss, batch, outputs) ?? loss.count(batch, outputs));
  const targets = spec.targets === null ? null : Float64Array.from(spec.targets.flat());

  /** The data loss, the penalty and their sum, for a forward pass with weights `parameters`; null where the loss is not defined. */
  const lossOf = (pass: { zUsed: Float64Array[]; aUsed: Float64Array[] }, parameters: readonly Parameters[], learner: boolean) => {
    const z = pass.zUsed[last];
    const a = pass.aUsed[last];
    // bce on outputs outside (0, 1) has no value, as in the engine (a fused sigmoid output takes it from z).
    if (spec.loss === "bce" && fused === null && !a.every((y) => y > 0 && y < 1)) return null;
    // A learner's own outputs give the loss a learner computes from them, not from z.
    const fromLogits = learner && carry !== undefined && a.some((_, k) => carry({ kind: "a", layer: last, row: Math.floor(k / outputs), col: k % outputs }) !== undefined) ? null : fused;
    const data = r(lossValue(loss!, lossTermSum(loss!, fromLogits, z, a, targets!, batch, outputs), count) * (rules.lossScale ?? 1));
    if (spec.l2 === 0) return { data, penalty: null, total: data };
    const penalty = r(l2PenaltyValue(spec.l2, parameters.map((p) => p.weights)) * (rules.penaltyScale ?? 1));
    return { data, penalty, total: r(data + penalty) };
  };

  const initial: Parameters[] = spec.layers.map((l) => ({ weights: Float64Array.from(l.weights.flat()), bias: l.bias === null ? null : Float64Array.from(l.bias) }));
  const pass = forward(initial, true);
  const layers: LayerResults[] = spec.layers.map((_, l) => ({
    z: rows(pass.z[l], batch, sizes[l].units),
    a: rows(pass.a[l], batch, sizes[l].units),
    delta: null,
    dW: null,
    db: null,
    weights: null,
    bias: null,
  }));
  const result = (rest: Partial<StepResults>): StepResults => ({ loss: null, dataLoss: null, penalty: null, lossAfter: null, layers, ...rest });
  if (loss === null || targets === null) return result({});

  const lossValues = lossOf(pass, initial, true);
  const gradientScale = rules.lossGradientScale ?? 1;

  /** δ of layer l from ∂L/∂a (upstream), with f' as the rules take it. */
  const applyDerivative = (l: number, upstream: Float64Array, z: Float64Array, a: Float64Array): Float64Array => {
    const act = activations[l];
    const alpha = spec.layers[l].alpha;
    const delta = new Float64Array(upstream.length);
    const rule = rules.derivative?.(l);
    if (rule === undefined && round === undefined) {
      activationBackward(act, alpha, z, a, upstream, delta, batch, sizes[l].units);
      return delta;
    }
    if (act.kind === "softmax") {
      if (rule !== undefined) delta.set(upstream); // the only slip with softmax: its Jacobian left out
      else activationBackward(act, alpha, z, a, upstream, delta, batch, sizes[l].units);
      return rounded(delta);
    }
    const derivative = rule ?? ((f: Activation, zk: number, ak: number, al: number) => (f.kind === "elementwise" ? f.derivative(zk, ak, al) : Number.NaN));
    for (let k = 0; k < delta.length; k++) delta[k] = r(upstream[k] * r(derivative(act, z[k], a[k], alpha)));
    return delta;
  };

  const sgd = updateRule("sgd");
  const learningRate = spec.learningRate === null ? null : (rules.learningRate?.(spec.learningRate) ?? spec.learningRate);
  const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, learningRate: learningRate ?? 0, weightDecay: spec.weightDecay };
  const biasHyperparameters = { ...hyperparameters, weightDecay: 0 };
  const updated: Parameters[] = initial.map((p) => ({ weights: Float64Array.from(p.weights), bias: p.bias === null ? null : Float64Array.from(p.bias) }));
  const computed: Partial<LayerResults>[] = [];

  let deltaAbove: Float64Array<ArrayBufferLike> = new Float64Array(0);
  for (let l = last; l >= 0; l--) {
    const layer = spec.layers[l];
    const { units, inputs: width } = sizes[l];
    const z = pass.zUsed[l];
    const a = pass.aUsed[l];
    let delta: Float64Array;
    if (l === last) {
      const upstream = new Float64Array(batch * units);
      if (fused !== null && rules.derivative?.(l) === undefined) {
        fusedDelta(fused, a, targets, upstream, count, upstream.length);
        for (let k = 0; k < upstream.length; k++) upstream[k] = r(upstream[k] * gradientScale);
        delta = upstream;
      } else {
        lossGradient(loss, a, targets, upstream, count, upstream.length);
        for (let k = 0; k < upstream.length; k++) upstream[k] = r(upstream[k] * gradientScale);
        delta = applyDerivative(l, upstream, z, a);
      }
    } else {
      const above = sizes[l + 1];
      let through = rules.backpropagation === "updated-weights" ? updated[l + 1].weights : initial[l + 1].weights;
      if (rules.backpropagation === "transposed-weights" && above.units === above.inputs) {
        const w = through;
        through = new Float64Array(w.length);
        for (let j = 0; j < above.units; j++) for (let i = 0; i < above.inputs; i++) through[j * above.inputs + i] = w[i * above.inputs + j];
      }
      const upstream = new Float64Array(batch * units);
      inputGradient(deltaAbove, through, upstream, above);
      delta = applyDerivative(l, rounded(upstream), z, a);
    }
    const deltaUsed = used("delta", l, delta, units);
    const x = l === 0 ? inputs : pass.aUsed[l - 1];
    const gradientSizes = rules.gradientSample === undefined ? sizes[l] : { ...sizes[l], batch: 1 };
    const sample = rules.gradientSample ?? 0;
    const deltaRows = deltaUsed.subarray(sample * units, (sample + gradientSizes.batch) * units);
    const dW = new Float64Array(units * width);
    if (rules.weightGradientFactor === "own-output") {
      const own = a.subarray(sample * units, (sample + gradientSizes.batch) * units);
      for (let j = 0; j < units; j++) {
        let s = 0;
        for (let n = 0; n < gradientSizes.batch; n++) s += deltaRows[n * units + j] * own[n * units + j];
        dW.fill(s, j * width, (j + 1) * width);
      }
    } else {
      weightGradient(deltaRows, x.subarray(sample * width, (sample + gradientSizes.batch) * width), dW, gradientSizes);
    }
    if (spec.l2 > 0) {
      const w = initial[l].weights;
      const scale = rules.l2GradientScale ?? 1;
      for (let k = 0; k < dW.length; k++) dW[k] = l2Gradient(spec.l2, w[k]) * scale + dW[k];
    }
    rounded(dW);
    const dWUsed = used("dW", l, dW, width);
    let db: Float64Array | null = null;
    let dbUsed: Float64Array | null = null;
    if (layer.bias !== null) {
      db = new Float64Array(units);
      biasGradient(deltaRows, db, gradientSizes);
      rounded(db);
      dbUsed = used("db", l, db, units, true);
    }
    let newWeights: Float64Array | null = null;
    let newBias: Float64Array | null = null;
    if (learningRate !== null) {
      const w = initial[l].weights;
      newWeights = rounded(w.map((wk, k) => sgd.step(wk, dWUsed[k], [], k, hyperparameters, 1)));
      updated[l].weights = used("weights", l, newWeights, width);
      if (layer.bias !== null) {
        const b = initial[l].bias!;
        newBias = rounded(b.map((bk, j) => (layer.trainBias ? sgd.step(bk, dbUsed![j], [], j, biasHyperparameters, 1) : bk)));
        updated[l].bias = used("bias", l, newBias, units, true);
      }
    }
    computed[l] = {
      delta: rows(delta, batch, units),
      dW: rows(dW, units, width),
      db: db === null ? null : Array.from(db),
      weights: newWeights === null ? null : rows(newWeights, units, width),
      bias: newBias === null ? null : Array.from(newBias),
    };
    deltaAbove = deltaUsed;
  }

  computed.forEach((x, l) => (layers[l] = { ...layers[l], ...x }));
  const lossAfter = learningRate === null ? null : (lossOf(forward(updated, false), updated, false)?.total ?? null);
  return result({ loss: lossValues?.total ?? null, dataLoss: lossValues?.data ?? null, penalty: lossValues?.penalty ?? null, lossAfter });
}
