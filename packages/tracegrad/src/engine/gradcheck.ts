/**
 * Gradient checking: compares analytic gradients with central differences,
 * (L(w + ε) - L(w - ε)) / 2ε, one parameter at a time.
 *
 * The relative error is |a - n| / max(|a|, |n|, 1e-8), and 0 when both are 0 (a dead ReLU's weights).
 *
 * @module
 */

/**
 * The settings of a gradient check.
 *
 * @category Worked solutions
 */
export interface GradientCheckOptions {
  /** ε of the central difference (1e-4 by default, as the Neural Networks Exercises use). */
  readonly epsilon?: number;
  /** The largest relative error that passes (1e-6 by default). */
  readonly tolerance?: number;
}

/** @category Worked solutions */
export interface ParameterCheck {
  /** Which parameter array. */
  readonly group: number;
  /** Which element of it. */
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  /** L(w + ε). */
  readonly lossPlus: number;
  /** L(w - ε). */
  readonly lossMinus: number;
  readonly relativeError: number;
  readonly ok: boolean;
}

export interface GradientCheck {
  readonly epsilon: number;
  readonly tolerance: number;
  readonly parameters: readonly ParameterCheck[];
  /** Whether every relative error is within the tolerance. */
  readonly ok: boolean;
  readonly maxRelativeError: number;
}

export const DEFAULT_EPSILON = 1e-4;
export const DEFAULT_TOLERANCE = 1e-6;

/** |a - n| / max(|a|, |n|, 1e-8), or 0 when both are 0. */
export function relativeError(analytic: number, numeric: number): number {
  if (analytic === 0 && numeric === 0) return 0;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-8);
}

/**
 * Checks `analytic[g][i]` against the central difference of `loss` in `parameters[g][i]`. The
 * parameter arrays are perturbed in place and restored exactly.
 */
export function checkGradients(
  parameters: readonly Float64Array[],
  analytic: readonly (ArrayLike<number>)[],
  loss: () => number,
  options: GradientCheckOptions = {},
): GradientCheck {
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const checks: ParameterCheck[] = [];
  parameters.forEach((p, group) => {
    for (let index = 0; index < p.length; index++) {
      const original = p[index];
      p[index] = original + epsilon;
      const lossPlus = loss();
      p[index] = original - epsilon;
      const lossMinus = loss();
      p[index] = original;
      const numeric = (lossPlus - lossMinus) / (2 * epsilon);
      const a = analytic[group][index];
      const error = relativeError(a, numeric);
      checks.push({ group, index, analytic: a, numeric, lossPlus, lossMinus, relativeError: error, ok: error <= tolerance });
    }
  });
  return {
    epsilon,
    tolerance,
    parameters: checks,
    ok: checks.every((c) => c.ok),
    maxRelativeError: checks.reduce((m, c) => Math.max(m, c.relativeError), 0),
  };
}
