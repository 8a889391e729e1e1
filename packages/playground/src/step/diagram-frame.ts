/**
 * The frame a network diagram is shown in, in step and practice mode. Where the box has room (a
 * desktop) the diagram is scaled into it and nothing more is shown. Where the diagram at its own size
 * is wider than the box (a phone: its labels stay 11 px or more), the box scrolls sideways, a hint
 * above it says so, shadows at its edges show which way there is more, and a button fits the whole
 * diagram into the box for an overview (and brings it back to its own size).
 *
 * @module
 */
import { h, replaceChildren } from "../lib/dom.js";

export class DiagramFrame {
  readonly root: HTMLElement;
  /** The scrolling box the diagram is drawn in (click and key handlers go on it). */
  readonly box = h("div", { class: "diagram-box" });
  private readonly hint = h("p", { class: "hint swipe-hint", "data-testid": "diagram-hint", hidden: true }, "Swipe the diagram sideways →");
  private readonly fitButton = h("button", { type: "button", class: "small", "data-testid": "diagram-fit", "aria-pressed": "false", hidden: true }, "Fit to screen");
  private readonly bar = h("div", { class: "diagram-bar" }, this.hint, this.fitButton);
  /** The user asked for the whole diagram in the box. */
  private fitted = false;

  constructor() {
    this.root = h("div", { class: "diagram-frame" }, this.bar, this.box);
    this.fitButton.addEventListener("click", () => {
      this.fitted = !this.fitted;
      this.measure();
    });
    // The box's width is known only once it is shown, and changes with the window.
    new ResizeObserver(() => this.measure()).observe(this.box);
  }

  /** Draws a diagram in the box (none: empties it). */
  show(svg: SVGSVGElement | null): void {
    if (svg === null) replaceChildren(this.box);
    else replaceChildren(this.box, svg);
    this.measure();
  }

  /**
   * Scrolls the box sideways, where it scrolls (a phone, not fitted), so that the diagram's items with
   * these ids (`u:o1`, `loss`: what a stage has just computed) are in view; nothing where they already are.
   */
  reveal(ids: readonly string[]): void {
    const box = this.box;
    if (box.classList.contains("fit") || box.scrollWidth <= box.clientWidth + 1 || ids.length === 0) return;
    const origin = box.getBoundingClientRect().left - box.scrollLeft;
    let left = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    for (const id of ids) {
      const element = box.querySelector(`[data-item="${CSS.escape(id)}"]`);
      if (element === null) continue;
      const rect = element.getBoundingClientRect();
      left = Math.min(left, rect.left - origin);
      right = Math.max(right, rect.right - origin);
    }
    if (!Number.isFinite(left)) return;
    if (left >= box.scrollLeft && right <= box.scrollLeft + box.clientWidth) return;
    const target = Math.max(0, Math.min(box.scrollWidth - box.clientWidth, (left + right) / 2 - box.clientWidth / 2));
    box.scrollTo({ left: target });
  }

  /** Whether the diagram at its own size is wider than the box: then the hint (unless fitted) and the button show. */
  private measure(): void {
    const box = this.box;
    box.classList.remove("fit");
    const shown = box.clientWidth > 0;
    const wide = shown && box.scrollWidth > box.clientWidth + 1;
    const fit = wide && this.fitted;
    box.classList.toggle("fit", fit);
    this.hint.hidden = !wide || fit;
    this.fitButton.hidden = !wide;
    this.fitButton.textContent = fit ? "Actual size" : "Fit to screen";
    this.fitButton.setAttribute("aria-pressed", fit ? "true" : "false");
    this.fitButton.title = fit ? "the diagram at its own size, swiped sideways" : "the whole diagram in the box, smaller";
    this.bar.hidden = !wide;
  }
}
