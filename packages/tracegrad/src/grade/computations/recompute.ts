/**
 * What every recomputation of a smaller computation does besides its own arithmetic: it records each
 * value as computed (rounded, for a learner who rounds every intermediate value) and goes on with the
 * learner's own value where they gave one (`carry`), so that a value computed correctly from the
 * learner's earlier answers can be recognised. The arithmetic itself is always the engine's own
 * functions, with the rule a mistake changes.
 *
 * @module
 */
import { roundTo } from "../../common/format-number.js";
import type { GradedQuantity, Mistake, SimulationSettings, Values } from "../computation.js";

/** Records the values of one recomputation by path. */
export class Recomputation {
  private readonly values = new Map<string, number>();

  constructor(private readonly settings: SimulationSettings) {}

  /** x rounded as the settings ask (unchanged without `round`). */
  round(x: number): number {
    const { round, decimals } = this.settings;
    if (round === undefined || !Number.isFinite(x)) return x;
    if (decimals) {
      const scale = Math.pow(10, round);
      return Math.round(x * scale) / scale;
    }
    return roundTo(x, round);
  }

  /** Records the value computed at `path` (rounded) and returns the value used downstream: the learner's where carried. */
  put(path: string, computed: number): number {
    const value = this.round(computed);
    this.values.set(path, value);
    return this.settings.carry?.(path) ?? value;
  }

  /** The values recorded. */
  result(): Values {
    const values = this.values;
    return (path) => values.get(path) ?? Number.NaN;
  }
}

/** The rules of the mistakes made together: each mistake's, merged (they change different rules). */
export function merged<Rules extends object>(mistakes: readonly Mistake<Rules>[]): Partial<Rules> {
  return Object.assign({}, ...mistakes.map((m) => m.rules)) as Partial<Rules>;
}

/** A quantity with the fields a small computation leaves out. */
export function quantity(q: Omit<GradedQuantity, "family" | "before"> & Partial<Pick<GradedQuantity, "family" | "before">>): GradedQuantity {
  return { family: null, before: null, ...q };
}

/** `1, 2 and 3`-style plural: "1 row", "3 rows". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
