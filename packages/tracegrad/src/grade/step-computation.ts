/**
 * One step of backpropagation as a computation to grade: its quantities (every z, a and δ, the loss,
 * every gradient and new value, the loss after the update), their exact values off the step's tapes,
 * what each is computed from (`dependencies.ts`), the mistakes of `mistake-table.ts` with their words
 * (`step-words.ts`), and the step simulator (`simulate-step.ts`, the dense kernel the tape computes
 * with) that recomputes the step under them.
 *
 * @module
 */
import { didYouMean } from "../common/did-you-mean.js";
import type { StepRecord } from "../step/run-step.js";
import { stepResults } from "../step/results.js";
import type { StepResults } from "../step/results.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import type { Quantity, QuantityRef } from "../step/quantities.js";
import { askedQuantities, listQuantities, quantityPath, resultValue } from "../step/quantities.js";
import { stepAnswerNames } from "./answer-names.js";
import type { Computation, GradedQuantity, Mistake, SimulationSettings, Values } from "./computation.js";
import { dependencies } from "./dependencies.js";
import { combinedRules, mistakePairs, mistakeTable } from "./mistake-table.js";
import type { Mistake as StepMistake } from "./mistake-table.js";
import { namesOfComputation } from "./read-answers.js";
import { simulateStep } from "./simulate-step.js";
import type { StepRules } from "./simulate-step.js";
import { stepJsonAnswers } from "./step-answers.js";
import { connection, gradientOf, lossGradientWords, mistakeWords, slipPhrase } from "./step-words.js";

/** A step as a computation to grade, with the step's own quantities and record beside. */
export interface StepComputation extends Computation<StepRules> {
  readonly record: StepRecord;
  readonly spec: StepSpec;
  /** The step's quantity at a path. */
  quantity(path: string): Quantity;
  /** The step's mistake a generic one stands for. */
  stepMistake(mistake: Mistake<StepRules>): StepMistake;
}

/** The family of a per-layer quantity: its kind and layer (a swap exchanges two of them). */
function familyOf(q: Quantity): string | null {
  return q.layer < 0 ? null : `${q.kind}:${q.layer}`;
}

/** A step's quantity as the grading sees it; `loss` is the loss before the update. */
function graded(spec: StepSpec, q: Quantity, loss: number | null): GradedQuantity {
  const before = q.kind === "weights" ? spec.layers[q.layer].weights[q.row][q.col] : q.kind === "bias" ? spec.layers[q.layer].bias![q.col] : q.kind === "lossAfter" ? loss : null;
  const gradientPath = q.kind === "weights" || q.kind === "bias" ? quantityPath({ kind: q.kind === "weights" ? "dW" : "db", layer: q.layer, row: q.row, col: q.col }) : undefined;
  const updatedPath = q.kind === "dW" || q.kind === "db" ? quantityPath({ kind: q.kind === "dW" ? "weights" : "bias", layer: q.layer, row: q.row, col: q.col }) : undefined;
  const words = {
    ...(q.kind === "weights" || q.kind === "bias" ? { update: `${q.name} ← ${q.name} - η·${gradientOf(spec, q)}` } : {}),
    ...(q.kind === "lossAfter" ? { notUpdated: "This is the loss before the update; the loss after it comes from a new forward pass with the updated weights." } : {}),
    ...(q.kind === "dW" || q.kind === "weights" ? { where: connection(spec, q) } : {}),
    ...((q.kind === "delta" || q.kind === "dW" || q.kind === "db") && spec.loss !== null
      ? { negated: `The gradient of the loss with respect to the output is ∂${spec.names.loss}/∂a = ${lossGradientWords(spec)}, not its negative.` }
      : {}),
  };
  return {
    path: q.path,
    name: q.name,
    key: q.key,
    symbol: q.symbol,
    section: q.section,
    family: familyOf(q),
    before,
    ...(gradientPath !== undefined ? { gradientPath } : {}),
    ...(updatedPath !== undefined ? { updatedPath } : {}),
    words,
  };
}

/** The values of a step's numbers by path. */
function valuesOf(results: StepResults, refs: ReadonlyMap<string, QuantityRef>): Values {
  return (path) => {
    const ref = refs.get(path);
    return ref === undefined ? Number.NaN : resultValue(results, ref);
  };
}

/** A recorded step as a computation to grade. */
export function stepComputation(record: StepRecord): StepComputation {
  const spec = record.spec;
  const stepQuantities = listQuantities(spec);
  const byPath = new Map(stepQuantities.map((q) => [q.path, q]));
  const results = stepResults(record);
  const quantities = stepQuantities.map((q) => graded(spec, q, results.loss));
  const exact = valuesOf(results, byPath);
  const table = mistakeTable(spec);
  const generic = new Map<StepMistake, Mistake<StepRules>>();
  const back = new Map<Mistake<StepRules>, StepMistake>();
  for (const m of table) {
    const g: Mistake<StepRules> = {
      id: m.id,
      code: m.detail.code,
      stage: m.stage,
      rules: m.rules,
      words: (q) => mistakeWords(spec, byPath.get(q.path)!, m.detail),
      phrase: () => slipPhrase(spec, m.detail),
    };
    generic.set(m, g);
    back.set(g, m);
  }
  const quantity = (path: string) => {
    const q = byPath.get(path);
    if (q === undefined) throw new Error(`no quantity at ${path}`);
    return q;
  };
  const computation: StepComputation = {
    record,
    spec,
    quantity,
    stepMistake: (m) => back.get(m)!,
    quantities,
    asked: askedQuantities(spec).map((q) => q.path),
    exact,
    dependencies: (path) => dependencies(spec, quantity(path)).map(quantityPath),
    mistakes: table.map((m) => generic.get(m)!),
    pairs: mistakePairs(table).map(([a, b]) => [generic.get(a)!, generic.get(b)!] as const),
    simulate(mistakes: readonly Mistake<StepRules>[], settings: SimulationSettings): Values {
      const rules = mistakes.length === 0 ? {} : mistakes.length === 1 ? mistakes[0].rules : combinedRules(back.get(mistakes[0])!, back.get(mistakes[1])!);
      const carry = settings.carry;
      const results = simulateStep(spec, {
        rules,
        ...(carry !== undefined ? { carry: (ref: QuantityRef) => carry(quantityPath(ref)) } : {}),
        ...(settings.round !== undefined ? { round: settings.round, decimals: settings.decimals ?? false } : {}),
      });
      return valuesOf(results, byPath);
    },
    names: (q) => stepAnswerNames(spec, quantity(q.path)),
    structured: stepJsonAnswers(spec),
    unknownName(key, known) {
      const batch = spec.inputs.length;
      if (batch > 1 && namesOfComputation(computation).lookup(`${key}(1)`) !== undefined) return `"${key}" needs its sample in a batch of ${batch}: ${key}(1) to ${key}(${batch})`;
      if (key === "loss" || key === "lossAfter") return `the spec has no ${key === "loss" ? "targets, so no loss" : "learning rate, so no update"} to grade`;
      const hint = didYouMean(key, known);
      const kinds = ["z", "a", "loss", "delta", "dW", "weights"];
      const examples = kinds.map((k) => stepQuantities.find((q) => q.kind === k)?.key).filter((k) => k !== undefined);
      return `unknown quantity "${key}"${hint}; answers are named as in the worked solution (${examples.join(", ")}, ...; a bare weight name is its value after the update), or given as the fields of tracegrad step --json`;
    },
  };
  return computation;
}
