import assert from "node:assert/strict";
import { test } from "node:test";
import { metricsPieces, metricsText } from "../../src/run/metrics-text.js";

const record = (epoch: number) => ({ epoch, loss: 1 / (epoch + 0.1), learningRate: 0.5, accuracy: epoch / 3 });

test("metrics.json's text is the same JSON as JSON.stringify gives, with one epoch per line", () => {
  const metrics = {
    history: [record(1), record(2), record(3)],
    final: { trainLoss: 0.125, trainAccuracy: 1 },
    stopReason: "epochs",
    epochs: 3,
    trainSeconds: 0.01,
    divergence: { epoch: 3, batch: 0, quantity: "loss", parameter: null },
  };
  const text = metricsText(metrics);
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(metrics)));
  assert.ok(text.endsWith("}\n"));
  const lines = text.split("\n");
  for (const r of metrics.history) assert.ok(lines.includes(`    ${JSON.stringify(r)},`) || lines.includes(`    ${JSON.stringify(r)}`), `epoch ${r.epoch} on one line`);
  // The rest stays indented as before.
  assert.ok(lines.includes('  "stopReason": "epochs",'));
});

test("metrics.json's text with an empty history, and with nothing but the history", () => {
  const empty = { history: [], final: { trainLoss: 0.5 }, stopReason: "epochs", epochs: 0, trainSeconds: 0 };
  assert.deepEqual(JSON.parse(metricsText(empty)), empty);
  assert.deepEqual(JSON.parse(metricsText({ history: [record(1)] })), { history: [record(1)] });
  assert.deepEqual(JSON.parse(metricsText({ history: [] })), { history: [] });
});

test("metrics.json's text, byte for byte: the history's records as JSON.stringify writes them, one a line, whatever keys each has and whatever its numbers", () => {
  const history = [
    { epoch: 1, loss: 0.25, learningRate: 1, accuracy: 0.5 },
    { epoch: 2, loss: Number.NaN, learningRate: 1e-7, accuracy: undefined },
    { epoch: 3, loss: Infinity, learningRate: -0, valLoss: 1.5e300, valAccuracy: 2 / 3 },
    { epoch: 4, loss: 0.1 + 0.2, learningRate: 5e-324 },
    { epoch: 5, loss: -Infinity, learningRate: 123456789012345680000 },
  ];
  const metrics = { history, final: { trainLoss: 0.125 }, stopReason: "epochs", epochs: 5, trainSeconds: 0.5 };
  // What JSON.stringify writes, cut between records: the text the earlier writer made.
  const records = JSON.stringify(history).slice(1, -1).replaceAll("},{", "},\n    {");
  const rest = JSON.stringify({ final: metrics.final, stopReason: "epochs", epochs: 5, trainSeconds: 0.5 }, null, 2).slice(1, -2);
  assert.equal(metricsText(metrics), `{\n  "history": [\n    ${records}\n  ],${rest}\n}\n`);
});

test("metrics.json of a long history comes in pieces that are ordinary strings (under 128 kB), and joined they are the text of the whole history stringified at once", () => {
  // 10,000 epochs as a run writes them, the losses' digits growing along the history (0.25, then
  // full-length numbers), then validation fields, so that later records are longer than the first.
  const history = Array.from({ length: 10_000 }, (_, i) => {
    const epoch = i + 1;
    const base = { epoch, loss: epoch === 1 ? 0.25 : 1 / (epoch + 0.1), learningRate: 0.5, accuracy: (epoch % 21) / 21 };
    return epoch > 9_000 ? { ...base, valLoss: Math.PI / epoch, valAccuracy: (epoch % 7) / 7 } : base;
  });
  const metrics = { history, final: { trainLoss: 0.125 }, stopReason: "epochs", epochs: history.length, trainSeconds: 1.5 };
  const pieces = [...metricsPieces(metrics)];
  assert.ok(pieces.length > 10, `${pieces.length} pieces`);
  for (const piece of pieces) assert.ok(piece.length < 128 * 1024, `a piece of ${piece.length} characters`);
  const records = JSON.stringify(history).slice(1, -1).replaceAll("},{", "},\n    {");
  const rest = JSON.stringify({ final: metrics.final, stopReason: "epochs", epochs: history.length, trainSeconds: 1.5 }, null, 2).slice(1, -2);
  assert.equal(pieces.join(""), `{\n  "history": [\n    ${records}\n  ],${rest}\n}\n`);
  assert.equal(metricsText(metrics), pieces.join(""));
});
