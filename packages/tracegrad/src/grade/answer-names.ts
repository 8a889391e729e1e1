/**
 * The names a learner may give a quantity in an answers file, in the forgiving spellings people write:
 *
 * | quantity          | names (for unit h1, weight w1, bias b1, loss symbol E)                 |
 * |-------------------|-------------------------------------------------------------------------|
 * | z                 | `z_h1`, `net_h1`                                                        |
 * | a                 | `a_h1`, `out_h1`, `h1`                                                  |
 * | δ                 | `delta_h1`, `δ_h1`, `dE/dz_h1`, `dE/dnet_h1`                            |
 * | ∂E/∂w             | `dE/dw1`, `∂E/∂w1`, `dL/dw1`, `grad_w1`, `gradient_w1`, `dw1`, `dE_dw1` |
 * | new weight / bias | `w1` (a bare weight name is the value after the update), `w1_new`, `new_w1`, `w1'` |
 * | loss              | `loss`, `E`, `E_total`, `L`                                             |
 * | loss after update | `lossAfter`, `E_after`, `E_new`                                         |
 * | with L2           | `E_data` (the loss of the data), `P` or `penalty` (λΣw²)                |
 *
 * In a batch, z, a and δ take the sample as a suffix: `z_h1(2)`, also written `z_h1^(2)`.
 * Braces, spaces and backslashes are ignored (`z_{h1}`, `\delta_{o1}`), Greek letters may be spelt
 * out, and a name matches regardless of case when that is unambiguous.
 *
 * @module
 */
import type { StepSpec } from "../step/spec/step-spec.js";
import type { Quantity } from "../step/quantities.js";

const SUPERSCRIPTS: Record<string, string> = { "⁽": "(", "⁾": ")", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

/** A name in the one spelling the lookup uses: no spaces or braces, Greek spelt out, `(n)` for a sample. */
export function normalizeAnswerName(raw: string): string {
  let s = raw.normalize("NFC").trim();
  s = s.replace(/\\partial/g, "d").replace(/\\delta/g, "delta");
  s = s.replace(/[⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => SUPERSCRIPTS[c]).replace(/[₀-₉]/g, (c) => String(SUBSCRIPTS.indexOf(c)));
  s = s.replace(/δ/g, "delta").replace(/∂/g, "d").replace(/[′’`]/g, "'");
  s = s.replace(/[\s{}\\]/g, "");
  s = s.replace(/\^\((\d+)\)$/, "($1)");
  return s;
}

/** The spellings of the loss symbol a learner may use. */
function lossNames(symbol: string): string[] {
  return [...new Set([symbol, "loss", "L", "E", `${symbol}_total`, `${symbol}total`, "E_total", "Etotal", "L_total"])];
}

/** Every name of one quantity, primary key first. */
function namesOf(spec: StepSpec, q: Quantity): string[] {
  const L = spec.names.loss;
  const batch = spec.inputs.length;
  const samples = (base: string[]): string[] => {
    const suffix = `(${q.row + 1})`;
    return batch > 1 ? base.map((b) => b + suffix) : [...base, ...base.map((b) => b + suffix)];
  };
  switch (q.kind) {
    case "z": {
      const u = spec.names.layers[q.layer].units[q.col];
      return samples([`z_${u}`, `net_${u}`]);
    }
    case "a": {
      const u = spec.names.layers[q.layer].units[q.col];
      return samples([`a_${u}`, `out_${u}`, u]);
    }
    case "delta": {
      const u = spec.names.layers[q.layer].units[q.col];
      return samples([`delta_${u}`, ...lossNames(L).flatMap((x) => [`d${x}/dz_${u}`, `d${x}/dnet_${u}`])]);
    }
    case "dW":
    case "db": {
      const p = q.name;
      return [`d${L}/d${p}`, ...lossNames(L).flatMap((x) => [`d${x}/d${p}`, `d${x}_d${p}`]), `grad_${p}`, `gradient_${p}`, `grad${p}`, `d${p}`];
    }
    case "weights":
    case "bias": {
      const p = q.name;
      return [p, `${p}_new`, `new_${p}`, `${p}new`, `${p}'`, `${p}^new`, `${p}^+`, `${p}(new)`];
    }
    case "loss":
      return lossNames(L);
    case "dataLoss":
      return [`${L}_data`, "dataLoss", "data_loss"];
    case "penalty":
      return ["P", "penalty"];
    case "lossAfter":
      return [`${L}_after`, "lossAfter", "loss_after", `${L}_new`, `new_${L}`];
  }
}

/** Looks learner names up. */
export interface AnswerNameTable {
  /** The quantity a name stands for; `"ambiguous"` when it could be two. */
  lookup(name: string): Quantity | "ambiguous" | undefined;
  /** The primary names, for suggestions. */
  readonly known: readonly string[];
}

/** The names of every quantity of a spec. */
export function answerNameTable(spec: StepSpec, quantities: readonly Quantity[]): AnswerNameTable {
  const exact = new Map<string, Quantity | "ambiguous">();
  const folded = new Map<string, Quantity | "ambiguous">();
  const claim = (map: Map<string, Quantity | "ambiguous">, name: string, q: Quantity) => {
    const earlier = map.get(name);
    if (earlier === undefined) map.set(name, q);
    else if (earlier !== q) map.set(name, "ambiguous");
  };
  // A quantity's own key always wins; an alias that two quantities share stands for neither.
  const aliases = new Map<string, Quantity | "ambiguous">();
  for (const q of quantities) claim(exact, normalizeAnswerName(q.key), q);
  for (const q of quantities) for (const name of namesOf(spec, q)) claim(aliases, normalizeAnswerName(name), q);
  for (const [name, q] of aliases) if (!exact.has(name)) exact.set(name, q);
  for (const [name, q] of exact) {
    if (q === "ambiguous") folded.set(name.toLowerCase(), "ambiguous");
    else claim(folded, name.toLowerCase(), q);
  }
  return {
    lookup(name) {
      const n = normalizeAnswerName(name);
      return exact.get(n) ?? folded.get(n.toLowerCase());
    },
    known: quantities.map((q) => q.key),
  };
}
