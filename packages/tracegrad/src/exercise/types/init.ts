/**
 * `tracegrad exercise --type init`: Xavier or He initialization for layer sizes (the Neural Networks
 * Exercises' exercise 7, with fresh sizes): each layer's uniform bound, normal σ and variance, from
 * the initializers `tracegrad init` and `tracegrad train` draw with.
 *
 * @module
 */
import { isMapping } from "../../common/describe-value.js";
import { sym } from "../../engine/expr.js";
import { Random } from "../../engine/random.js";
import { INITIALIZERS } from "../../nn/initializers.js";
import { initScalesWorked } from "../../explain/init/init-scales.js";
import { initializationComputation } from "../../grade/computations/initialization.js";
import type { InitScheme } from "../../grade/computations/initialization.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { plainYaml } from "../plain-yaml.js";
import { TYPE_INFO } from "../type-options.js";
import { workedCheckable } from "../worked-working.js";
import { commandOf, drawUntil, exerciseTitle, formulaMath, hiddenMistake, questionMarkdown } from "./common.js";

export interface InitExerciseOptions {
  readonly layers: readonly number[] | null;
  readonly scheme: InitScheme;
}

const SIZES = [2, 3, 4, 5, 8, 10, 16, 32, 64, 100, 128, 256];

function checkableOf(sizes: readonly number[], scheme: InitScheme, title?: string) {
  return workedCheckable(initializationComputation(sizes, scheme), () => initScalesWorked(sizes, scheme, title !== undefined ? { title } : {}));
}

export const initType: ExerciseType<InitExerciseOptions> = {
  name: "init",
  ...TYPE_INFO.init,
  readOptions(read) {
    const activation = read.choice("activation", "relu", ["relu", "leaky-relu", "sigmoid", "tanh", "identity"] as const);
    const fallback: InitScheme = activation === "relu" || activation === "leaky-relu" ? "he" : "xavier";
    return { layers: read.has("layers") ? read.sizes("layers", [], 1024) : null, scheme: read.choice("scheme", fallback, ["xavier", "he"] as const) };
  },
  flags: (o) => [...(o.layers !== null ? [`--layers ${o.layers.join("-")}`] : []), `--scheme ${o.scheme}`],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TYPE_INFO.init.title, common);
    const command = commandOf("init", initType.flags(options), common);
    return drawUntil<TypedExercise>("init exercise", common.seed, (rejected) => {
      const sizes = options.layers ?? Array.from({ length: 3 + random.integer(2) }, () => SIZES[random.integer(SIZES.length)]);
      const checkable = checkableOf(sizes, options.scheme, title);
      const hidden = options.layers === null ? hiddenMistake(checkable.computation, 0.02) : null;
      if (hidden !== null) return { degenerate: `the sizes hide the mistake ${hidden}` };
      const worked = initScalesWorked(sizes, options.scheme, { title });
      const name = options.scheme === "he" ? "He" : "Xavier (Glorot)";
      const question = questionMarkdown({
        intro: `A network has the layer sizes ${sizes.join("-")} (inputs first). Initialize its weights with ${name} initialization.`,
        given: sizes.slice(0, -1).map((n, l) => `layer ${l + 1}: $n_{\\mathrm{in}} = ${n}$, $n_{\\mathrm{out}} = ${sizes[l + 1]}$`),
        conventions: [
          formulaMath({ lhs: sym("r"), rhs: INITIALIZERS[`${options.scheme}-uniform`].scaleFormula(sym("n", "in"), sym("n", "out")) }),
          formulaMath({ lhs: sym("sigma"), rhs: INITIALIZERS[`${options.scheme}-normal`].scaleFormula(sym("n", "in"), sym("n", "out")) }),
          ...worked.conventions,
        ],
        tasks: ["For every layer $l$: the bound $r_l$ of the uniform draw $U(-r_l, r_l)$.", "For every layer: the standard deviation $\\sigma_l$ of the normal draw $N(0, \\sigma_l^2)$, and its variance $\\sigma_l^2$."],
      });
      return {
        type: "init",
        title,
        command,
        document: { type: "init", options: { ...options, seed: common.seed, digits: common.digits }, layers: sizes, scheme: options.scheme },
        yaml: plainYaml({ title, source: command, layers: sizes, scheme: options.scheme }, [`${title}, made by: ${command}`]),
        question,
        worked,
        checkable,
        rejected,
      };
    });
  },
  load(document) {
    const v = document.value;
    if (!isMapping(v)) throw document.error([], "expected a mapping with layers and scheme");
    const layers = v.layers;
    if (!Array.isArray(layers) || layers.length < 2 || !layers.every((n) => typeof n === "number" && Number.isInteger(n) && n >= 1)) throw document.error(["layers"], "expected the layer sizes, at least 2 whole numbers from 1");
    const scheme = v.scheme;
    if (scheme !== "xavier" && scheme !== "he") throw document.error(["scheme"], `expected xavier or he, got ${JSON.stringify(scheme)}`);
    return checkableOf(layers as number[], scheme, typeof v.title === "string" ? v.title : undefined);
  },
};
