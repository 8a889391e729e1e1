/**
 * What the exercise types share: drawing few-digit numbers until a draw is not degenerate, the title
 * and command line of an exercise, and the layout of a question (what is given, the formulas, what to
 * compute, how to check the answers).
 *
 * @module
 */
import { ADVISED_DIGITS, digitsAdvice } from "../digits-advice.js";
import { InputError } from "../../common/input-error.js";
import type { Expr } from "../../engine/expr.js";
import type { Random } from "../../engine/random.js";
import { renderExpr } from "../../engine/render-expr.js";
import { DEFAULT_TOLERANCE, formatTolerance } from "../../grade/tolerance.js";
import { markdownTable } from "../../explain/worked/render-worked-markdown.js";
import type { Formula } from "../../explain/solution.js";
import type { Table } from "../../explain/worked/worked.js";
import type { Computation } from "../../grade/computation.js";
import type { CommonOptions, ExerciseTypeName } from "../exercise-type.js";

/** How many draws a type makes before it gives up on a degenerate configuration. */
export const MAX_DRAWS = 2000;

/** A number in [low, high] with `digits` decimals, not 0 when `nonzero`. */
export function drawNumber(random: Random, low: number, high: number, digits: number, nonzero = false): number {
  const scale = Math.pow(10, digits);
  for (;;) {
    const v = Math.round(random.uniform(low, high) * scale) / scale;
    if (!(nonzero && v === 0)) return v === 0 ? 0 : v;
  }
}

/** Why a draw was rejected. */
export interface Degenerate {
  readonly degenerate: string;
}

/**
 * Draws until `attempt` gives an exercise (it returns a reason for a degenerate draw instead), at most
 * {@link MAX_DRAWS} times; `what` names the exercise in the error.
 */
export function drawUntil<T extends object>(what: string, seed: number, attempt: (rejected: number) => T | Degenerate): T {
  let last = "";
  for (let k = 0; k < MAX_DRAWS; k++) {
    const result = attempt(k);
    if (typeof result === "object" && result !== null && "degenerate" in result) {
      last = (result as { degenerate: string }).degenerate;
      continue;
    }
    return result as T;
  }
  throw new InputError(`no ${what} from seed ${seed} in ${MAX_DRAWS} draws avoids a degenerate one (the last: ${last}); try other options`);
}

/** `Feature scaling 07 (seed 3)`. */
export function exerciseTitle(title: string, common: CommonOptions): string {
  const number = common.number === undefined ? "" : ` ${String(common.number).padStart(2, "0")}`;
  return `${title}${number} (seed ${common.seed})`;
}

/** The command line that makes an exercise again. */
export function commandOf(type: ExerciseTypeName, flags: readonly string[], common: CommonOptions & { digits: number }): string {
  return ["tracegrad exercise", `--type ${type}`, `--seed ${common.seed}`, ...flags, `--digits ${common.digits}`].join(" ");
}

/** `$lhs = rhs$` for a formula, in LaTeX. */
export function formulaMath(f: Formula | { lhs: Expr; rhs: Expr; assign?: boolean }): string {
  return `$${renderExpr(f.lhs, { notation: "latex" })} ${f.assign ? "\\leftarrow" : "="} ${renderExpr(f.rhs, { notation: "latex" })}$`;
}

/** A symbol with its value, in LaTeX: `$\eta = 0.1$`. */
export function givenMath(e: Expr): string {
  return `$${renderExpr(e, { notation: "latex" })} = ${renderExpr(e, { notation: "latex", substitute: true })}$`;
}

/** The parts of a question. */
export interface QuestionParts {
  /** What to do, in a sentence or two. */
  readonly intro: string;
  /** The given values: lines of a list (each as Markdown), and tables. */
  readonly given: readonly string[];
  readonly tables?: readonly Table[];
  /** The formulas and conventions, as lines of a list. */
  readonly conventions: readonly string[];
  /** What to compute, as the items of a numbered list. */
  readonly tasks: readonly string[];
  /** The exercise file `tracegrad check` takes (`exercise.json`). */
  readonly check?: string;
  /** The significant digits the answers need (`significantDigitsNeeded`); 4 when not given. */
  readonly digits?: number;
}

/** A question as Markdown, without its title. */
export function questionMarkdown(parts: QuestionParts): string {
  const out: string[] = [parts.intro, "", "## Given", ""];
  for (const g of parts.given) out.push(`- ${g}`);
  for (const table of parts.tables ?? []) {
    out.push("");
    if (table.title !== "") out.push(`**${table.title}**`, "");
    out.push(...markdownTable(table, 17));
  }
  if (parts.conventions.length > 0) {
    out.push("", "## Conventions", "");
    for (const c of parts.conventions) out.push(`- ${c}`);
  }
  out.push("", "## What to compute", "");
  parts.tasks.forEach((t, i) => out.push(`${i + 1}. ${t}`));
  out.push(
    "",
    "## Answers",
    "",
    `Write your numbers in \`answers.yaml\` (replace each \`null\`), then check them with \`tracegrad check ${parts.check ?? "exercise.json"} answers.yaml\` ` +
      `(\`--hints\` names a mistake without giving the answer). An answer within ${formatTolerance(DEFAULT_TOLERANCE)} of the exact value counts as right, so ${digitsAdvice(parts.digits ?? ADVISED_DIGITS)}; keep more digits in intermediate values.`,
    "",
  );
  return out.join("\n");
}

/**
 * A mistake that this draw hides: the id of one of the computation's mistakes that changes none of
 * the asked values by more than `margin` (relative), so that a learner making it would be graded
 * right; null when every mistake shows.
 */
export function hiddenMistake(computation: Computation, margin = 0.01): string | null {
  for (const mistake of computation.mistakes) {
    const values = computation.simulate([mistake], {});
    const shows = computation.asked.some((path) => {
      const exact = computation.exact(path);
      const made = values(path);
      return Number.isFinite(made) && Math.abs(made - exact) > margin * Math.max(Math.abs(exact), 1e-6);
    });
    if (!shows) return mistake.id;
  }
  return null;
}
