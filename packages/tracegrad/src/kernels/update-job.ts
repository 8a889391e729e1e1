/**
 * One update of a parameter by gemm.wat's `update_*` functions, as a job: the rule, where the
 * parameter's values, gradient and state lie (byte addresses), and the rule's numbers. One function
 * runs a range of its elements; the optimizer's update (wasm-update.ts) runs all of them on the calling
 * thread, the threaded kernel (threads.ts) a block at a time (its workers run the same calls, written
 * out in worker-source.ts).
 *
 * @module
 */
import type { GemmExports } from "./wasm-module.js";
import type { UpdateRuleCode } from "./worker-source.js";

/** An update of `count` elements with the rule's numbers: η, λ, then the rule's own (μ; ρ, ε; β₁, β₂, ε, 1 - β₁ᵗ, 1 - β₂ᵗ). */
export interface UpdateJob {
  readonly rule: keyof typeof UpdateRuleCode;
  readonly f64: boolean;
  readonly w: number;
  readonly g: number;
  readonly s0: number;
  readonly s1: number;
  readonly count: number;
  readonly nesterov: boolean;
  readonly constants: readonly number[];
}

/** Updates elements `from` .. `from + n` of the job's parameter; returns their largest change, or -1 after a NaN. */
export function updateRange(e: GemmExports, job: UpdateJob, from: number, n: number): number {
  const f32 = job.f64 ? 0 : 1;
  const o = from * (job.f64 ? 8 : 4);
  const [eta, lambda, c0, c1, c2, c3, c4] = job.constants;
  switch (job.rule) {
    case "sgd":
      return e.update_sgd(job.w + o, job.g + o, n, f32, eta, lambda);
    case "momentum":
      return e.update_momentum(job.w + o, job.g + o, job.s0 + o, n, f32, eta, lambda, c0, job.nesterov ? 1 : 0);
    case "rmsprop":
      return e.update_rmsprop(job.w + o, job.g + o, job.s0 + o, n, f32, eta, lambda, c0, c1);
    case "adam":
      return e.update_adam(job.w + o, job.g + o, job.s0 + o, job.s1 + o, n, f32, eta, lambda, c0, c1, c2, c3, c4);
  }
}
