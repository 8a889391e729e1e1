/**
 * The page: the mode tabs (Step, Train, Practice), the banner that says what is wrong with a link, and
 * the state in the URL's fragment: step and train mode's whole state as `#s=...` (`lib/url-state.ts`),
 * a practice exercise as its readable link `#practice?type=backprop&seed=7...`. Train and practice
 * mode are loaded the first time they are shown, so the first load carries step mode only.
 *
 * @module
 */
import { errorLine, h } from "./lib/dom.js";
import { decodeState, encodeState } from "./lib/url-state.js";
import type { AppState } from "./lib/url-state.js";
import { CATALOG } from "./step/examples.js";
import { StepView } from "./step/step-view.js";
import type { PracticeView } from "./practice/practice-view.js";
import type { TrainView } from "./train/train-view.js";
import { DEFAULT_SPEED, DEFAULT_TRAIN_OPTIONS } from "./train/defaults.js";

type Mode = "step" | "train" | "practice";
const MODES: readonly Mode[] = ["step", "train", "practice"];
const LABELS: Readonly<Record<Mode, string>> = { step: "Step", train: "Train", practice: "Practice" };

/** The fragment of a practice link: `#practice?…`. */
const PRACTICE = /^#practice(?:\?(.*))?$/s;

export class App {
  private mode: Mode = "step";
  private readonly banner = h("p", { class: "error-banner", role: "alert", "data-testid": "error", hidden: true });
  private readonly shareStatus = h("span", { class: "share-status", role: "status" });
  private readonly tabs: Record<Mode, HTMLButtonElement>;
  private readonly main: HTMLElement;
  private readonly step: StepView;
  private train: TrainView | null = null;
  private practice: PracticeView | null = null;
  /** The train state of a link, kept until train mode is loaded. */
  private pendingTrain: AppState["train"] | null = null;
  private persistTimer: number | undefined;
  private writtenHash = "";
  private restoring = false;
  /** Counts changes, so that the page says "saved" only when the URL holds the latest. */
  private version = 0;
  private writes = 0;

  constructor(root: HTMLElement) {
    this.step = new StepView(CATALOG, () => this.persist());
    const tab = (mode: Mode) => {
      const button = h("button", { type: "button", role: "tab", id: `tab-${mode}`, "aria-controls": `panel-${mode}`, "data-testid": `mode-${mode}`, class: "tab" }, LABELS[mode]);
      button.addEventListener("click", () => void this.setMode(mode, true));
      button.addEventListener("keydown", (event) => {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
        event.preventDefault();
        const other = MODES[(MODES.indexOf(mode) + (event.key === "ArrowRight" ? 1 : MODES.length - 1)) % MODES.length];
        this.selectTab(other);
        this.tabs[other].focus();
        void this.setMode(other, true);
      });
      return button;
    };
    this.tabs = { step: tab("step"), train: tab("train"), practice: tab("practice") };
    this.main = h("main", { id: "main" }, this.step.root);
    // A link's problem stays on show until the user does something else.
    const dismiss = (event: Event) => {
      if ((event.target as Element).closest("button, select, input, textarea") !== null) this.showError(null);
    };
    this.main.addEventListener("click", dismiss);
    this.main.addEventListener("change", dismiss);
    const share = h("button", { type: "button", class: "small", "data-testid": "share", title: "copy a link to this very state of the playground" }, "Copy link");
    share.addEventListener("click", () => void this.share());
    root.append(
      h(
        "header",
        { class: "top" },
        h("h1", {}, h("span", { class: "logo", "aria-hidden": "true" }, "∂"), " tracegrad ", h("span", { class: "subtitle" }, "playground")),
        h("div", { class: "tabs", role: "tablist", "aria-label": "mode" }, this.tabs.step, this.tabs.train, this.tabs.practice),
        h("div", { class: "share" }, share, this.shareStatus),
      ),
      this.banner,
      this.main,
      h(
        "footer",
        {},
        "Every number is computed in this page by tracegrad's engine, the code the CLI runs; nothing is sent anywhere. ",
        "The spec YAML runs with ",
        h("code", {}, "tracegrad step network.yaml"),
        ", the model with ",
        h("code", {}, "tracegrad predict model.json DATA.csv"),
        ", and practice mode shows the ",
        h("code", {}, "tracegrad check"),
        " line for its exercise's answers.",
      ),
    );
    this.selectTab("step");
    window.addEventListener("hashchange", () => {
      if (location.hash !== this.writtenHash) void this.load(location.hash);
    });
  }

  async start(): Promise<void> {
    if (location.hash !== "") await this.load(location.hash);
  }

  private showError(message: string | null): void {
    this.banner.textContent = message ?? "";
    this.banner.hidden = message === null;
  }

  /** Train mode, loaded the first time it is needed. */
  private async trainView(): Promise<TrainView> {
    if (this.train === null) {
      const { TrainView } = await import("./train/train-view.js");
      this.train ??= new TrainView(() => this.persist());
      this.main.appendChild(this.train.root);
      if (this.pendingTrain !== null) {
        const problem = this.train.restore(this.pendingTrain);
        this.pendingTrain = null;
        if (problem !== null) this.showError(problem);
      }
    }
    return this.train;
  }

  /** Practice mode, loaded the first time it is needed. */
  private async practiceView(): Promise<PracticeView> {
    if (this.practice === null) {
      const { PracticeView } = await import("./practice/practice-view.js");
      this.practice ??= new PracticeView(() => this.persist());
      this.main.appendChild(this.practice.root);
    }
    return this.practice;
  }

  private selectTab(mode: Mode): void {
    for (const m of MODES) {
      const selected = m === mode;
      this.tabs[m].setAttribute("aria-selected", selected ? "true" : "false");
      this.tabs[m].setAttribute("tabindex", selected ? "0" : "-1");
      this.tabs[m].classList.toggle("selected", selected);
    }
  }

  private async setMode(mode: Mode, persist: boolean): Promise<void> {
    this.mode = mode;
    this.selectTab(mode);
    this.step.root.hidden = mode !== "step";
    if (mode === "train") await this.trainView();
    if (mode === "practice") await this.practiceView();
    if (this.mode !== mode) return;
    if (this.train !== null) {
      this.train.root.hidden = mode !== "train";
      this.train.setVisible(mode === "train");
    }
    if (this.practice !== null) this.practice.root.hidden = mode !== "practice";
    document.documentElement.dataset.mode = mode;
    if (persist) this.persist();
  }

  /** Restores the state of a link. */
  private async load(hash: string): Promise<void> {
    const practice = PRACTICE.exec(hash);
    if (practice !== null) {
      const { parsePracticeQuery } = await import("./practice/params.js");
      try {
        const params = parsePracticeQuery(practice[1] ?? "");
        (await this.practiceView()).open(params);
        this.showError(null);
      } catch (error) {
        this.showError(`the link's exercise: ${errorLine(error)}`);
      }
      await this.setMode("practice", false);
      this.writtenHash = location.hash;
      return;
    }
    let state: AppState | null;
    try {
      state = await decodeState(hash);
    } catch (error) {
      this.showError(errorLine(error));
      return;
    }
    if (state === null) return;
    this.restoring = true;
    const problems: string[] = [];
    const stepProblem = this.step.restore(state.step);
    if (stepProblem !== null) problems.push(stepProblem);
    if (this.train !== null) {
      const trainProblem = this.train.restore(state.train);
      if (trainProblem !== null) problems.push(trainProblem);
    } else this.pendingTrain = state.train;
    this.restoring = false;
    this.showError(problems.length > 0 ? problems.join("; ") : null);
    await this.setMode(state.mode, false);
    this.writtenHash = location.hash;
  }

  private state(): AppState {
    return { v: 1, mode: this.mode === "practice" ? "step" : this.mode, step: this.step.state(), train: this.train?.state() ?? this.pendingTrain ?? defaultTrainState() };
  }

  /** Writes the state into the URL (soon: changes come in bursts). */
  private persist(): void {
    if (this.restoring) return;
    this.version++;
    document.documentElement.dataset.state = "pending";
    window.clearTimeout(this.persistTimer);
    this.persistTimer = window.setTimeout(() => void this.writeHash(), 150);
  }

  private async writeHash(): Promise<string> {
    const version = this.version;
    const write = ++this.writes;
    const hash = this.mode === "practice" && this.practice !== null ? `#practice?${this.practice.query()}` : `#${await encodeState(this.state())}`;
    // A later write that finished first holds a newer state.
    if (write !== this.writes) return hash;
    if (hash !== location.hash) history.replaceState(null, "", hash);
    this.writtenHash = hash;
    if (version === this.version) document.documentElement.dataset.state = "saved";
    return hash;
  }

  private async share(): Promise<void> {
    window.clearTimeout(this.persistTimer);
    await this.writeHash();
    try {
      await navigator.clipboard.writeText(location.href);
      this.shareStatus.textContent = "Link copied.";
    } catch {
      this.shareStatus.textContent = "Copy the address bar: it holds the link.";
    }
  }
}

/** The train state before train mode is first opened: its defaults at epoch 0. */
function defaultTrainState(): AppState["train"] {
  return { options: { ...DEFAULT_TRAIN_OPTIONS }, epoch: 0, speed: DEFAULT_SPEED };
}
