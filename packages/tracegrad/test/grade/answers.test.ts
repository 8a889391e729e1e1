/** Reading answers: learner names in forgiving spellings, the fields of step --json, and precise errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadStepSpec } from "../load-spec.js";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { InputError } from "../../src/common/input-error.js";
import { parseSource } from "../../src/common/source.js";
import { explainStep } from "../../src/explain/explain-step.js";
import { runStep } from "../../src/step/run-step.js";
import { gradeAnswers } from "../../src/grade/grade.js";
import { listQuantities } from "../../src/step/quantities.js";
import { normalizeAnswerName } from "../../src/grade/answer-names.js";
import { exactResults } from "./grading.js";

const seed001 = loadStepSpec("examples/module11-2-2-2.yaml");
const r = exactResults(seed001);

function pathsOf(answers: unknown, spec = seed001): string[] {
  return gradeAnswers(spec, answers).items.map((i) => i.path);
}

function errorOf(text: string, file = "answers.yaml", spec = seed001): InputError {
  try {
    gradeAnswers(spec, parseSource(text, file));
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.ok(!error.message.includes("\n"), "one line");
    return error;
  }
  assert.fail("expected an error");
}

test("the spellings of one quantity all name it", () => {
  const spellings: [string, string][] = [
    ["z_h1", "layers[0].z[0][0]"],
    ["net_h1", "layers[0].z[0][0]"],
    ["z_{h1}", "layers[0].z[0][0]"],
    ["a_h1", "layers[0].a[0][0]"],
    ["out_h1", "layers[0].a[0][0]"],
    ["h1", "layers[0].a[0][0]"],
    ["delta_o1", "layers[1].delta[0][0]"],
    ["δ_o1", "layers[1].delta[0][0]"],
    ["\\delta_{o1}", "layers[1].delta[0][0]"],
    ["dE/dnet_o1", "layers[1].delta[0][0]"],
    ["dE/dw2", "layers[0].dW[0][1]"],
    ["∂E/∂w2", "layers[0].dW[0][1]"],
    ["dL/dw2", "layers[0].dW[0][1]"],
    ["d E / d w2", "layers[0].dW[0][1]"],
    ["grad_w2", "layers[0].dW[0][1]"],
    ["dw2", "layers[0].dW[0][1]"],
    ["dE_dw2", "layers[0].dW[0][1]"],
    ["w2", "layers[0].weights[0][1]"],
    ["w2_new", "layers[0].weights[0][1]"],
    ["new_w2", "layers[0].weights[0][1]"],
    ["w2'", "layers[0].weights[0][1]"],
    ["W2", "layers[0].weights[0][1]"],
    ["E", "loss"],
    ["loss", "loss"],
    ["E_total", "loss"],
    ["L", "loss"],
    ["E_after", "lossAfter"],
  ];
  for (const [name, path] of spellings) assert.deepEqual(pathsOf({ [name]: 1 }), [path], name);
});

test("a batch takes the sample as a suffix: z_h1(2), z_h1^(2), z_h1⁽²⁾", () => {
  const spec = parseStepSpec("inputs: [[0.1, 0.5], [0.3, -0.2]]\ntargets: [[1], [0]]\nloss: mse\nlearningRate: 0.5\nlayers:\n  - units: [h1, h2]\n    activation: tanh\n    weights: [[0.1, 0.2], [0.3, 0.4]]\n  - activation: sigmoid\n    weights: [[0.5, -0.6]]\n", "batch.yaml");
  for (const name of ["z_h1(2)", "z_h1^(2)", "z_h1⁽²⁾", "z_{h1}^{(2)}"]) assert.deepEqual(pathsOf({ [name]: 1 }, spec), ["layers[0].z[1][0]"], name);
  assert.deepEqual(pathsOf({ "delta_o1(1)": 1 }, spec), ["layers[1].delta[0][0]"]);
  assert.throws(() => gradeAnswers(spec, { z_h1: 1 }), /z_h1: "z_h1" needs its sample in a batch of 2: z_h1\(1\) to z_h1\(2\)/);
  assert.equal(normalizeAnswerName(" ∂E / ∂w_{1}^{2} "), "dE/dw_1^2");
});

test("structured answers: any subset of the fields of step --json, null for not answered", () => {
  assert.deepEqual(pathsOf({ layers: [{ dW: [[null, 0.0025], [null, null]] }] }), ["layers[0].dW[0][1]"]);
  assert.deepEqual(pathsOf({ layers: [null, { z: [0.8, null] }] }), ["layers[1].z[0][0]"], "one sample as a flat list");
  assert.deepEqual(pathsOf({ loss: 0.26, layers: [{ weights: [[0.8, null], [null, null]] }] }), ["layers[0].weights[0][0]", "loss"].sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : 0)));
  assert.deepEqual(pathsOf({ forward: { z_h1: 0.28 }, "layer 2": { "dE/dw5": 0.078 } }), ["layers[0].z[0][0]", "layers[1].dW[0][0]"], "under headings of one's own");
  assert.deepEqual(pathsOf({ z_h1: "0.28" }), ["layers[0].z[0][0]"], "a number in quotes");
});

test("the whole of tracegrad step --json, given back as answers, is all right, on every seed example", () => {
  for (const file of readdirSync("examples").filter((f) => f.endsWith(".yaml"))) {
    const spec = loadStepSpec(join("examples", file));
    const json = explainStep(runStep(spec), { format: "json" });
    const report = gradeAnswers(spec, parseSource(json, "step.json"));
    assert.equal(report.correct, true, file);
    assert.equal(report.score.answered, listQuantities(spec).length, file);
  }
});

test("answers are graded in the order the step computes them", () => {
  const report = gradeAnswers(seed001, { w1: 0.8, "dE/dw1": 0.0005, E: 0.26, z_h1: 0.28 });
  assert.deepEqual(report.items.map((i) => i.key), ["z_h1", "E", "dE/dw1", "w1"]);
  assert.equal(report.items[0].expected, r.layers[0].z[0][0]);
});

test("mistakes in an answers file: one line with the file, line, column and field", () => {
  assert.match(errorOf("z_h1: 0.28\nz_h3: 0.5\n").message, /^answers\.yaml:2:1: z_h3: unknown quantity "z_h3" \(did you mean "z_h1"\?\); answers are named as in the worked solution \(z_h1, a_h1, E, delta_o1, dE\/dw5, w1, \.\.\.; /);
  assert.match(errorOf("z_h1: 0.28\nnet_h1: 0.28\n").message, /^answers\.yaml:2:9: net_h1: gives z_h1 again \(it is already given as z_h1\)$/);
  assert.match(errorOf("z_h1: abc\n").message, /^answers\.yaml:1:7: z_h1: expected a number \(or null for no answer\), got "abc"$/);
  assert.match(errorOf('{"layers": [{"dW": [[1, 2, 3]]}]}', "a.json").message, /^a\.json:1:\d+: layers\[0\]\.dW: has 1 row; dW of layer 1 is 2 units × 2 inputs$/);
  assert.match(errorOf("layers:\n  - dw: [[1, 2], [3, 4]]\n").message, /layers\[0\]\.dw: unknown field "dw" \(did you mean "dW"\?\)/);
  assert.match(errorOf("layers: [{}, {}, {}]\n").message, /layers\[2\]: there are 3 layers here, but the network has 2/);
  assert.match(errorOf("- 1\n- 2\n").message, /expected a mapping of answers/);
  assert.match(errorOf("layers:\n  - db: [1, 2]\n").message, /layers\[0\]\.db: layer 1 has no db to grade: it has no bias/);
  assert.match(errorOf("z_h1: .nan\n").message, /z_h1: is NaN/);
});
