/**
 * Where the answers a source published differ from a worked solution's values: each published value
 * is found by the name of the step that computes it (the step's left-hand side in ASCII, `sigma_2`,
 * `x_hat_2(3)`, `w1`; or `SECTION.NAME` where several sections compute a quantity of that name) and
 * held to the digits it is printed with. The notes say each difference, or that every value agrees,
 * and name a published value the solution does not compute (with these settings).
 *
 * @module
 */
import { halfUnit } from "../../common/digits.js";
import { didYouMean } from "../../common/did-you-mean.js";
import { formatNumber } from "../../common/format-number.js";
import type { Step } from "../../engine/operation.js";
import { renderExpr } from "../../engine/render-expr.js";
import type { ProblemText, Published } from "./problem.js";
import type { Worked } from "./worked.js";

/** Differences below this count as none: a value that is 0 in exact arithmetic may come out as 1e-17. */
const FLOOR = 1e-12;

/** The name a published value gives a step: its left-hand side in ASCII, braces dropped, `x^(3)` as `x(3)`. */
export function publishedName(step: Step): string {
  return renderExpr(step.lhs, { notation: "ascii" }).replace(/[{}]/g, "").replace(/\^(\(\d+\))$/, "$1");
}

/** How published names are matched with a worked solution's steps. */
export interface PublishedMatching {
  /** Only the sections this accepts (one convention's run of several); all by default. */
  readonly sections?: (id: string) => boolean;
  /**
   * A name several sections compute: `ambiguous` (the default) asks for `SECTION.NAME`; `last` takes
   * the last one, as for the steps of one run, where `w1` means the final w1.
   */
  readonly repeated?: "ambiguous" | "last";
}

/** The steps of a worked solution by published name; where steps repeat a name in a section, the last (the final value) counts. */
function stepsByName(worked: Worked, matching: PublishedMatching): { plain: Map<string, { step: Step; sections: Set<string> }>; qualified: Map<string, { step: Step; section: string }> } {
  const plain = new Map<string, { step: Step; sections: Set<string> }>();
  const qualified = new Map<string, { step: Step; section: string }>();
  for (const section of worked.sections) {
    if (matching.sections !== undefined && !matching.sections(section.id)) continue;
    for (const group of section.groups) {
      for (const step of group.steps) {
        const name = publishedName(step);
        qualified.set(`${section.id}.${name}`, { step, section: section.title });
        const entry = plain.get(name);
        if (entry === undefined) plain.set(name, { step, sections: new Set([section.id]) });
        else {
          entry.sections.add(section.id);
          if (entry.sections.size === 1 || matching.repeated === "last") entry.step = step;
        }
      }
    }
  }
  return { plain, qualified };
}

/**
 * The notes comparing published answers with a worked solution: `Where SOURCE differs: it publishes
 * σ₂ = 10.28; the value is 10.274023.` for each value off by more than half a unit of its last digit,
 * or one note that they all agree; a name the solution does not compute gets a note of its own.
 */
export function publishedNotes(worked: Worked, published: Published, sourceName: string, precision: number, matching: PublishedMatching = {}): string[] {
  const { plain, qualified } = stepsByName(worked, matching);
  const f = (x: number) => formatNumber(x, precision);
  const notes: string[] = [];
  for (const { name, value, path } of published.values) {
    const found = plain.get(name);
    if (found !== undefined && found.sections.size > 1 && matching.repeated !== "last") {
      throw published.source.error(path, `several sections compute ${name} (${[...found.sections].join(", ")}); name one as SECTION.${name}`, { key: true });
    }
    const inSection = found === undefined ? qualified.get(name) : undefined;
    const step = found?.step ?? inSection?.step;
    if (step === undefined) {
      // Not an error: what a solution computes depends on its settings (an L2 penalty, a convention), and
      // a source may publish more than one setting shows. A name close to one it does compute is suggested.
      const known = [...plain.keys(), ...qualified.keys()];
      notes.push(`${sourceName} also publishes ${name} = ${f(value)}, which this solution does not compute${didYouMean(name, known)}.`);
      continue;
    }
    if (Math.abs(value - step.value) > halfUnit(value) * (1 + 1e-9) + FLOOR) {
      const where = inSection !== undefined ? ` (${inSection.section})` : "";
      notes.push(`Where ${sourceName} differs: it publishes ${renderExpr(step.lhs, { notation: "unicode" })}${where} = ${f(value)}; the value is ${f(step.value)}.`);
    }
  }
  const compared = published.values.length - notes.filter((n) => n.includes(" also publishes ")).length;
  if (notes.length === published.values.length - compared && compared > 0) {
    const n = compared;
    notes.push(n === 1 ? `The value ${sourceName} publishes agrees with this to the digits printed.` : `Every value published by ${sourceName} (${n} of them) agrees with these to the digits printed.`);
  }
  return notes;
}

/**
 * A worked solution with a problem file's words: its title and source where it gives them, then the
 * notes on its published answers and its own notes after the solution's.
 */
export function withProblemText(worked: Worked, text: ProblemText | undefined, precision: number, matching: PublishedMatching = {}): Worked {
  if (text === undefined) return worked;
  const source = text.source ?? worked.source;
  const published = text.published === null ? [] : publishedNotes(worked, text.published, source ?? "the source", precision, matching);
  return {
    ...worked,
    title: text.title ?? worked.title,
    ...(source !== undefined ? { source } : {}),
    notes: [...worked.notes, ...published, ...text.notes],
  };
}
