/**
 * Practice mode's view: an exercise from `tracegrad exercise`'s generator (its options in the link),
 * the network with its given values, a table to type every answer into, and Check, which grades them
 * with `tracegrad check`'s grading and marks each value right, carried forward or wrong, in the table
 * and on the diagram. The answers are kept in the browser (localStorage) per exercise, and
 * "Download answers" writes the answers file `tracegrad check` reads. Everything works from the
 * keyboard: Tab through the answers, Enter checks.
 *
 * @module
 */
import { DEFAULT_PRECISION, formatNumber, formatNumberLatex } from "tracegrad/internal/common/format-number";
import type { SymbolExpr } from "tracegrad/internal/engine/expr";
import { renderExpr } from "tracegrad/internal/engine/render-expr";
import { lossNames } from "tracegrad/internal/engine/losses";
import { buildSolution } from "tracegrad/internal/explain/solution";
import { DEFAULT_TOLERANCE, formatTolerance } from "tracegrad/internal/grade/tolerance";
import { stepResults } from "tracegrad/internal/step/results";
import { h, replaceChildren, select } from "../lib/dom.js";
import { downloadText } from "../lib/download.js";
import { mathElement } from "../lib/math.js";
import { renderDiagram } from "../step/diagram.js";
import { revealed } from "../step/stages.js";
import type { PracticeResult } from "./grading.js";
import { checkCommand, exerciseCommand, PRACTICE_TYPES, practiceQuery } from "./params.js";
import type { PracticeParams } from "./params.js";
import { answersFile, diagramMarks, itemOfQuantity, practiceModel, practiceReducer, storageKey } from "./practice-state.js";
import type { PracticeAction, PracticeModel } from "./practice-state.js";

const SECTION_TITLES: Readonly<Record<string, string>> = {
  forward: "Forward pass: z and a of every unit",
  loss: "Loss",
  backward: "Backward pass: δ of every unit, the gradient of every weight and bias",
  update: "Update: every weight and bias after the step",
};

const STATUS_WORDS: Readonly<Record<string, string>> = { right: "✓ right", "carried-forward": "↪ carried forward", wrong: "✗ wrong" };

function symbolLatex(v: SymbolExpr): string {
  return renderExpr({ ...v, value: undefined }, { notation: "latex", substitute: false, precision: DEFAULT_PRECISION });
}

/** Reads and writes the saved answers; a browser without storage (or refusing it) keeps none. */
const storage = {
  load(params: PracticeParams): { answers: Record<string, string>; checked: boolean } | null {
    try {
      const text = window.localStorage.getItem(storageKey(params));
      if (text === null) return null;
      const value = JSON.parse(text) as { answers?: unknown; checked?: unknown };
      if (value === null || typeof value !== "object" || typeof value.answers !== "object" || value.answers === null) return null;
      return { answers: value.answers as Record<string, string>, checked: value.checked === true };
    } catch {
      return null;
    }
  },
  save(params: PracticeParams, answers: Readonly<Record<string, string>>, checked: boolean): void {
    try {
      window.localStorage.setItem(storageKey(params), JSON.stringify({ answers, checked }));
    } catch {
      // Storage full or refused: the answers stay on the page only.
    }
  },
};

export class PracticeView {
  readonly root: HTMLElement;
  private model: PracticeModel;
  private readonly settings = h("form", { class: "practice-settings" });
  private readonly question = h("div", { class: "practice-question", "data-testid": "practice-question" });
  private readonly diagramBox = h("div", { class: "diagram-box" });
  private readonly answersForm = h("form", { class: "practice-answers", "aria-label": "your answers" });
  private readonly score = h("p", { class: "practice-score", "data-testid": "practice-score", "aria-live": "polite" });
  private readonly problem = h("p", { class: "error-line", role: "alert", "data-testid": "practice-problem", hidden: true });
  private readonly command = h("code", { "data-testid": "practice-command" });
  private readonly checkLine = h("code", { "data-testid": "practice-check-command" });
  private readonly howTo = h("p", { class: "hint" });

  constructor(private readonly onChange: () => void) {
    this.model = practiceModel();
    this.answersForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.dispatch({ type: "check" });
    });
    this.settings.addEventListener("submit", (event) => event.preventDefault());
    this.diagramBox.addEventListener("click", (event) => {
      const item = (event.target as Element).closest("[data-item]")?.getAttribute("data-item");
      const q = this.model.quantities.find((x) => itemOfQuantity(this.model, x) === item);
      if (q !== undefined) this.answersForm.querySelector<HTMLInputElement>(`input[data-name="${CSS.escape(q.key)}"]`)?.focus();
    });
    const check = h("button", { type: "submit", class: "primary", "data-testid": "practice-check" }, "Check");
    this.answersForm.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
        event.preventDefault();
        this.dispatch({ type: "check" });
      }
    });
    const clear = h("button", { type: "button", "data-testid": "practice-clear" }, "Clear my answers");
    clear.addEventListener("click", () => this.dispatch({ type: "clear" }));
    const download = h("button", { type: "button", "data-testid": "practice-download", title: "answers.yaml, for tracegrad check exercise.yaml answers.yaml" }, "Download answers");
    download.addEventListener("click", () => downloadText(answersFile(this.model), "answers.yaml", "application/yaml"));
    const exercise = h("button", { type: "button", "data-testid": "practice-exercise", title: "exercise.yaml, the network as tracegrad check and tracegrad step read it" }, "Download exercise.yaml");
    exercise.addEventListener("click", () => this.model.exercise !== null && downloadText(this.model.exercise.files["exercise.yaml"], "exercise.yaml", "application/yaml"));
    const solution = h("button", { type: "button", "data-testid": "practice-solution", title: "the whole worked solution, as Markdown" }, "Download worked solution");
    solution.addEventListener("click", () => this.model.exercise !== null && downloadText(this.model.exercise.files["solution.md"], "solution.md", "text/markdown"));

    this.root = h(
      "section",
      { class: "mode practice-mode", id: "panel-practice", role: "tabpanel", "aria-labelledby": "tab-practice", hidden: true },
      h(
        "div",
        { class: "practice-grid" },
        h(
          "aside",
          { class: "card controls", "aria-label": "the exercise" },
          h("h3", { class: "small-title" }, "Exercise"),
          this.settings,
          this.problem,
          h("p", { class: "hint" }, "The same exercise on the command line: ", this.command),
          h("h3", { class: "small-title" }, "Files"),
          h("div", { class: "exports" }, download, exercise, solution),
          h("p", { class: "hint" }, "Check them with ", this.checkLine, "."),
        ),
        h("div", { class: "card practice-main" }, this.question, this.diagramBox),
        h(
          "div",
          { class: "card practice-answers-card" },
          h("h2", { class: "solution-title" }, "Your answers"),
          this.howTo,
          this.answersForm,
          h("div", { class: "buttons" }, check, clear),
          this.score,
        ),
      ),
    );
    // The Check button submits the answers form from outside it.
    check.setAttribute("form", "practice-answers");
    this.answersForm.id = "practice-answers";
    this.render();
  }

  /** The link of the exercise shown (after `#practice?`). */
  query(): string {
    return practiceQuery(this.model.params);
  }

  /** Shows the exercise of a link's options, with the answers saved for it. */
  open(params: PracticeParams): void {
    this.model = practiceReducer(this.model, { type: "params", params });
    const saved = storage.load(params);
    if (saved !== null) this.model = practiceReducer(this.model, { type: "restore", answers: saved.answers, checked: saved.checked });
    this.render();
  }

  private dispatch(action: PracticeAction): void {
    this.model = practiceReducer(this.model, action);
    if (action.type === "params") {
      const saved = storage.load(this.model.params);
      if (saved !== null) this.model = practiceReducer(this.model, { type: "restore", answers: saved.answers, checked: saved.checked });
      this.render();
      this.onChange();
      return;
    }
    storage.save(this.model.params, this.model.answers, this.model.grade !== null);
    if (action.type === "answer") return;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset : null;
    this.render();
    // Keep the focus where it was (a redraw replaces the inputs).
    if (focused?.name !== undefined) this.answersForm.querySelector<HTMLElement>(`input[data-name="${CSS.escape(focused.name)}"]`)?.focus();
    else if (focused?.testid !== undefined) this.root.querySelector<HTMLElement>(`[data-testid="${focused.testid}"]`)?.focus();
  }

  private render(): void {
    this.renderSettings();
    const m = this.model;
    this.problem.textContent = m.problem ?? "";
    this.problem.hidden = m.problem === null;
    this.command.textContent = exerciseCommand(m.params);
    this.checkLine.textContent = checkCommand(m.params);
    const tolerance = m.params.tolerance ?? DEFAULT_TOLERANCE;
    const within = tolerance >= DEFAULT_TOLERANCE ? `4 significant digits are plenty: within ${formatTolerance(tolerance)} is right` : `within ${formatTolerance(tolerance)} of the value is right`;
    this.howTo.textContent = `Type each value (${within}), then Check. A weight's name alone is its value after the update.`;
    const exercise = m.exercise;
    if (exercise === null) {
      replaceChildren(this.question);
      replaceChildren(this.diagramBox);
      replaceChildren(this.answersForm);
      this.score.textContent = "";
      return;
    }
    const record = exercise.record;
    const solution = buildSolution(record, { precision: DEFAULT_PRECISION });
    const out: HTMLElement[] = [h("h2", { class: "solution-title", "data-testid": "practice-title" }, solution.title), h("p", {}, "Work out one step of gradient descent by hand: the forward pass, the loss, the backward pass and the update."), h("p", {}, solution.summary)];
    out.push(h("ul", { class: "conventions" }, ...solution.conventions.map((c) => h("li", {}, c))));
    for (const g of solution.given) {
      const values = g.values.map((v) => mathElement(`${symbolLatex(v)} = ${formatNumberLatex(v.value ?? 0, DEFAULT_PRECISION)}`, false));
      out.push(h("p", { class: "given-title" }, g.title), h("div", { class: "given" }, ...values));
    }
    replaceChildren(this.question, ...out);
    const nothing = revealed([], 0);
    replaceChildren(this.diagramBox, renderDiagram({ spec: exercise.spec, results: stepResults(record), revealed: nothing, selected: null, sample: 0, marks: diagramMarks(m) }));
    this.renderAnswers();
  }

  private renderSettings(): void {
    const p = this.model.params;
    const set = (change: Partial<PracticeParams>) => this.dispatch({ type: "params", params: { ...p, ...change } });
    const text = (label: string, testid: string, value: string, apply: (v: string) => void, attributes: Record<string, string | number> = {}) => {
      const input = h("input", { type: "text", value, "data-testid": testid, size: 8, ...attributes });
      input.addEventListener("change", () => apply(input.value.trim()));
      return h("label", { class: "field" }, h("span", { class: "field-label" }, label), input);
    };
    const type = select({ "data-testid": "practice-type" }, PRACTICE_TYPES.map((t) => [t, t === "backprop" ? "backpropagation (one step)" : t] as const), p.type);
    const seed = h("input", { type: "number", min: 0, value: p.seed, "data-testid": "practice-seed", class: "narrow" });
    seed.addEventListener("change", () => {
      const n = Number(seed.value);
      if (Number.isInteger(n) && n >= 0) set({ seed: n });
    });
    const next = h("button", { type: "button", "data-testid": "practice-next", title: "a new exercise: the next seed" }, "New exercise");
    next.addEventListener("click", () => set({ seed: p.seed + 1, ...(p.number !== undefined && p.count !== undefined && p.number < p.count ? { number: p.number + 1, seed: p.seed } : {}) }));
    const loss = select({ "data-testid": "practice-loss" }, lossNames().map((l) => [l, l] as const), p.loss);
    loss.addEventListener("change", () => set({ loss: loss.value }));
    const bias = h("input", { type: "checkbox", checked: p.bias, "data-testid": "practice-bias" });
    bias.addEventListener("change", () => set({ bias: bias.checked }));
    const whole = (v: string, fallback: number) => (Number.isInteger(Number(v)) && v !== "" ? Number(v) : fallback);
    replaceChildren(
      this.settings,
      h("label", { class: "field" }, h("span", { class: "field-label" }, "Type"), type),
      h("div", { class: "row2" }, h("label", { class: "field" }, h("span", { class: "field-label" }, "Seed"), seed), h("div", { class: "field end" }, next)),
      h("div", { class: "row2" }, text("Layers", "practice-layers", p.layers, (v) => set({ layers: v })), text("Activation", "practice-activation", p.activation ?? "", (v) => set({ activation: v === "" ? undefined : v }), { placeholder: "sigmoid" })),
      h("div", { class: "row2" }, h("label", { class: "field" }, h("span", { class: "field-label" }, "Loss"), loss), text("η", "practice-lr", p.lr === undefined ? "" : String(p.lr), (v) => set({ lr: v === "" ? undefined : Number(v) }), { placeholder: "from the seed" })),
      h("div", { class: "row2" }, text("Samples", "practice-batch", String(p.batch), (v) => set({ batch: whole(v, p.batch) })), text("Decimals", "practice-digits", String(p.digits), (v) => set({ digits: whole(v, p.digits) }))),
      h("label", { class: "toggle" }, bias, " biases"),
      p.count !== undefined ? h("p", { class: "hint" }, `Exercise ${p.number} of a set of ${p.count} (one per student).`) : null,
      p.credit !== undefined ? h("p", { class: "hint" }, `A value carried forward from an earlier mistake earns ${p.credit} of a point.`) : null,
      p.tolerance !== undefined ? h("p", { class: "hint" }, `An answer within ${formatTolerance(p.tolerance)} of the value is right.`) : null,
    );
  }

  /** The grade of an answer: its status (and mistake's code), in the row's last cell. */
  private resultCell(key: string, result: PracticeResult | undefined): HTMLElement {
    if (result === undefined) return h("td", { class: "practice-result-cell" });
    return h(
      "td",
      { class: "practice-result-cell" },
      h("span", { class: `practice-result ${result.status}`, "data-testid": "practice-result", "data-name": key, "data-status": result.status, "data-diagnosis": result.diagnosis ?? "" }, STATUS_WORDS[result.status]),
    );
  }

  /**
   * Under a wrong or carried-forward answer, across the table: its hint (the mistake and the formula
   * with the student's own values, not the correct number), and on request the explanation and the
   * correct working.
   */
  private detailsRow(key: string, result: PracticeResult | undefined): HTMLElement | null {
    if (result === undefined || result.status === "right") return null;
    const shown = this.model.shown.includes(key);
    const parts: HTMLElement[] = [];
    const code = result.diagnosis !== null ? h("code", {}, [result.diagnosis, ...result.alternatives].join(" or ")) : null;
    // A carried-forward answer is explained: nothing to hide. A wrong one gets its hint first.
    if (result.status === "carried-forward" || result.hint === null) {
      if (result.explanation !== null) parts.push(h("p", { class: "explanation" }, code, code !== null ? ": " : "", result.explanation));
    } else parts.push(h("p", { class: "hint-line", "data-testid": "practice-hint" }, code, code !== null ? ": " : "", result.hint));
    if (result.status === "wrong" && (result.working !== null || result.hint !== null)) {
      const toggle = h("button", { type: "button", class: "small", "data-testid": `practice-working-${key}`, "aria-expanded": shown ? "true" : "false" }, shown ? "Hide the working" : "Show the working");
      toggle.addEventListener("click", () => this.dispatch({ type: "show-working", key }));
      parts.push(toggle);
      if (shown) {
        if (result.hint !== null && result.explanation !== null) parts.push(h("p", { class: "explanation" }, result.explanation));
        if (result.working !== null) parts.push(h("p", { class: "working" }, result.working));
      }
    }
    return h("tr", { class: `details ${result.status}` }, h("td", { colspan: 3 }, ...parts));
  }

  private renderAnswers(): void {
    const m = this.model;
    const results = new Map((m.grade?.results ?? []).map((r) => [r.key, r]));
    const rows: HTMLElement[] = [];
    let section = "";
    for (const q of m.quantities) {
      if (q.section !== section) {
        section = q.section;
        rows.push(h("tr", { class: "section" }, h("th", { colspan: 3, scope: "colgroup" }, SECTION_TITLES[section] ?? section)));
      }
      const input = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", value: m.answers[q.key] ?? "", "data-testid": "practice-answer", "data-name": q.key, "aria-label": `${q.symbol} (${q.key})`, size: 10 });
      input.addEventListener("input", () => this.dispatch({ type: "answer", key: q.key, text: input.value }));
      const error = m.answerError !== null && m.answerError.key === q.key ? h("p", { class: "error-line", role: "alert" }, m.answerError.message) : null;
      rows.push(h("tr", { "data-name": q.key }, h("th", { scope: "row", title: `in answers.yaml: ${q.key}` }, q.symbol), h("td", {}, input, error), this.resultCell(q.key, results.get(q.key))));
      const details = this.detailsRow(q.key, results.get(q.key));
      if (details !== null) rows.push(details);
    }
    replaceChildren(this.answersForm, h("table", { class: "values practice-table" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "quantity"), h("th", { scope: "col" }, "your answer"), h("th", { scope: "col" }, "grade"))), h("tbody", {}, ...rows)));
    if (m.answerError !== null && m.answerError.key === null) this.answersForm.append(h("p", { class: "error-line", role: "alert" }, m.answerError.message));
    const g = m.grade;
    this.score.textContent =
      g === null
        ? `${m.quantities.length} values to find.`
        : g.results.length === 0
          ? "Nothing answered yet: type a value, then Check."
          : `${g.right} of ${g.results.length} answered values right${g.carried > 0 ? `, ${g.carried} carried forward from an earlier mistake (follow-through credit)` : ""}, ${g.wrong} wrong; ${m.quantities.length - g.results.length} not answered. ${formatNumber(g.points, 4)} of ${g.maxPoints} points.`;
  }
}
