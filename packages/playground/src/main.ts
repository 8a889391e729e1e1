/**
 * The tracegrad playground: Step mode (one step of backpropagation, stage by stage, every number's
 * worked solution) and Train mode (a network trained live on 2-D data), both on the engine the CLI
 * runs, imported from `src/`. The whole state lives in the URL's fragment (`lib/url-state.ts`).
 *
 * @module
 */
import "./styles.css";
import { errorLine, h } from "./lib/dom.js";
import { decodeState, encodeState } from "./lib/url-state.js";
import type { AppState } from "./lib/url-state.js";
import { StepMode } from "./step/step-mode.js";
import { TrainMode } from "./train/train-mode.js";

type Mode = "step" | "train";

class App {
  private mode: Mode = "step";
  private readonly banner = h("p", { class: "error-banner", role: "alert", "data-testid": "error", hidden: true });
  private readonly shareStatus = h("span", { class: "share-status", role: "status" });
  private readonly tabs: Record<Mode, HTMLButtonElement>;
  private readonly step: StepMode;
  private readonly train: TrainMode;
  private persistTimer: number | undefined;
  private writtenHash = "";
  private restoring = false;
  /** Counts changes, so that the page says "saved" only when the URL holds the latest. */
  private version = 0;
  private writes = 0;

  constructor(root: HTMLElement) {
    this.step = new StepMode(() => this.persist());
    this.train = new TrainMode(() => this.persist());
    const tab = (mode: Mode, label: string) => {
      const button = h("button", { type: "button", role: "tab", id: `tab-${mode}`, "aria-controls": `panel-${mode}`, "data-testid": `mode-${mode}`, class: "tab" }, label);
      button.addEventListener("click", () => this.setMode(mode, true));
      button.addEventListener("keydown", (event) => {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          event.preventDefault();
          const other: Mode = mode === "step" ? "train" : "step";
          this.setMode(other, true);
          this.tabs[other].focus();
        }
      });
      return button;
    };
    this.tabs = { step: tab("step", "Step"), train: tab("train", "Train") };
    const main = h("main", { id: "main" }, this.step.root, this.train.root);
    // A link's problem stays on show until the user does something else.
    const dismiss = (event: Event) => {
      if ((event.target as Element).closest("button, select, input, textarea") !== null) this.showError(null);
    };
    main.addEventListener("click", dismiss);
    main.addEventListener("change", dismiss);
    const share = h("button", { type: "button", class: "small", "data-testid": "share", title: "copy a link to this very state of the playground" }, "Copy link");
    share.addEventListener("click", () => void this.share());
    root.append(
      h(
        "header",
        { class: "top" },
        h("h1", {}, h("span", { class: "logo", "aria-hidden": "true" }, "∂"), " tracegrad ", h("span", { class: "subtitle" }, "playground")),
        h("div", { class: "tabs", role: "tablist", "aria-label": "mode" }, this.tabs.step, this.tabs.train),
        h("div", { class: "share" }, share, this.shareStatus),
      ),
      this.banner,
      main,
      h(
        "footer",
        {},
        "Every number is computed in this page by tracegrad's engine, the code the CLI runs; nothing is sent anywhere. ",
        "The spec YAML runs with ",
        h("code", {}, "tracegrad step network.yaml"),
        ", the model with ",
        h("code", {}, "tracegrad predict model.json DATA.csv"),
        ".",
      ),
    );
    this.setMode("step", false);
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

  private setMode(mode: Mode, persist: boolean): void {
    this.mode = mode;
    for (const m of ["step", "train"] as const) {
      const selected = m === mode;
      this.tabs[m].setAttribute("aria-selected", selected ? "true" : "false");
      this.tabs[m].classList.toggle("selected", selected);
    }
    this.step.root.hidden = mode !== "step";
    this.train.root.hidden = mode !== "train";
    this.train.setVisible(mode === "train");
    if (persist) this.persist();
  }

  /** Restores the state of a link. */
  private async load(hash: string): Promise<void> {
    let state: AppState | null;
    try {
      state = await decodeState(hash);
    } catch (error) {
      this.showError(errorLine(error));
      return;
    }
    if (state === null) return;
    this.restoring = true;
    const problems = [this.step.restore(state.step), this.train.restore(state.train)].filter((p): p is string => p !== null);
    this.restoring = false;
    this.setMode(state.mode, false);
    this.showError(problems.length > 0 ? problems.join("; ") : null);
    this.writtenHash = location.hash;
  }

  private state(): AppState {
    return { v: 1, mode: this.mode, step: this.step.state(), train: this.train.state() };
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
    const hash = `#${await encodeState(this.state())}`;
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

const root = document.getElementById("app");
if (root !== null) {
  const app = new App(root);
  void app.start().then(() => {
    document.documentElement.dataset.ready = "true";
  });
}
