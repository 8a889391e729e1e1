/**
 * The valid inputs the fuzzer mutates: one file of every kind a command reads (a spec in YAML and in
 * JSON, answers, a run config, an optimizer state, a model, a checkpoint, a CSV data set, a matrix,
 * an exercise), made once per process in a folder of their own, from the examples and by running the
 * built `tracegrad` itself (the model, the checkpoint and the exercise are files it writes).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The built command line, from the repository's root. */
/** The `tracegrad` command as npm links it (package.json bin). */
export const CLI = resolve("packages/cli/bin/tracegrad.cjs");
/** The bundled program it loads, which the build writes. */
const BUNDLE = resolve("packages/cli/dist/cli-bundle/main.cjs");

/** The files of the base inputs, by name: text (or bytes) as written in a case's folder. */
export type BaseFiles = Readonly<Record<string, string>>;

let cached: BaseFiles | undefined;

function run(args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`fuzz inputs: tracegrad ${args.join(" ")} failed: ${result.stderr}`);
}

/** The base inputs (made on the first call, by running tracegrad in a scratch folder). */
export function baseFiles(): BaseFiles {
  if (cached !== undefined) return cached;
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-fuzz-base-"));
  const spec = readFileSync("examples/module11-2-2-2.yaml", "utf8").replace(/^published: .*$/m, "published: published.yaml");
  const files: Record<string, string> = {
    "spec.yaml": spec,
    "published.yaml": readFileSync("examples/answers/module11-published.yaml", "utf8"),
    "answers.yaml": readFileSync("examples/answers/module11-published.yaml", "utf8"),
    "relu.yaml": readFileSync("examples/lab-activity-3-relu-3-2-1.yaml", "utf8"),
    "spec.json": JSON.stringify(
      {
        inputs: [[0.1, 0.5]],
        targets: [[0.05, 0.95]],
        loss: "half-sse",
        learningRate: 0.5,
        layers: [
          { activation: "sigmoid", weights: [[0.8, 0.4], [0.3, 0.2]], bias: [0.1, -0.1] },
          { activation: "sigmoid", weights: [[0.6, 0.9], [0.8, 0.1]], bias: null },
        ],
      },
      null,
      2,
    ),
    "run.yaml": "data: xor-easy\nlayers: 2-4-1\nactivation: tanh\nloss: mse\noptimizer: adam\nlr: 0.05\nepochs: 3\nseed: 2\nvalidation: 0.2\nschedule: step:every=1,factor=0.5\n",
    "state.json": JSON.stringify({ optimizer: "adam", t: 1, weights: [1, -2, 0.5], m: [0.01, -0.04, 0.02], v: [0.0001, 0.0016, 0.0004] }, null, 2),
    "data.csv": "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.2,0.9,1\n0.8,0.1,1\n0.1,0.1,0\n0.9,0.9,0\n",
    "values.csv": "a,b,c\n5,20,1\n15,5,2\n10,30,3\n",
    "matrix.yaml": "- [1, 2, 3]\n- [4, 5, 6]\n- [7, 8, 10]\n",
    "scale.yaml": readFileSync("examples/worked/nn-exercises-ex3-standardize.scale.yaml", "utf8"),
    "activations.yaml": readFileSync("examples/worked/nn-exercises-ex4-activations.activations.yaml", "utf8"),
    "update.yaml": readFileSync("examples/worked/nn-exercises-ex6-l2.update.yaml", "utf8"),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  run(["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "3", "--quiet", "--out", "trained", "--checkpoint-every", "1"], dir);
  files["model.json"] = readFileSync(join(dir, "trained", "model.json"), "utf8");
  run(["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "5", "--quiet", "--out", "ck", "--checkpoint-every", "2"], dir);
  files["checkpoint.json"] = readFileSync(join(dir, "ck", "checkpoint.json"), "utf8");
  run(["exercise", "--seed", "3", "--out", "ex"], dir);
  files["exercise.json"] = readFileSync(join(dir, "ex", "exercise.json"), "utf8");
  files["exercise.yaml"] = readFileSync(join(dir, "ex", "exercise.yaml"), "utf8");
  files["exercise-answers.yaml"] = readFileSync(join(dir, "ex", "answers.yaml"), "utf8").replace(/: null$/gm, ": 0.5");
  // A set of two exercises and a roster of answers to it.
  run(["exercise", "--seed", "6", "--count", "2", "--out", "set"], dir);
  for (const n of ["01", "02"]) {
    files[`set/${n}/exercise.yaml`] = readFileSync(join(dir, "set", n, "exercise.yaml"), "utf8");
    files[`answers/${n}.yaml`] = readFileSync(join(dir, "set", n, "answers.yaml"), "utf8").replace(/: null$/gm, ": 0.25");
  }
  files["roster.csv"] = "student,exercise,answers\nana,01,answers/01.yaml\nben,02,answers/02.yaml\n";
  cached = files;
  return files;
}
