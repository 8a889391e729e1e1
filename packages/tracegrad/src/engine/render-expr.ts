/**
 * Renders expression trees of `engine/expr.ts` as plain ASCII, Unicode or LaTeX, with their symbols
 * written as names or, substituted, as their values.
 *
 * @module
 */
import type { Condition, Expr, FunctionRef, MultiplyExpr, SymbolExpr } from "./expr.js";
import { activeBranch } from "./expr.js";
import { DEFAULT_PRECISION, formatNumber, formatNumberLatex } from "../common/format-number.js";

/** `ascii` for any terminal, `unicode` for most, `latex` for documents and KaTeX. */
export type Notation = "ascii" | "unicode" | "latex";

export interface RenderOptions {
  readonly notation: Notation;
  /** Write symbols that carry a value as that value. */
  readonly substitute: boolean;
  /** Significant digits of the numbers. */
  readonly precision: number;
}

const GREEK: Record<string, [string, string]> = {
  alpha: ["α", "\\alpha"],
  beta: ["β", "\\beta"],
  gamma: ["γ", "\\gamma"],
  delta: ["δ", "\\delta"],
  epsilon: ["ε", "\\epsilon"],
  eta: ["η", "\\eta"],
  theta: ["θ", "\\theta"],
  lambda: ["λ", "\\lambda"],
  mu: ["μ", "\\mu"],
  rho: ["ρ", "\\rho"],
  sigma: ["σ", "\\sigma"],
};

/** `yhat` is ŷ, `mhat` is m̂: a one-letter name followed by "hat". */
function hatted(name: string): string | undefined {
  return /^[A-Za-z]hat$/.test(name) ? name[0] : undefined;
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
  "(": "⁽", ")": "⁾", "+": "⁺", "-": "⁻", t: "ᵗ", n: "ⁿ",
};
const SUPERSCRIPT_CHARACTERS = new Set(Object.values(SUPERSCRIPT));

/** Writes a learner's name in LaTeX: `h1` → `h_{1}`, `w_1^4` → `w_{1}^{4}`, `net` → `\mathrm{net}`. */
export function nameToLatex(name: string): string {
  const greek = GREEK[name];
  if (greek !== undefined) return greek[1];
  const hat = hatted(name);
  if (hat !== undefined) return `\\hat{${hat}}`;
  const explicit = /^([A-Za-z]+)(?:_\{?([^^}]+)\}?)?(?:\^\{?([^}]+)\}?)?$/.exec(name);
  if (explicit !== null && (name.includes("_") || name.includes("^"))) {
    const [, base, sub, sup] = explicit;
    return baseLatex(base) + (sub !== undefined ? `_{${nameToLatex(sub)}}` : "") + (sup !== undefined ? `^{${sup}}` : "");
  }
  const m = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (m !== null) return `${baseLatex(m[1])}_{${m[2]}}`;
  if (/^\d+$/.test(name)) return name;
  return baseLatex(name);
}

function baseLatex(base: string): string {
  const greek = GREEK[base];
  if (greek !== undefined) return greek[1];
  return base.length > 1 ? `\\mathrm{${base}}` : base;
}

function nameToUnicode(name: string): string {
  const greek = GREEK[name];
  if (greek !== undefined) return greek[0];
  const hat = hatted(name);
  return hat !== undefined ? `${hat}\u0302` : name;
}

function nameToAscii(name: string): string {
  const hat = hatted(name);
  return hat !== undefined ? `${hat}_hat` : name;
}

function symbolText(s: SymbolExpr, notation: Notation): string {
  if (notation === "latex") {
    let out = nameToLatex(s.name);
    if (s.sub !== undefined) out += `_{${nameToLatex(s.sub)}}`;
    if (s.sup !== undefined) out += `^{${s.sup}}`;
    return out;
  }
  const plain = notation === "unicode" ? nameToUnicode : nameToAscii;
  let out = plain(s.name);
  if (s.sub !== undefined) {
    // A subscript that is itself sub- or superscripted goes in braces: z_{h_1^2}.
    const sub = plain(s.sub);
    out += notation === "unicode" && /^\d$/.test(s.sub) ? SUBSCRIPT_DIGITS[Number(s.sub)] : /[_^]/.test(s.sub) ? `_{${sub}}` : `_${sub}`;
  }
  if (s.sup !== undefined) {
    const chars = [...s.sup];
    out += notation === "unicode" && chars.every((c) => SUPERSCRIPT[c] !== undefined) ? chars.map((c) => SUPERSCRIPT[c]).join("") : `^${s.sup}`;
  }
  return out;
}

// Binding strength: higher binds tighter.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

interface Rendered {
  readonly text: string;
  readonly strength: number;
  /** Starts with a minus sign (a negative number or a negation). */
  readonly negative: boolean;
}


const COMPARISON: Record<Condition["comparison"], [string, string, string]> = {
  ">": [">", ">", ">"],
  ">=": [">=", "≥", "\\ge"],
  "<": ["<", "<", "<"],
  "<=": ["<=", "≤", "\\le"],
};

function pick<T>(notation: Notation, [ascii, unicode, latex]: readonly [T, T, T]): T {
  return notation === "ascii" ? ascii : notation === "unicode" ? unicode : latex;
}

function paren(r: Rendered, notation: Notation): string {
  return notation === "latex" ? `\\left(${r.text}\\right)` : `(${r.text})`;
}

class Renderer {
  constructor(private readonly o: RenderOptions) {}

  number(value: number): Rendered {
    const text = this.o.notation === "latex" ? formatNumberLatex(value, this.o.precision) : formatNumber(value, this.o.precision);
    const negative = text.startsWith("-");
    // 2.5·10⁻⁷ and 2.5e-7 bind like products: (2.5e-7)², not 2.5e-7².
    return { text, strength: negative ? UNARY : text.includes("\\times") || /\de/.test(text) ? PRODUCT : ATOM, negative };
  }

  /** Wraps `r` in parentheses when it binds more loosely than `strength` requires. */
  wrap(r: Rendered, strength: number, negativeNeedsParens = false): string {
    return r.strength < strength || (negativeNeedsParens && r.negative) ? paren(r, this.o.notation) : r.text;
  }

  render(e: Expr): Rendered {
    const n = this.o.notation;
    switch (e.kind) {
      case "number":
        return this.number(e.value);
      case "symbol":
        if (this.o.substitute && e.value !== undefined) return this.number(e.value);
        return { text: symbolText(e, n), strength: ATOM, negative: false };
      case "partial": {
        if (this.o.substitute && e.value !== undefined) return this.number(e.value);
        const of = symbolText(e.of, n);
        const wrt = symbolText(e.wrt, n);
        const text = n === "latex" ? `\\frac{\\partial ${of}}{\\partial ${wrt}}` : n === "unicode" ? `∂${of}/∂${wrt}` : `d${of}/d${wrt}`;
        return { text, strength: ATOM, negative: false };
      }
      case "add": {
        const parts = e.terms.map((t) => this.render(t));
        let text = this.wrap(parts[0], SUM);
        for (let i = 1; i < parts.length; i++) {
          const term = e.terms[i];
          const p = parts[i];
          if (term.kind === "negate") text += ` - ${this.wrap(this.render(term.operand), PRODUCT)}`;
          else if (p.negative && p.strength >= UNARY && isPlainNumber(term, this.o)) text += ` - ${p.text.slice(1)}`;
          else if (p.negative && term.kind === "multiply") text += ` + ${this.product(term, true).text}`;
          else text += ` + ${this.wrap(p, PRODUCT, true)}`;
        }
        return { text, strength: SUM, negative: parts[0].negative };
      }
      case "subtract": {
        const left = this.render(e.left);
        const right = this.render(e.right);
        return { text: `${this.wrap(left, SUM)} - ${this.wrap(right, PRODUCT, true)}`, strength: SUM, negative: left.negative };
      }
      case "multiply":
        return this.product(e, false);
      case "divide": {
        const num = this.render(e.numerator);
        const den = this.render(e.denominator);
        if (n === "latex") return { text: `\\frac{${num.text}}{${den.text}}`, strength: ATOM, negative: false };
        return { text: `${this.wrap(num, PRODUCT)}/${this.wrap(den, POWER, true)}`, strength: PRODUCT, negative: num.negative };
      }
      case "negate": {
        const operand = this.render(e.operand);
        return { text: `-${this.wrap(operand, POWER, true)}`, strength: UNARY, negative: true };
      }
      case "power": {
        const base = this.render(e.base);
        const exponent = this.render(e.exponent);
        // ∂L/∂w² would read as a derivative by w², and a⁽¹⁾² as a double superscript (which LaTeX
        // refuses): a derivative, or a symbol with a superscript, raised to a power takes parentheses.
        const shown = !(this.o.substitute && "value" in e.base && e.base.value !== undefined);
        const superscripted = e.base.kind === "symbol" && (e.base.sup !== undefined || base.text.includes("^") || [...base.text].some((c) => SUPERSCRIPT_CHARACTERS.has(c)));
        const b = shown && (e.base.kind === "partial" || superscripted) ? paren(base, n) : this.wrap(base, ATOM, true);
        if (n === "latex") return { text: `${b}^{${exponent.text}}`, strength: POWER, negative: false };
        const chars = [...exponent.text];
        if (n === "unicode" && chars.every((c) => SUPERSCRIPT[c] !== undefined))
          return { text: b + chars.map((c) => SUPERSCRIPT[c]).join(""), strength: POWER, negative: false };
        return { text: `${b}^${this.wrap(exponent, ATOM, true)}`, strength: POWER, negative: false };
      }
      case "call":
        return this.call(e.fn, e.args, e.prime === true);
      case "sumOver": {
        const body = this.render(e.body);
        const text =
          n === "latex" ? `\\sum_{${e.index}} ${this.wrap(body, PRODUCT)}` : `${n === "ascii" ? "sum_" : "Σ_"}${e.index} ${this.wrap(body, PRODUCT)}`;
        return { text, strength: PRODUCT, negative: false };
      }
      case "piecewise": {
        if (this.o.substitute && e.branches.every((b) => b.when === null || conditionHasValues(b.when))) {
          return this.render(e.branches[activeBranch(e)].value);
        }
        if (n === "latex") {
          const rows = e.branches.map((b) => `${this.render(b.value).text} & ${b.when === null ? "\\text{otherwise}" : this.condition(b.when)}`);
          return { text: `\\begin{cases} ${rows.join(" \\\\ ")} \\end{cases}`, strength: ATOM, negative: false };
        }
        const rows = e.branches.map((b) => (b.when === null ? `else ${this.render(b.value).text}` : `${this.render(b.value).text} if ${this.condition(b.when)}`));
        return { text: `(${rows.join(", ")})`, strength: ATOM, negative: false };
      }
    }
  }

  /** A product; `wrapLeadingNegative` puts a negative first factor in parentheses (inside a sum). */
  product(e: MultiplyExpr, wrapLeadingNegative: boolean): Rendered {
    const dot = pick(this.o.notation, ["*", "·", " \\cdot "] as const);
    const parts = e.factors.map((f) => this.render(f));
    const text = parts.map((p, i) => this.wrap(p, PRODUCT, i > 0 || wrapLeadingNegative)).join(dot);
    return { text, strength: PRODUCT, negative: parts[0].negative && !wrapLeadingNegative };
  }

  condition(c: Condition): string {
    return `${this.render(c.left).text} ${pick(this.o.notation, COMPARISON[c.comparison])} ${this.render(c.right).text}`;
  }

  call(fn: FunctionRef, args: readonly Expr[], prime: boolean): Rendered {
    const n = this.o.notation;
    const rendered = args.map((a) => this.render(a));
    if (fn.name === "exp" && n !== "ascii" && !prime) {
      const x = rendered[0];
      if (n === "latex") return { text: `e^{${x.text}}`, strength: POWER, negative: false };
      return { text: x.strength >= ATOM && !x.negative ? `e^${x.text}` : `e^(${x.text})`, strength: POWER, negative: false };
    }
    if (fn.name === "sqrt" && n === "latex") return { text: `\\sqrt{${rendered[0].text}}`, strength: ATOM, negative: false };
    if (fn.name === "identity" && !prime) return rendered[0];
    const name = fn.text[n] + (prime ? "'" : "");
    const list = rendered.map((r) => r.text).join(", ");
    const open = n === "latex" ? "\\left(" : "(";
    const close = n === "latex" ? "\\right)" : ")";
    return { text: `${name}${open}${list}${close}`, strength: ATOM, negative: false };
  }
}

function conditionHasValues(c: Condition): boolean {
  return hasValue(c.left) && hasValue(c.right);
}

function hasValue(e: Expr): boolean {
  return e.kind === "number" || ((e.kind === "symbol" || e.kind === "partial") && e.value !== undefined);
}

/** A term that renders as a bare number (a literal, or a substituted symbol). */
function isPlainNumber(e: Expr, o: RenderOptions): boolean {
  return e.kind === "number" || (o.substitute && (e.kind === "symbol" || e.kind === "partial") && e.value !== undefined);
}

/** Renders an expression. */
export function renderExpr(e: Expr, options: Partial<RenderOptions> = {}): string {
  const o: RenderOptions = { notation: options.notation ?? "unicode", substitute: options.substitute ?? false, precision: options.precision ?? DEFAULT_PRECISION };
  return new Renderer(o).render(e).text;
}

/** Renders a number in a notation. */
export function renderNumber(value: number, notation: Notation, precision: number = DEFAULT_PRECISION): string {
  return notation === "latex" ? formatNumberLatex(value, precision) : formatNumber(value, precision);
}
