/**
 * Several steps of gradient descent in a row as one computation to grade (`tracegrad check` of answers
 * that name a step: `step2.w1` is w1 after the second update, a bare `w1` w1 after the first): each
 * step's own computation (`step-computation.ts`), its quantities under `steps[k].` and its names under
 * `stepK.`; a mistake is made in every step at once, each step recomputed from its own exact start.
 *
 * @module
 */
import { didYouMean } from "../common/did-you-mean.js";
import type { StepRecord } from "../step/run-step.js";
import type { Computation, GradedQuantity, Mistake, SimulationSettings, Values } from "./computation.js";
import type { StepRules } from "./simulate-step.js";
import { stepComputation } from "./step-computation.js";
import type { StepComputation } from "./step-computation.js";

/** Several steps as one computation, with each composite quantity's step and its own quantity. */
export interface StepsComputation extends Computation<StepRules> {
  readonly parts: readonly StepComputation[];
  /** The step (from 0) and that step's own quantity of a composite path. */
  partOf(path: string): { readonly step: number; readonly quantity: GradedQuantity };
}

const prefix = (k: number, path: string) => `steps[${k}].${path}`;

function split(path: string): [number, string] {
  const m = /^steps\[(\d+)\]\.(.*)$/.exec(path);
  if (m === null) throw new Error(`not a path of a step: ${path}`);
  return [Number(m[1]), m[2]];
}

/** The records of steps in a row as one computation. */
export function stepsComputation(records: readonly StepRecord[]): StepsComputation {
  const parts = records.map(stepComputation);
  const own = new Map<string, { step: number; quantity: GradedQuantity }>();
  const quantities: GradedQuantity[] = [];
  parts.forEach((c, k) => {
    for (const q of c.quantities) {
      const path = prefix(k, q.path);
      own.set(path, { step: k, quantity: q });
      quantities.push({
        ...q,
        path,
        key: `step${k + 1}.${q.key}`,
        symbol: k === 0 ? q.symbol : `${q.symbol} (step ${k + 1})`,
        family: q.family === null ? null : `${k}:${q.family}`,
        ...(q.gradientPath !== undefined ? { gradientPath: prefix(k, q.gradientPath) } : {}),
        ...(q.updatedPath !== undefined ? { updatedPath: prefix(k, q.updatedPath) } : {}),
      });
    }
  });
  const of = (path: string) => {
    const found = own.get(path);
    if (found === undefined) throw new Error(`no quantity at ${path}`);
    return found;
  };
  const simulate = (mistakes: readonly Mistake<StepRules>[], settings: SimulationSettings): Values => {
    const values = parts.map((c, k) => {
      const mapped = mistakes.map((m) => c.mistakes.find((x) => x.id === m.id)).filter((m): m is Mistake<StepRules> => m !== undefined);
      if (mapped.length < mistakes.length) return () => Number.NaN;
      const carry = settings.carry;
      return c.simulate(mapped, { ...settings, ...(carry !== undefined ? { carry: (p: string) => carry(prefix(k, p)) } : {}) });
    });
    return (path) => {
      const [k, rest] = split(path);
      return values[k](rest);
    };
  };
  return {
    parts,
    partOf: of,
    quantities,
    asked: parts.flatMap((c, k) => c.asked.map((p) => prefix(k, p))),
    exact: (path) => {
      const [k, rest] = split(path);
      return parts[k].exact(rest);
    },
    dependencies: (path) => {
      const [k, rest] = split(path);
      return parts[k].dependencies(rest).map((p) => prefix(k, p));
    },
    mistakes: parts[0].mistakes,
    pairs: parts[0].pairs,
    simulate,
    names(q) {
      const { step, quantity } = of(q.path);
      const names = parts[step].names(quantity).map((n) => `step${step + 1}.${n}`);
      // A bare name is the first step's, as for one step alone.
      return step === 0 ? [...names, ...parts[0].names(quantity)] : names;
    },
    unknownName(key, known) {
      const m = /^step(\d+)\./.exec(key);
      if (m !== null && (Number(m[1]) < 1 || Number(m[1]) > parts.length)) return `"${key}" names step ${m[1]}, but there ${parts.length === 1 ? "is 1 step" : `are ${parts.length} steps`}`;
      return `unknown quantity "${key}"${didYouMean(key, known)}; answers are named as for one step, with stepN. before a name of step N (step2.w1: w1 after the second update)`;
    },
  };
}
