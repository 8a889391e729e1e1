/**
 * A few DOM helpers. Every text a user or a link supplies goes in as text (`textContent`,
 * attributes set one by one), never as HTML; the only HTML the page inserts is KaTeX's (`math.ts`).
 *
 * @module
 */

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/** An element with attributes (`class`, `data-testid`, ...; false and null leave one out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(key, value === true ? "" : String(value));
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A `<select>` with options `[value, label]`. */
export function select(attributes: Attributes, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const element = h("select", attributes);
  for (const [v, label] of options) element.appendChild(h("option", { value: v }, label));
  element.value = value;
  return element;
}

/** A labelled control: `<label>text control</label>`. */
export function field(label: string, control: HTMLElement, attributes: Attributes = {}): HTMLLabelElement {
  return h("label", { class: "field", ...attributes }, h("span", { class: "field-label" }, label), control);
}

export { errorLine } from "./errors.js";
