/**
 * The fuzzer's cases: every command of `tracegrad`, run on its valid inputs with one or two of them
 * damaged (a file it reads, or a flag's value). A case is data (its command, the mutations, the
 * files), so that fast-check can generate, print and shrink it.
 */
import fc from "fast-check";
import type { CsvMutation, TextMutation, ValueMutation } from "./mutations.js";
import { csvMutation, HOSTILE_FLAG_VALUES, mutateCsv, mutateDocument, mutateText, textMutation, valueMutation } from "./mutations.js";
import type { BaseFiles } from "./inputs.js";

/** A command line to damage: its arguments, the files it reads (and may be damaged), the flags whose values may be. */
export interface Scenario {
  readonly name: string;
  readonly args: readonly string[];
  /** Files of the base inputs it reads, by name (a case damages one of them). */
  readonly reads: readonly string[];
  /** Flags (in `args`, or added) whose value a case may replace. */
  readonly flags: readonly string[];
  /** Files to place under another name: `ck/checkpoint.json` from `checkpoint.json`. */
  readonly place?: Readonly<Record<string, string>>;
  /** Whether it grades many files, so that the grades of the others may be printed before exit 2 (see run-case.ts). */
  readonly partial?: boolean;
}

/** Every command, on valid inputs. Durations are fixed (epochs, steps, count) so that a valid case runs in seconds. */
export const SCENARIOS: readonly Scenario[] = [
  { name: "step", args: ["step", "spec.yaml"], reads: ["spec.yaml", "published.yaml"], flags: ["--precision", "--only", "--format", "--out"] },
  { name: "step-json", args: ["step", "spec.json", "--json"], reads: ["spec.json"], flags: ["--precision", "--out"] },
  { name: "gradcheck", args: ["gradcheck", "relu.yaml"], reads: ["relu.yaml"], flags: ["--epsilon", "--tolerance", "--precision"] },
  { name: "check", args: ["check", "spec.yaml", "answers.yaml"], reads: ["spec.yaml", "answers.yaml", "published.yaml"], flags: ["--tolerance", "--precision", "--csv", "--out"] },
  { name: "check-set", args: ["check", "set", "roster.csv", "--csv", "book.csv"], reads: ["roster.csv", "set/01/exercise.yaml", "answers/02.yaml"], flags: ["--tolerance", "--csv", "--csv-long", "--follow-through-credit"], partial: true },
  { name: "check-exercise", args: ["check", "exercise.json", "exercise-answers.yaml", "--json"], reads: ["exercise.json", "exercise-answers.yaml"], flags: ["--tolerance"] },
  { name: "init-weights", args: ["init", "--weights", "spec.yaml"], reads: ["spec.yaml"], flags: ["--inputs", "--precision"] },
  { name: "init-layers", args: ["init", "--layers", "2-3-1", "--seed", "4", "--inputs", "1,2;3,4"], reads: [], flags: ["--layers", "--seed", "--scheme", "--inputs", "--activation"] },
  { name: "update", args: ["update", "--weights", "1,-2,0.5", "--gradient", "0.1,-0.4,0.2", "--lr", "0.01", "--optimizer", "adam", "--state", "state.json", "--state-out", "next.json"], reads: ["state.json"], flags: ["--weights", "--gradient", "--lr", "--beta1", "--steps", "--state-out"] },
  { name: "update-l2", args: ["update", "--weights", "1,-2,0.5", "--gradient", "0.1,-0.4,0.2", "--lr", "0.1", "--l2", "0.01", "--compare"], reads: [], flags: ["--weights", "--gradient", "--lr", "--l2", "--steps"] },
  { name: "scale", args: ["scale", "values.csv", "--method", "standardize", "--scaled-out", "scaled.csv"], reads: ["values.csv"], flags: ["--method", "--std", "--scaled-out"] },
  { name: "scale-yaml", args: ["scale", "matrix.yaml", "--method", "minmax"], reads: ["matrix.yaml"], flags: ["--method"] },
  { name: "batchnorm", args: ["batchnorm", "values.csv", "--gamma", "1,2,1", "--beta", "0,0,1"], reads: ["values.csv"], flags: ["--gamma", "--beta", "--epsilon", "--gradient"] },
  { name: "batchnorm-yaml", args: ["batchnorm", "matrix.yaml", "--gradient", "1,0,0;0,1,0;0,0,1"], reads: ["matrix.yaml"], flags: ["--gradient", "--epsilon"] },
  { name: "dropout", args: ["dropout", "--rate", "0.5", "--seed", "2", "--input", "matrix.yaml"], reads: ["matrix.yaml"], flags: ["--rate", "--seed"] },
  { name: "dropout-shape", args: ["dropout", "--rate", "0.3", "--shape", "3x4"], reads: [], flags: ["--rate", "--seed", "--shape"] },
  { name: "activations", args: ["activations", "--at", "-2,-1,0,1,2"], reads: [], flags: ["--at", "--alpha", "--precision", "--plot"] },
  { name: "scale-problem", args: ["scale", "scale.yaml"], reads: ["scale.yaml"], flags: ["--method", "--std", "--scaled-out"] },
  { name: "activations-problem", args: ["activations", "activations.yaml"], reads: ["activations.yaml"], flags: ["--at", "--alpha"] },
  { name: "update-problem", args: ["update", "update.yaml"], reads: ["update.yaml"], flags: ["--lr", "--steps", "--optimizer"] },
  { name: "train-config", args: ["train", "--config", "run.yaml", "--epochs", "2", "--quiet"], reads: ["run.yaml"], flags: ["--layers", "--lr", "--batch", "--points", "--classes", "--seed", "--validation", "--dropout", "--out"] },
  { name: "train-csv", args: ["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "2", "--quiet", "--out", "run"], reads: ["data.csv"], flags: ["--layers", "--target", "--scale", "--batch", "--validation", "--test", "--out"] },
  { name: "train-resume", args: ["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "5", "--quiet", "--resume", "--out", "ck"], reads: ["checkpoint.json"], flags: ["--checkpoint-every"], place: { "ck/checkpoint.json": "checkpoint.json" } },
  { name: "predict", args: ["predict", "model.json", "data.csv"], reads: ["model.json", "data.csv"], flags: ["--points", "--seed", "--out"] },
  { name: "evaluate", args: ["evaluate", "model.json", "data.csv", "--json"], reads: ["model.json", "data.csv"], flags: ["--points", "--seed"] },
  { name: "export", args: ["export", "model.json", "--out", "model.onnx"], reads: ["model.json"], flags: ["--dtype", "--out"] },
  { name: "exercise", args: ["exercise", "--seed", "5", "--out", "ex"], reads: [], flags: ["--seed", "--layers", "--activation", "--loss", "--batch", "--digits", "--learning-rate", "--out"] },
  { name: "lab", args: ["lab", "--out", "lab", "--epochs", "1", "--quiet"], reads: [], flags: ["--seed", "--out"] },
];

/** How one case damages its scenario. */
export type Damage =
  | { readonly target: "file"; readonly file: number; readonly values: readonly ValueMutation[]; readonly text: TextMutation | null; readonly csv: CsvMutation | null }
  | { readonly target: "flag"; readonly flag: number; readonly value: string };

/** A case: a scenario and what is damaged. */
export interface FuzzCase {
  readonly scenario: string;
  readonly damage: readonly Damage[];
}

const damage: fc.Arbitrary<Damage> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      target: fc.constant("file" as const),
      file: fc.nat({ max: 10 }),
      values: fc.array(valueMutation, { maxLength: 2 }),
      text: fc.option(textMutation, { freq: 3 }),
      csv: fc.option(csvMutation, { freq: 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ target: fc.constant("flag" as const), flag: fc.nat({ max: 20 }), value: fc.oneof(fc.constantFrom(...HOSTILE_FLAG_VALUES), fc.string({ maxLength: 12 })) }) },
);

/** Cases over the given scenarios (all by default). */
export function fuzzCase(scenarios: readonly Scenario[] = SCENARIOS): fc.Arbitrary<FuzzCase> {
  return fc.record({ scenario: fc.constantFrom(...scenarios.map((s) => s.name)), damage: fc.array(damage, { minLength: 1, maxLength: 2 }) });
}

function formatOf(name: string): "yaml" | "json" | "csv" {
  return name.endsWith(".json") ? "json" : name.endsWith(".csv") ? "csv" : "yaml";
}

/** The files and arguments of a case: the scenario's, with its damage applied; `partial` from the scenario. */
export function materialize(c: FuzzCase, base: BaseFiles): { args: string[]; files: Record<string, string | Uint8Array>; partial: boolean } {
  const scenario = SCENARIOS.find((s) => s.name === c.scenario)!;
  const files: Record<string, string | Uint8Array> = { ...base };
  for (const [to, from] of Object.entries(scenario.place ?? {})) files[to] = base[from];
  const args = [...scenario.args];
  for (const d of c.damage) {
    if (d.target === "flag") {
      if (scenario.flags.length === 0) continue;
      const flag = scenario.flags[d.flag % scenario.flags.length];
      const at = args.indexOf(flag);
      if (at >= 0) args[at + 1] = d.value;
      else args.push(flag, d.value);
      continue;
    }
    if (scenario.reads.length === 0) continue;
    const name = scenario.reads[d.file % scenario.reads.length];
    const placed = Object.entries(scenario.place ?? {}).find(([, from]) => from === name)?.[0] ?? name;
    const format = formatOf(name);
    let text = base[name];
    if (format === "csv") {
      if (d.csv !== null) text = mutateCsv(text, d.csv);
    } else if (d.values.length > 0) {
      try {
        text = mutateDocument(text, format, d.values);
      } catch {
        // A mutation the serializer refuses (a circular value): keep the text as it was.
      }
    }
    files[placed] = d.text === null ? text : mutateText(text, format, d.text);
  }
  return { args, files, partial: scenario.partial === true };
}
