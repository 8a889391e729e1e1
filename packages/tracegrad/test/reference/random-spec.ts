/** fast-check generators of random step specs, in the interchange format. */
import fc from "fast-check";
import type { RefActivation, RefLoss, RefSpec } from "./dense-network.js";

const HIDDEN: RefActivation[] = ["identity", "sigmoid", "tanh", "relu", "leaky-relu", "gaussian"];
const value = fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true });

function matrix(rows: number, cols: number) {
  return fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
}

/** A random network of 1–4 layers, any activations and loss, a batch of 1–4, optional biases, L2, decay. */
export const randomSpec: fc.Arbitrary<RefSpec> = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 }),
    batch: fc.integer({ min: 1, max: 4 }),
    loss: fc.constantFrom<RefLoss>("half-sse", "mse", "bce", "cross-entropy"),
    hidden: fc.array(fc.constantFrom(...HIDDEN), { minLength: 4, maxLength: 4 }),
    outputActivation: fc.constantFrom(...HIDDEN),
    biases: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    frozen: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    alpha: fc.double({ min: 0.001, max: 0.3, noNaN: true }),
    learningRate: fc.double({ min: 0.001, max: 2, noNaN: true }),
    l2: fc.oneof(fc.constant(0), fc.double({ min: 0.0001, max: 0.1, noNaN: true })),
    weightDecay: fc.oneof(fc.constant(0), fc.double({ min: 0.0001, max: 0.1, noNaN: true })),
    seed: fc.integer(),
  })
  .chain((r) => {
    const layers = r.sizes.length - 1;
    const outputs = r.sizes[layers];
    const output: RefActivation = r.loss === "cross-entropy" ? "softmax" : r.loss === "bce" ? "sigmoid" : r.outputActivation;
    return fc.record({
      inputs: matrix(r.batch, r.sizes[0]),
      targets:
        r.loss === "cross-entropy"
          ? fc.array(fc.integer({ min: 0, max: outputs - 1 }), { minLength: r.batch, maxLength: r.batch }).map((ks) => ks.map((k) => Array.from({ length: outputs }, (_, j) => (j === k ? 1 : 0))))
          : r.loss === "bce"
            ? fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: outputs, maxLength: outputs }), { minLength: r.batch, maxLength: r.batch })
            : matrix(r.batch, outputs),
      weights: fc.tuple(...Array.from({ length: layers }, (_, l) => matrix(r.sizes[l + 1], r.sizes[l]))),
      bias: fc.tuple(...Array.from({ length: layers }, (_, l) => fc.array(value, { minLength: r.sizes[l + 1], maxLength: r.sizes[l + 1] }))),
    }).map(({ inputs, targets, weights, bias }) => ({
      inputs,
      targets,
      loss: r.loss,
      learningRate: r.learningRate,
      ...(r.l2 > 0 ? { l2: r.l2 } : {}),
      ...(r.weightDecay > 0 ? { weightDecay: r.weightDecay } : {}),
      layers: weights.map((w, l) => ({
        activation: l === layers - 1 ? output : r.hidden[l],
        ...((l === layers - 1 ? output : r.hidden[l]) === "leaky-relu" ? { alpha: r.alpha } : {}),
        weights: w,
        bias: r.biases[l] ? bias[l] : null,
        ...(r.biases[l] && r.frozen[l] ? { trainBias: false } : {}),
      })),
    }));
  });
