/**
 * A small tree of mathematical expressions.
 *
 * Every operation of the engine declares the formula it prints as a function that builds one of these
 * trees from its operands. Called with symbols it gives the general formula (`σ(z) = 1/(1 + e^(-z))`);
 * called with numbers it gives the same formula with the numbers substituted. The renderers in
 * `explain/` turn a tree into plain text, Unicode or LaTeX, and {@link evaluate} computes its value,
 * which the tests compare with the operation's own forward function.
 *
 * @module
 */

/** A named quantity: a weight `w1`, an activation `a_h1`, the learning rate `η`. */
export interface SymbolExpr {
  readonly kind: "symbol";
  /** Base name; Greek letters are spelled out (`delta`, `eta`, `sigma`, `lambda`, `alpha`). */
  readonly name: string;
  /** Subscript, usually a unit or weight name (`h1`, `w_1^4`). */
  readonly sub?: string;
  /** Superscript, usually the sample of a batch (`(2)`). */
  readonly sup?: string;
  /** A value to use when the expression is evaluated (symbols in worked solutions carry their numbers). */
  readonly value?: number;
  /**
   * The stable id of the quantity the symbol stands for, where it is one of a step's results: its path
   * into the step's numbers (`layers[1].dW[0][1]`). Rendering ignores it; it lets a worked solution's
   * steps be found by what they compute rather than by how they print.
   */
  readonly id?: string;
}

/** A literal number. */
export interface NumberExpr {
  readonly kind: "number";
  readonly value: number;
}

/** ∂of/∂wrt. */
export interface PartialExpr {
  readonly kind: "partial";
  readonly of: SymbolExpr;
  readonly wrt: SymbolExpr;
  readonly value?: number;
  /** The stable id of the gradient it stands for, as {@link SymbolExpr.id}. */
  readonly id?: string;
}

export interface AddExpr {
  readonly kind: "add";
  readonly terms: readonly Expr[];
}
export interface SubtractExpr {
  readonly kind: "subtract";
  readonly left: Expr;
  readonly right: Expr;
}
export interface MultiplyExpr {
  readonly kind: "multiply";
  readonly factors: readonly Expr[];
}
export interface DivideExpr {
  readonly kind: "divide";
  readonly numerator: Expr;
  readonly denominator: Expr;
}
export interface NegateExpr {
  readonly kind: "negate";
  readonly operand: Expr;
}
export interface PowerExpr {
  readonly kind: "power";
  readonly base: Expr;
  readonly exponent: Expr;
}

/** How a function's name prints in each notation: `σ`, `sigmoid` in ASCII, `\\sigma` in LaTeX. */
export interface FunctionText {
  readonly ascii: string;
  readonly unicode: string;
  readonly latex: string;
}

/**
 * A function that formulas call. The elementary ones are below ({@link ELEMENTARY}); each activation
 * declares its own in its registry entry (`activations.ts`), with its printed names and its value, so
 * that a formula calling it prints and evaluates without any table here knowing it.
 */
export interface FunctionRef {
  /** An identifier, unique among functions: `exp`, `sigmoid`, `leaky-relu`. */
  readonly name: string;
  readonly text: FunctionText;
  /** Its value at the arguments; absent for functions shown but never evaluated (f, softmax). */
  readonly evaluate?: (args: readonly number[]) => number;
}

function elementary(name: string, ascii: string, unicode: string, latex: string, evaluate?: (args: readonly number[]) => number): FunctionRef {
  return { name, text: { ascii, unicode, latex }, ...(evaluate !== undefined ? { evaluate } : {}) };
}

/** The elementary functions of formulas. */
export const ELEMENTARY = {
  exp: elementary("exp", "exp", "exp", "\\exp", (a) => Math.exp(a[0])),
  log: elementary("log", "ln", "ln", "\\ln", (a) => Math.log(a[0])),
  max: elementary("max", "max", "max", "\\max", (a) => Math.max(...a)),
  min: elementary("min", "min", "min", "\\min", (a) => Math.min(...a)),
  sqrt: elementary("sqrt", "sqrt", "√", "\\sqrt", (a) => Math.sqrt(a[0])),
  abs: elementary("abs", "abs", "abs", "\\operatorname{abs}", (a) => Math.abs(a[0])),
  identity: elementary("identity", "id", "id", "\\operatorname{id}", (a) => a[0]),
  /** Any activation, in general formulas: f(z). */
  f: elementary("f", "f", "f", "f"),
} as const satisfies Record<string, FunctionRef>;

/** The name of an elementary function. */
export type ElementaryName = keyof typeof ELEMENTARY;

export interface CallExpr {
  readonly kind: "call";
  readonly fn: FunctionRef;
  readonly args: readonly Expr[];
  /** The derivative of the function, `σ'(z)`: shown, never evaluated. */
  readonly prime?: boolean;
}

/** Σ over an index, for general formulas: `Σ_k (t_k - a_k)²`. Not evaluable. */
export interface SumOverExpr {
  readonly kind: "sumOver";
  readonly index: string;
  readonly body: Expr;
}

export type Comparison = ">" | ">=" | "<" | "<=";

export interface Condition {
  readonly left: Expr;
  readonly comparison: Comparison;
  readonly right: Expr;
}

/** A function defined by cases; the last branch is taken when no condition holds. */
export interface PiecewiseExpr {
  readonly kind: "piecewise";
  readonly branches: readonly { readonly value: Expr; readonly when: Condition | null }[];
}

export type Expr =
  | SymbolExpr
  | NumberExpr
  | PartialExpr
  | AddExpr
  | SubtractExpr
  | MultiplyExpr
  | DivideExpr
  | NegateExpr
  | PowerExpr
  | CallExpr
  | SumOverExpr
  | PiecewiseExpr;

/** Anything a builder accepts as an operand: a tree, or a plain number. */
export type Operand = Expr | number;

/** Wraps a plain number as a tree. */
export function num(value: number): NumberExpr {
  return { kind: "number", value };
}

function lift(x: Operand): Expr {
  return typeof x === "number" ? num(x) : x;
}

/** A symbol; `value`, when given, is used by {@link evaluate}. */
export function sym(name: string, sub?: string, sup?: string, value?: number): SymbolExpr {
  const s: { kind: "symbol"; name: string; sub?: string; sup?: string; value?: number } = { kind: "symbol", name };
  if (sub !== undefined && sub !== "") s.sub = sub;
  if (sup !== undefined && sup !== "") s.sup = sup;
  if (value !== undefined) s.value = value;
  return s;
}

/** Returns the symbol with a value attached. */
export function withValue(s: SymbolExpr, value: number): SymbolExpr {
  return { ...s, value };
}

export function partial(of: SymbolExpr, wrt: SymbolExpr, value?: number): PartialExpr {
  return value === undefined ? { kind: "partial", of, wrt } : { kind: "partial", of, wrt, value };
}

export function add(...terms: Operand[]): Expr {
  const lifted = terms.map(lift);
  return lifted.length === 1 ? lifted[0] : { kind: "add", terms: lifted };
}

export function sub(left: Operand, right: Operand): SubtractExpr {
  return { kind: "subtract", left: lift(left), right: lift(right) };
}

export function mul(...factors: Operand[]): Expr {
  const lifted = factors.map(lift);
  return lifted.length === 1 ? lifted[0] : { kind: "multiply", factors: lifted };
}

export function div(numerator: Operand, denominator: Operand): DivideExpr {
  return { kind: "divide", numerator: lift(numerator), denominator: lift(denominator) };
}

export function neg(operand: Operand): NegateExpr {
  return { kind: "negate", operand: lift(operand) };
}

export function pow(base: Operand, exponent: Operand): PowerExpr {
  return { kind: "power", base: lift(base), exponent: lift(exponent) };
}

function functionRef(fn: FunctionRef | ElementaryName): FunctionRef {
  return typeof fn === "string" ? ELEMENTARY[fn] : fn;
}

/** A call of a function: an elementary one by name, or an activation's own {@link FunctionRef}. */
export function call(fn: FunctionRef | ElementaryName, ...args: Operand[]): CallExpr {
  return { kind: "call", fn: functionRef(fn), args: args.map(lift) };
}

/** e^x. */
export function exp(x: Operand): CallExpr {
  return call("exp", x);
}

/** The natural logarithm. */
export function log(x: Operand): CallExpr {
  return call("log", x);
}

/** The square root. */
export function sqrt(x: Operand): CallExpr {
  return call("sqrt", x);
}

/** The larger of its arguments. */
export function max(...args: Operand[]): CallExpr {
  return call("max", ...args);
}

/** The smaller of its arguments. */
export function min(...args: Operand[]): CallExpr {
  return call("min", ...args);
}

/** The derivative of a named function applied to its arguments, `σ'(z)`. */
export function callPrime(fn: FunctionRef | ElementaryName, ...args: Operand[]): CallExpr {
  return { kind: "call", fn: functionRef(fn), args: args.map(lift), prime: true };
}

export function sumOver(index: string, body: Operand): SumOverExpr {
  return { kind: "sumOver", index, body: lift(body) };
}

export function when(left: Operand, comparison: Comparison, right: Operand): Condition {
  return { left: lift(left), comparison, right: lift(right) };
}

export function piecewise(...branches: { value: Operand; when: Condition | null }[]): PiecewiseExpr {
  return { kind: "piecewise", branches: branches.map((b) => ({ value: lift(b.value), when: b.when })) };
}

/** Thrown when an expression cannot be evaluated (an unbound symbol, a general Σ). */
export class EvaluationError extends Error {}

function holds(c: Condition): boolean {
  const l = evaluate(c.left);
  const r = evaluate(c.right);
  switch (c.comparison) {
    case ">":
      return l > r;
    case ">=":
      return l >= r;
    case "<":
      return l < r;
    case "<=":
      return l <= r;
  }
}

/** Index of the branch of a piecewise expression that applies (its conditions must be evaluable). */
export function activeBranch(p: PiecewiseExpr): number {
  for (let i = 0; i < p.branches.length; i++) {
    const cond = p.branches[i].when;
    if (cond === null || holds(cond)) return i;
  }
  return p.branches.length - 1;
}

/** The value of an expression whose symbols all carry values. */
export function evaluate(e: Expr): number {
  switch (e.kind) {
    case "number":
      return e.value;
    case "symbol":
    case "partial":
      if (e.value === undefined) throw new EvaluationError(`symbol without a value: ${JSON.stringify(e)}`);
      return e.value;
    case "add":
      return e.terms.reduce((s, t) => s + evaluate(t), 0);
    case "subtract":
      return evaluate(e.left) - evaluate(e.right);
    case "multiply":
      return e.factors.reduce((p, f) => p * evaluate(f), 1);
    case "divide":
      return evaluate(e.numerator) / evaluate(e.denominator);
    case "negate":
      return -evaluate(e.operand);
    case "power":
      return Math.pow(evaluate(e.base), evaluate(e.exponent));
    case "call": {
      if (e.prime) throw new EvaluationError(`the derivative ${e.fn.name}' is shown, not evaluated`);
      if (e.fn.evaluate === undefined) throw new EvaluationError(`${e.fn.name} is shown, not evaluated`);
      return e.fn.evaluate(e.args.map(evaluate));
    }
    case "sumOver":
      throw new EvaluationError("a general sum over an index has no value");
    case "piecewise":
      return evaluate(e.branches[activeBranch(e)].value);
  }
}
