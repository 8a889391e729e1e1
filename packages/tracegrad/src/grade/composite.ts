/**
 * Several computations graded as one (a problem set's parts: `part1.mu_1`, `part2.dL/dw1`): each part's
 * quantities under `parts[k].` and its names under its prefix, each part's mistakes its own (made in
 * that part only), so that one grading serves a whole sheet.
 *
 * @module
 */
import { didYouMean } from "../common/did-you-mean.js";
import type { Computation, GradedQuantity, Mistake, SimulationSettings, Values } from "./computation.js";

/** A part of a composite: the prefix of its names (`part1`) and its computation. */
export interface CompositePart {
  readonly prefix: string;
  readonly computation: Computation;
}

/** Computations graded as one, with the part and own quantity of each composite path. */
export interface CompositeComputation extends Computation {
  partOf(path: string): { readonly part: number; readonly quantity: GradedQuantity };
}

const prefixed = (k: number, path: string) => `parts[${k}].${path}`;

function split(path: string): [number, string] {
  const m = /^parts\[(\d+)\]\.(.*)$/.exec(path);
  if (m === null) throw new Error(`not a path of a part: ${path}`);
  return [Number(m[1]), m[2]];
}

/** The parts as one computation. */
export function compositeComputation(parts: readonly CompositePart[]): CompositeComputation {
  const own = new Map<string, { part: number; quantity: GradedQuantity }>();
  const quantities: GradedQuantity[] = [];
  parts.forEach(({ prefix, computation }, k) => {
    for (const q of computation.quantities) {
      const path = prefixed(k, q.path);
      own.set(path, { part: k, quantity: q });
      quantities.push({
        ...q,
        path,
        key: `${prefix}.${q.key}`,
        symbol: `${q.symbol} (${prefix})`,
        section: `${prefix}:${q.section}`,
        family: q.family === null ? null : `${k}:${q.family}`,
        ...(q.gradientPath !== undefined ? { gradientPath: prefixed(k, q.gradientPath) } : {}),
        ...(q.updatedPath !== undefined ? { updatedPath: prefixed(k, q.updatedPath) } : {}),
      });
    }
  });
  const of = (path: string) => {
    const found = own.get(path);
    if (found === undefined) throw new Error(`no quantity at ${path}`);
    return found;
  };
  // Each part's mistakes, their ids made unique, with the part they belong to.
  const owner = new Map<Mistake, { part: number; original: Mistake }>();
  const wrap = (k: number, m: Mistake): Mistake => {
    const wrapped: Mistake = { ...m, id: `${parts[k].prefix}:${m.id}`, words: (q, context) => m.words(own.get(q.path)?.quantity ?? q, context), phrase: () => m.phrase() };
    owner.set(wrapped, { part: k, original: m });
    return wrapped;
  };
  const wrapped = parts.map(({ computation }, k) => new Map(computation.mistakes.map((m) => [m, wrap(k, m)])));
  const mistakes = wrapped.flatMap((w) => [...w.values()]);
  const pairs = parts.flatMap(({ computation }, k) => computation.pairs.map(([a, b]) => [wrapped[k].get(a)!, wrapped[k].get(b)!] as const));
  const simulate = (made: readonly Mistake[], settings: SimulationSettings): Values => {
    const values = parts.map(({ computation }, k) => {
      const mine = made.map((m) => owner.get(m)).filter((o) => o !== undefined && o.part === k);
      // A mistake of another part leaves this part's values out of the comparison.
      if (mine.length < made.length) return () => Number.NaN;
      const carry = settings.carry;
      return computation.simulate(
        mine.map((o) => o!.original),
        { ...settings, ...(carry !== undefined ? { carry: (p: string) => carry(prefixed(k, p)) } : {}) },
      );
    });
    return (path) => {
      const [k, rest] = split(path);
      return values[k](rest);
    };
  };
  return {
    partOf: (path) => {
      const { part, quantity } = of(path);
      return { part, quantity };
    },
    quantities,
    asked: parts.flatMap(({ computation }, k) => computation.asked.map((p) => prefixed(k, p))),
    exact: (path) => {
      const [k, rest] = split(path);
      return parts[k].computation.exact(rest);
    },
    dependencies: (path) => {
      const [k, rest] = split(path);
      return parts[k].computation.dependencies(rest).map((p) => prefixed(k, p));
    },
    mistakes,
    pairs,
    simulate,
    names(q) {
      const { part, quantity } = of(q.path);
      return parts[part].computation.names(quantity).map((n) => `${parts[part].prefix}.${n}`);
    },
    unknownName(key, known) {
      const head = key.split(".")[0];
      const part = parts.find((p) => p.prefix === head);
      if (part === undefined) return `unknown quantity "${key}"${didYouMean(key, known)}; a set's answers name their part first (${parts.map((p) => p.prefix).join(", ")}), as in ${known[0] ?? "part1.NAME"}`;
      return `${head}: ${part.computation.unknownName(key.slice(head.length + 1), part.computation.quantities.map((q) => q.key))}`;
    },
  };
}
