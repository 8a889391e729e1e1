/**
 * Practice mode's view: an exercise of any type `tracegrad exercise` makes (the type and its options
 * in the link), its question as the command line's question.md says it, the network with its given
 * values for the types that are a step, a table to type every answer into, and Check, which grades
 * them with `tracegrad check`'s grading and marks each value right, carried forward or wrong, in the
 * table and on the diagram. The answers are kept in the browser (localStorage) per exercise, and
 * "Download answers" writes the answers file `tracegrad check` reads. Everything works from the
 * keyboard: Tab through the settings and answers, Enter checks.
 *
 * @module
 */
import { markdownHtml } from "@tracegrad/cli/internal/handout/html";
import { formatNumber } from "tracegrad/internal/common/format-number";
import { SECTION_HEADINGS } from "tracegrad/internal/exercise/exercise-files";
import { TYPE_INFO } from "tracegrad/internal/exercise/type-options";
import { DEFAULT_TOLERANCE, formatTolerance } from "tracegrad/internal/grade/tolerance";
import { stepResults } from "tracegrad/internal/step/results";
import { h, replaceChildren, select } from "../lib/dom.js";
import { downloadText } from "../lib/download.js";
import { renderDiagram } from "../step/diagram.js";
import { DiagramFrame } from "../step/diagram-frame.js";
import { revealed } from "../step/stages.js";
import { explanationBeyond } from "./feedback.js";
import { ADVISED_DIGITS, digitsAdvice } from "tracegrad/internal/exercise/digits-advice";
import type { PracticeResult } from "./grading.js";
import { exerciseCommand, isFlag, linkName, PRACTICE_TYPES, practiceQuery, typeOptions } from "./params.js";
import type { PracticeParams, PracticeType } from "./params.js";
import { answersFile, diagramMarks, exerciseFileOf, itemOfQuantity, practiceCheckCommand, practiceModel, practiceReducer, storageKey } from "./practice-state.js";
import type { PracticeAction, PracticeModel } from "./practice-state.js";

const STATUS_WORDS: Readonly<Record<string, string>> = { right: "✓ right", "carried-forward": "↪ carried forward", wrong: "✗ wrong" };

/** The heading of a group of answers: its prefix (`step2`, as the answers file nests it) and its section's heading there. */
function groupTitle(key: string, section: string): string {
  const dot = key.lastIndexOf(".");
  const heading = SECTION_HEADINGS[section] ?? section.charAt(0).toUpperCase() + section.slice(1);
  if (dot < 0) return heading;
  const prefix = key.slice(0, dot).replace(/^step(\d+)$/, "Step $1").replace(/^part(\d+)$/, "Part $1");
  return `${prefix}: ${heading}`;
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
  private readonly settings = h("form", { class: "practice-settings", "aria-label": "the exercise's type and seed" });
  private readonly optionsForm = h("form", { class: "practice-settings", "aria-label": "the exercise's options" });
  private readonly question = h("div", { class: "practice-question", "data-testid": "practice-question" });
  private readonly diagram = new DiagramFrame();
  /** The question's text, open unless a phone shows the diagram above it (then it opens on request). */
  private readonly questionDetails = h("details", { class: "question-details", open: true }, h("summary", {}, "The question in full"));
  private readonly answersForm = h("form", { class: "practice-answers", "aria-label": "your answers" });
  private readonly score = h("p", { class: "practice-score", "data-testid": "practice-score", "aria-live": "polite" });
  private readonly problem = h("p", { class: "error-line", role: "alert", "data-testid": "practice-problem", hidden: true });
  private readonly command = h("code", { "data-testid": "practice-command" });
  private readonly checkLine = h("code", { "data-testid": "practice-check-command" });
  private readonly howTo = h("p", { class: "hint" });
  /** The link of the exercise whose question was last drawn (its text's details keep their state until another). */
  private shownQuestion = "";
  private readonly exerciseButton = h("button", { type: "button", "data-testid": "practice-exercise" }, "Download exercise.yaml");

  constructor(private readonly onChange: () => void) {
    this.model = practiceModel();
    this.answersForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.dispatch({ type: "check" });
    });
    this.settings.addEventListener("submit", (event) => event.preventDefault());
    this.optionsForm.addEventListener("submit", (event) => event.preventDefault());
    this.diagram.box.addEventListener("click", (event) => {
      const item = (event.target as Element).closest("[data-item]")?.getAttribute("data-item");
      const q = this.model.quantities.find((x) => itemOfQuantity(this.model, x.key) === item);
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
    const download = h("button", { type: "button", "data-testid": "practice-download", title: "answers.yaml, the file tracegrad check reads" }, "Download answers");
    download.addEventListener("click", () => downloadText(answersFile(this.model), "answers.yaml", "application/yaml"));
    this.exerciseButton.addEventListener("click", () => {
      const name = exerciseFileOf(this.model);
      if (this.model.files !== null) downloadText(this.model.files[name], name, name.endsWith(".json") ? "application/json" : "application/yaml");
    });
    const solution = h("button", { type: "button", "data-testid": "practice-solution", title: "the whole worked solution, as Markdown" }, "Download worked solution");
    solution.addEventListener("click", () => this.model.files !== null && downloadText(this.model.files["solution.md"], "solution.md", "text/markdown"));

    this.root = h(
      "section",
      { class: "mode practice-mode", id: "panel-practice", role: "tabpanel", "aria-labelledby": "tab-practice", hidden: true },
      h(
        "div",
        { class: "practice-grid" },
        h("aside", { class: "card controls practice-exercise", "aria-label": "the exercise" }, h("h3", { class: "small-title" }, "Exercise"), this.settings),
        h("div", { class: "card practice-main" }, this.question),
        h(
          "div",
          { class: "card practice-answers-card" },
          h("h2", { class: "solution-title" }, "Your answers"),
          this.howTo,
          this.answersForm,
          h("div", { class: "buttons practice-buttons" }, check, clear),
          this.score,
        ),
        // The options and files after the answers: on a phone they follow them; on a desktop they sit under the exercise.
        h(
          "aside",
          { class: "card controls practice-more", "aria-label": "the exercise's options and files" },
          h("h3", { class: "small-title" }, "Options"),
          this.optionsForm,
          this.problem,
          h("p", { class: "hint" }, "The same exercise on the command line: ", this.command),
          h("h3", { class: "small-title" }, "Files"),
          h("div", { class: "exports" }, download, this.exerciseButton, solution),
          h("p", { class: "hint" }, "Check them with ", this.checkLine, "."),
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
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset : null;
    if (action.type === "params") {
      const saved = storage.load(this.model.params);
      if (saved !== null) this.model = practiceReducer(this.model, { type: "restore", answers: saved.answers, checked: saved.checked });
      this.render();
      this.refocus(focused);
      this.onChange();
      return;
    }
    storage.save(this.model.params, this.model.answers, this.model.grade !== null);
    if (action.type === "answer") return;
    this.render();
    this.refocus(focused);
  }

  /** Keeps the focus where it was (a redraw replaces the inputs). */
  private refocus(focused: DOMStringMap | null): void {
    if (focused?.name !== undefined) this.answersForm.querySelector<HTMLElement>(`input[data-name="${CSS.escape(focused.name)}"]`)?.focus();
    else if (focused?.testid !== undefined) this.root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(focused.testid)}"]`)?.focus();
  }

  private render(): void {
    this.renderSettings();
    const m = this.model;
    const beside = m.problemField !== null && this.optionsForm.querySelector(`[data-option="${CSS.escape(m.problemField)}"]`) !== null;
    this.problem.textContent = m.problem ?? "";
    this.problem.hidden = m.problem === null || beside;
    this.command.textContent = exerciseCommand(m.params);
    this.checkLine.textContent = practiceCheckCommand(m);
    const fileName = exerciseFileOf(m);
    this.exerciseButton.textContent = `Download ${fileName}`;
    this.exerciseButton.title = `${fileName}, the exercise as tracegrad check reads it`;
    const tolerance = m.params.tolerance ?? DEFAULT_TOLERANCE;
    const within = tolerance >= DEFAULT_TOLERANCE || m.digits > ADVISED_DIGITS ? `${digitsAdvice(m.digits)}; within ${formatTolerance(tolerance)} is right` : `within ${formatTolerance(tolerance)} of the value is right`;
    const step = m.params.type === "backprop" || m.params.type === "bce";
    this.howTo.textContent = `Type each value (${within}), then Check.${step ? " A weight's name alone is its value after the update." : ""}`;
    const exercise = m.exercise;
    if (exercise === null || m.files === null) {
      replaceChildren(this.question);
      this.diagram.show(null);
      replaceChildren(this.answersForm);
      this.score.textContent = "";
      return;
    }
    // The question as question.md says it (its own title apart), rendered as the handouts render it.
    const body = h("div", { class: "question-body" });
    body.innerHTML = markdownHtml(m.files["question.md"].replace(/^# .*\n+/, ""));
    // The title, the network with its given values, then the question's text.
    replaceChildren(this.question, h("h2", { class: "solution-title", "data-testid": "practice-title" }, exercise.title), this.diagram.root, this.questionDetails);
    const summary = this.questionDetails.querySelector("summary")!;
    replaceChildren(this.questionDetails, summary, body);
    const diagram = m.record !== null;
    if (this.shownQuestion !== this.query()) {
      // A new exercise: its text open, unless a phone shows its diagram first (a click opens it).
      this.shownQuestion = this.query();
      this.questionDetails.open = !diagram || window.matchMedia("(min-width: 821px)").matches;
    }
    this.diagram.show(diagram ? renderDiagram({ spec: m.record!.spec, results: stepResults(m.record!), revealed: revealed([], 0), selected: null, sample: 0, marks: diagramMarks(m) }) : null);
    this.diagram.root.hidden = !diagram;
    this.renderAnswers();
  }

  private renderSettings(): void {
    const p = this.model.params;
    const set = (change: Partial<PracticeParams>) => this.dispatch({ type: "params", params: { ...p, ...change } });
    const setOption = (key: string, value: string) => set({ options: { ...p.options, [key]: value } });
    const problemAt = (key: string) => (this.model.problemField === key && this.model.problem !== null ? h("span", { class: "error-line", role: "alert", id: `practice-problem-${key}` }, this.model.problem) : null);
    const type = select({ "data-testid": "practice-type", "aria-label": "type of exercise" }, PRACTICE_TYPES.map((t) => [t, TYPE_INFO[t].title] as const), p.type);
    // Another type: its own options start from their defaults.
    type.addEventListener("change", () => set({ type: type.value as PracticeType, options: {}, digits: undefined }));
    const seed = h("input", { type: "number", min: 0, value: p.seed, "data-testid": "practice-seed", class: "narrow" });
    seed.addEventListener("change", () => {
      const n = Number(seed.value);
      if (Number.isInteger(n) && n >= 0) set({ seed: n });
    });
    const next = h("button", { type: "button", "data-testid": "practice-next", title: "a new exercise: the next seed" }, "New exercise");
    next.addEventListener("click", () => set({ seed: p.seed + 1, ...(p.number !== undefined && p.count !== undefined && p.number < p.count ? { number: p.number + 1, seed: p.seed } : {}) }));
    const info = TYPE_INFO[p.type];
    const digits = h("input", { type: "number", min: info.digits.min, max: info.digits.max, value: p.digits ?? "", placeholder: String(info.digits.fallback), "data-testid": "practice-digits", "data-option": "digits", class: "narrow" });
    digits.addEventListener("change", () => {
      const n = Number(digits.value);
      set({ digits: digits.value === "" || !Number.isInteger(n) ? undefined : n });
    });
    const fields = typeOptions(p.type).map((option) => {
      const key = linkName(option.name);
      const words = key.replace(/-/g, " ");
      if (isFlag(option)) {
        const box = h("input", { type: "checkbox", checked: p.options[key] === "1", "data-testid": `practice-option-${key}`, "data-option": key });
        box.addEventListener("change", () => setOption(key, box.checked ? "1" : ""));
        return h("div", { class: "option" }, h("label", { class: "toggle", title: option.description }, box, ` ${words}`), h("small", { class: "option-help" }, option.description), problemAt(key));
      }
      const input = h("input", { type: "text", value: p.options[key] ?? "", placeholder: option.default ?? "drawn", "data-testid": `practice-option-${key}`, "data-option": key, size: 10, "aria-describedby": `practice-help-${key}` });
      input.addEventListener("change", () => setOption(key, input.value.trim()));
      return h(
        "div",
        { class: "option" },
        h("label", { class: "field" }, h("span", { class: "field-label" }, words), input),
        h("small", { class: "option-help", id: `practice-help-${key}` }, option.description),
        problemAt(key),
      );
    });
    replaceChildren(
      this.settings,
      h("label", { class: "field" }, h("span", { class: "field-label" }, "Type"), type),
      h("p", { class: "hint", "data-testid": "practice-summary" }, `${info.title}: ${info.summary}.`),
      h("div", { class: "row2" }, h("label", { class: "field" }, h("span", { class: "field-label" }, "Seed"), seed), h("div", { class: "field end" }, next)),
      p.count !== undefined ? h("p", { class: "hint" }, `Exercise ${p.number} of a set of ${p.count} (one per student).`) : null,
      p.credit !== undefined ? h("p", { class: "hint" }, `A value carried forward from an earlier mistake earns ${p.credit} of a point.`) : null,
      p.tolerance !== undefined ? h("p", { class: "hint" }, `An answer within ${formatTolerance(p.tolerance)} of the value is right.`) : null,
    );
    replaceChildren(
      this.optionsForm,
      h("div", { class: "option" }, h("label", { class: "field" }, h("span", { class: "field-label" }, "decimals"), digits), problemAt("digits")),
      h("div", { class: "practice-options", "data-testid": "practice-options" }, ...fields),
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
        // The explanation, less what the hint above and the working below already say.
        const extra = result.hint !== null && result.explanation !== null ? explanationBeyond(result.explanation, result.hint, result.working) : null;
        if (extra !== null) parts.push(h("p", { class: "explanation" }, extra));
        if (result.working !== null) parts.push(h("p", { class: "working" }, result.working));
      }
    }
    return h("tr", { class: `details ${result.status}` }, h("td", { colspan: 3 }, ...parts));
  }

  private renderAnswers(): void {
    const m = this.model;
    const results = new Map((m.grade?.results ?? []).map((r) => [r.key, r]));
    const rows: HTMLElement[] = [];
    let group = "";
    for (const q of m.quantities) {
      const title = groupTitle(q.key, q.section);
      if (title !== group) {
        group = title;
        rows.push(h("tr", { class: "section" }, h("th", { colspan: 3, scope: "colgroup" }, title)));
      }
      const input = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", value: m.answers[q.key] ?? "", "data-testid": "practice-answer", "data-name": q.key, "aria-label": `${q.symbol} (${q.key})`, size: 10 });
      input.addEventListener("input", () => this.dispatch({ type: "answer", key: q.key, text: input.value }));
      const problem = m.answerErrors.find((e) => e.key === q.key);
      const error = problem !== undefined ? h("p", { class: "error-line", role: "alert", "data-testid": "answer-problem" }, problem.message) : null;
      rows.push(h("tr", { "data-name": q.key }, h("th", { scope: "row", title: `in answers.yaml: ${q.key}` }, q.symbol), h("td", {}, input, error), this.resultCell(q.key, results.get(q.key))));
      const details = this.detailsRow(q.key, results.get(q.key));
      if (details !== null) rows.push(details);
    }
    replaceChildren(this.answersForm, h("table", { class: "values practice-table" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "quantity"), h("th", { scope: "col" }, "your answer"), h("th", { scope: "col" }, "grade"))), h("tbody", {}, ...rows)));
    for (const e of m.answerErrors) if (e.key === null) this.answersForm.append(h("p", { class: "error-line", role: "alert" }, e.message));
    const g = m.grade;
    const unread = m.answerErrors.filter((e) => e.key !== null).length;
    const notGraded = unread === 0 ? "" : `${unread === 1 ? "1 answer is" : `${unread} answers are`} not a number (said beside ${unread === 1 ? "it" : "them"}) and not graded. `;
    this.score.textContent =
      g === null
        ? `${notGraded}${m.quantities.length} values to find.`
        : g.results.length === 0
          ? `${notGraded}${unread === 0 ? "Nothing answered yet: type a value, then Check." : "Nothing else answered."}`
          : `${notGraded}${g.right} of ${g.results.length} answered values right${g.carried > 0 ? `, ${g.carried} carried forward from an earlier mistake (follow-through credit)` : ""}, ${g.wrong} wrong; ${m.quantities.length - g.results.length - unread} not answered. ${formatNumber(g.points, 4)} of ${g.maxPoints} points.`;
  }
}
