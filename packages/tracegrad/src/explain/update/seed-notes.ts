/**
 * Seed 004, exercise 6 mixes two conventions: it adds the penalty λΣW² to the loss but updates with
 * λW, which is the gradient of (λ/2)ΣW²; and it takes η = 0.1 without stating it. The notes say so
 * with the numbers of both conventions, each run on the engine.
 *
 * @module
 */
import { l2Penalty } from "../../engine/ops/penalty.js";
import { Tape } from "../../engine/tape.js";
import { Tensor } from "../../engine/tensor.js";
import { formatNumber } from "../../common/format-number.js";
import type { UpdateProblem, UpdateRun } from "./run-update.js";
import { finalWeights, problemConvention, runUpdate } from "./run-update.js";

/** Seed 004, exercise 6: W, the example gradient, λ. */
export const SEED_004_EXERCISE_6 = { weights: [1, -2, 0.5], gradient: [0.1, -0.4, 0.2], lambda: 0.01 } as const;

/** Whether a problem is seed 004's exercise 6 (one plain gradient-descent step of its W, gradient and λ). */
export function isSeed004Exercise6(problem: UpdateProblem): boolean {
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  const lambda = problem.l2 ?? problem.weightDecay;
  return (
    (problem.optimizer ?? "sgd") === "sgd" &&
    (problem.steps ?? 1) === 1 &&
    problem.gradients.length === 1 &&
    same(problem.weights, SEED_004_EXERCISE_6.weights) &&
    same(problem.gradients[0], SEED_004_EXERCISE_6.gradient) &&
    lambda === SEED_004_EXERCISE_6.lambda &&
    problemConvention(problem) !== "none"
  );
}

/** λΣw² of weights, by the penalty operation. */
function penalty(weights: readonly number[], lambda: number): number {
  return l2Penalty(new Tape(), [Tensor.fromVector([...weights])], lambda).item();
}

/** The notes on the seed's mixed conventions. */
export function seed004RegularizationNotes(problem: UpdateProblem, runs: readonly UpdateRun[], precision: number): string[] {
  if (!isSeed004Exercise6(problem)) return [];
  const f = (x: number) => formatNumber(x, precision);
  const list = (ws: number[]) => `[${ws.map(f).join(", ")}]`;
  const lambda = SEED_004_EXERCISE_6.lambda;
  const byConvention = (c: "l2" | "weight-decay") => runs.find((r) => r.convention === c) ?? runUpdate(problem, c, lambda);
  const l2 = finalWeights(byConvention("l2"));
  const decay = finalWeights(byConvention("weight-decay"));
  const notes = [
    `Seed 004, exercise 6 mixes two conventions. It adds the penalty λΣW² = ${f(penalty(problem.weights, lambda))} to the loss, whose gradient is 2λW, which gives W_new = ${list(l2)} (--l2 ${lambda}); but it updates with λW, the gradient of (λ/2)ΣW² = ${f(penalty(problem.weights, lambda / 2))}, which gives its answer ${list(decay)} (--weight-decay ${lambda}).`,
  ];
  if (problem.learningRate === 0.1) notes.push("The seed takes η = 0.1 without stating it.");
  return notes;
}
