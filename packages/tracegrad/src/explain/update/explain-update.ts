/**
 * The worked solution of `tracegrad update`: for each step, the L2 penalty and its gradient when
 * there is one, then every assignment of the optimizer's rule with numbers (its state included),
 * all read off the tapes of {@link runUpdate}.
 *
 * @module
 */
import type { SymbolExpr } from "../../engine/expr.js";
import { add, mul, partial, pow, sumOver, sym } from "../../engine/expr.js";
import { generalUpdateSymbols } from "../../engine/update-rules.js";
import { formatNumber } from "../../common/format-number.js";
import type { Formula, StepGroup } from "../solution.js";
import type { WorkedRenderOptions } from "../worked/render-worked.js";
import { renderWorked } from "../worked/render-worked.js";
import type { ProblemText } from "../worked/problem.js";
import { withProblemText } from "../worked/published.js";
import type { Table, Worked, WorkedGiven, WorkedSection } from "../worked/worked.js";
import { section } from "../worked/worked.js";
import type { Convention, UpdateProblem, UpdateRun, UpdateStepRecord } from "./run-update.js";
import { finalState, finalWeights, problemConvention, problemLambda, runUpdate, weightNames } from "./run-update.js";

/** Every run a problem asks for: its own convention, and with `compare` the other one. */
export function runUpdates(problem: UpdateProblem): UpdateRun[] {
  const convention = problemConvention(problem);
  const lambda = problemLambda(problem);
  const runs = [runUpdate(problem, convention, lambda)];
  if (problem.compare && convention !== "none") runs.push(runUpdate(problem, convention === "l2" ? "weight-decay" : "l2", lambda));
  return runs;
}

/** The numbers of the runs, as `tracegrad update --json` prints them. */
export function updateResults(runs: readonly UpdateRun[]) {
  return {
    runs: runs.map((run) => ({
      convention: run.convention,
      lambda: run.lambda,
      optimizer: run.rule.name,
      steps: run.steps.map((s) => ({
        t: s.t,
        gradient: Array.from(s.gradient.data),
        penalty: s.penalty === null ? null : s.penalty.item(),
        weights: Array.from(s.updated.data),
        state: Object.fromEntries(run.rule.stateNames.map((name, i) => [name, Array.from(s.state[i])])),
      })),
      final: finalState(run),
    })),
  };
}

const CONVENTION_TITLES: Record<Convention, string> = {
  l2: "L2 penalty λΣw² in the loss: its gradient 2λw is added to ∂L_data/∂w",
  "weight-decay": "decoupled weight decay: w ← w - η(… + λ_decay·w), the loss unchanged",
  none: "no regularization",
};

/** The general formulas of a run: the penalty and its gradient (L2), then the rule's assignments. */
function generalFormulas(run: UpdateRun): Formula[] {
  const L = sym("L");
  const w = sym("w");
  const out: Formula[] = [];
  if (run.convention === "l2") {
    out.push({ lhs: sym("P"), rhs: mul(sym("lambda"), sumOver("i", pow(sym("w", "i"), 2))) });
    out.push({ lhs: partial(L, w), rhs: add(partial(sym("L", "data"), w), mul(2, sym("lambda"), w)) });
  }
  for (const a of run.rule.assignments(generalUpdateSymbols(w, partial(L, w)), run.hyperparameters)) {
    out.push({ lhs: a.target === "w" ? w : sym(a.target), rhs: a.formula, assign: a.target === "w" || run.rule.stateNames.includes(a.target) });
  }
  return out;
}

/** The steps of one recorded step, each from the operation that computed it. */
function stepGroups(record: UpdateStepRecord): StepGroup[] {
  const tape = record.tape;
  const groups: StepGroup[] = [];
  if (record.penalty !== null) {
    const penaltyNode = tape.creator(record.penalty)!;
    const fromPenalty = tape.contributionsTo(record.weights).flatMap((c) => c.node.operation.explainBackward(c.node, c.inputIndex, c.gradient));
    const sumNode = tape.creator(record.gradient)!;
    groups.push({ title: "the penalty and its gradient", steps: [...penaltyNode.operation.explainForward(penaltyNode), ...fromPenalty] });
    groups.push({ title: "the gradient with the penalty", steps: sumNode.operation.explainForward(sumNode) });
  }
  const updateNode = tape.creator(record.updated)!;
  groups.push({ title: "the update", steps: updateNode.operation.explainForward(updateNode) });
  return groups;
}

function runSections(run: UpdateRun, compared: boolean): WorkedSection[] {
  const which = compared ? ` (${run.convention === "l2" ? "L2 penalty" : "weight decay"})` : "";
  const title = (s: UpdateStepRecord) => `Step t = ${s.t}${which}`;
  // Two conventions compared: each run's sections are told apart by its convention.
  const id = (s: UpdateStepRecord) => (compared ? `${run.convention}-step-${s.t}` : `step-${s.t}`);
  const sections = run.steps.map((s, i) => section(id(s), title(s), { formulas: i === 0 ? generalFormulas(run) : [], groups: stepGroups(s) }));
  const weightLabel = run.steps[0].weights.label!;
  const names = Array.from(run.steps[0].weights.data, (_, k) => weightLabel.value(k, 0).name);
  const table: Table = {
    title: "",
    columns: ["t", ...names, ...run.rule.stateNames.flatMap((s) => names.map((w) => sym(s, w)))],
    rows: [
      [String(run.initialState.t), ...Array.from(run.steps[0].weights.data), ...run.rule.stateNames.flatMap((s) => [...(run.initialState.arrays[s] ?? new Array<number>(run.steps[0].weights.size).fill(0))])],
      ...run.steps.map((s) => [String(s.t), ...Array.from(s.updated.data), ...s.state.flatMap((a) => Array.from(a))]),
    ],
  };
  sections.push(section(`summary-${run.convention}`, `Weights${run.rule.stateNames.length > 0 ? " and state" : ""} after each step${which}`, { tables: [table] }));
  return sections;
}

function hyperparameterSymbols(run: UpdateRun): SymbolExpr[] {
  const h = run.hyperparameters;
  const out = [sym("eta", undefined, undefined, h.learningRate)];
  if (run.convention !== "none") out.push(sym("lambda", undefined, undefined, run.lambda));
  else if (h.weightDecay > 0) out.push(sym("lambda", undefined, undefined, h.weightDecay));
  const name = run.rule.name;
  if (name === "momentum" || name === "nesterov") out.push(sym("mu", undefined, undefined, h.momentum));
  if (name === "rmsprop") out.push(sym("rho", undefined, undefined, h.rho));
  if (name === "adam" || name === "adamw") out.push(sym("beta", "1", undefined, h.beta1), sym("beta", "2", undefined, h.beta2));
  if (name === "rmsprop" || name === "adam" || name === "adamw") out.push(sym("epsilon", undefined, undefined, h.epsilon));
  return out;
}

/** The worked solution of the runs of a problem. */
export function updateWorked(problem: UpdateProblem, runs: readonly UpdateRun[], options: { precision: number }): Worked {
  const first = runs[0];
  const names = weightNames(problem);
  const f = (x: number) => formatNumber(x, options.precision);
  const dataLoss = first.convention === "l2" ? sym("L", "data") : sym("L");
  const given: WorkedGiven[] = [
    { title: "weights", values: problem.weights.map((v, k) => sym(names[k], undefined, undefined, v)) },
    ...problem.gradients.map((row, s) => ({
      title: problem.gradients.length === 1 ? "gradient (every step)" : `gradient at step t = ${first.initialState.t + s + 1}`,
      values: row.map((v, k) => partial(dataLoss, sym(names[k]), v)),
    })),
    { title: "settings", values: hyperparameterSymbols(first) },
  ];
  if (first.rule.stateNames.length > 0) {
    given.push({
      title: `state after t = ${first.initialState.t} steps`,
      values: first.rule.stateNames.flatMap((s) => names.map((w, k) => sym(s, w, undefined, first.initialState.arrays[s]?.[k] ?? 0))),
    });
  }
  const lettered = runs.length > 1;
  const conventions = [
    `${first.rule.title}; η is the learning rate`,
    ...runs.filter((r) => r.convention !== "none").map((r) => CONVENTION_TITLES[r.convention]),
    ...(first.convention !== "weight-decay" && first.hyperparameters.weightDecay > 0 ? [`decoupled weight decay λ_decay = ${f(first.hyperparameters.weightDecay)}, ${first.rule.title.split(" ")[0]}'s default: w ← w - η(… + λ_decay·w)`] : []),
    "the same data gradient at every step unless one is given per step" + (first.convention === "l2" ? "; the penalty's gradient follows w" : ""),
  ];
  if (first.rule.name === "adam" || first.rule.name === "adamw") conventions.push("Adam's bias correction divides by 1 - βᵗ, t counting every step taken (the state's t + 1 for the first step here)");
  return {
    title: problem.title ?? `${first.rule.title[0].toUpperCase()}${first.rule.title.slice(1)}: ${first.steps.length} step${first.steps.length === 1 ? "" : "s"}`,
    ...(problem.source !== undefined ? { source: problem.source } : {}),
    summary: `${names.length} weight${names.length === 1 ? "" : "s"}, η = ${f(first.hyperparameters.learningRate)}${first.convention === "none" ? "" : `, λ = ${f(first.lambda)}`}; final weights ${runs.map((r) => `[${finalWeights(r).map(f).join(", ")}]${lettered ? ` (${r.convention === "l2" ? "L2 penalty" : "weight decay"})` : ""}`).join(" and ")}`,
    conventions,
    given,
    sections: runs.flatMap((run) => runSections(run, lettered)),
    notes: [],
  };
}

/** Runs the steps of a problem and renders the worked solution; JSON carries {@link updateResults}. */
export function explainUpdate(problem: UpdateProblem, options: WorkedRenderOptions & { text?: ProblemText } = {}): string {
  const runs = runUpdates(problem);
  const precision = options.precision ?? 8;
  // Published answers are those of the problem's own convention (the first run), each weight at its last step.
  const own = runs.length > 1 ? (id: string) => id.startsWith(`${runs[0].convention}-`) : undefined;
  const worked = withProblemText(updateWorked(problem, runs, { precision }), options.text, precision, { ...(own !== undefined ? { sections: own } : {}), repeated: "last" });
  return renderWorked(worked, () => updateResults(runs), options);
}

