// A user's program, as a JavaScript engineer writes it from the README's Library section: it trains,
// predicts, saves and loads, exports ONNX, works a step by hand and grades answers to it. It uses no
// Node module, so it runs unchanged in Node and in a browser; tarball.test.ts type-checks it against
// the packed and installed package, runs it in both and compares what it reports.
import { check, explainStep, generate, parseStepSpec, runStep, Sequential, stepResults, toStepSpec, Trainer, TracegradError } from "tracegrad";
import type { EpochRecord, ModelFile, StepSpec } from "tracegrad";
import { exportOnnx } from "tracegrad/onnx";

/** What the program reports (the test reads it as JSON). */
export interface ProgramReport {
  readonly epochs: number;
  readonly finalAccuracy: number | undefined;
  /** What ran during fit(): a timer set before it (Node), a frame drawn (browsers; null where there are no frames). */
  readonly duringFit: { readonly timer: boolean; readonly frame: boolean | null };
  readonly saved: ModelFile;
  readonly predictions: number[][];
  readonly reloaded: number[][];
  readonly onnxBase64: string;
  readonly stepLoss: number | null;
  readonly stepGradients: (number[][] | null)[];
  readonly solution: string;
  readonly grades: { readonly key: string; readonly ok: boolean; readonly diagnosis: string | null }[];
  readonly error: { readonly code: string; readonly message: string };
  readonly trainedStepLoss: number | null;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function main(): Promise<ProgramReport> {
  // Train on two interleaved moons without blocking: a timer set before fit() fires during it in Node,
  // and a browser draws frames.
  const model = Sequential.create(2, [
    { type: "dense", units: 8, activation: "tanh" },
    { type: "dense", units: 1, activation: "sigmoid" },
  ], { seed: 1 });
  const trainer = new Trainer(model, generate("moons", { n: 200, seed: 2 }), { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 300 });
  const duringFit = { timer: false, frame: typeof requestAnimationFrame === "function" ? false : null };
  let training = true;
  setTimeout(() => (duringFit.timer ||= training), 0);
  if (duringFit.frame !== null) requestAnimationFrame(() => (duringFit.frame ||= training));
  const last: EpochRecord[] = [];
  const { history } = await trainer.fit({ yieldEvery: 0, onEpochEnd: (record) => void last.splice(0, 1, record) }); // yield after every batch
  training = false;
  // Those 300 epochs may end within one frame on a fast engine. Where frames are drawn, a second model
  // goes on fitting, 100 epochs a call, until one has been (at most 100 calls): the page must get to
  // draw while fit() runs, however quick each call is.
  if (duringFit.frame === false) {
    const more = new Trainer(Sequential.create(2, [{ type: "dense", units: 8, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 3 }), generate("moons", { n: 200, seed: 2 }), { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 10_000 });
    training = true;
    requestAnimationFrame(() => (duringFit.frame ||= training));
    for (let call = 0; call < 100 && !duringFit.frame && !more.finished; call++) await more.fit({ epochs: 100, yieldEvery: 0 });
    training = false;
  }

  // Predict rows; save to JSON text and load it back.
  const rows = [[1.5, -0.4], [0, 1], [-1, 0.25], [0.5, 0.25]];
  const predictions = model.predict(rows);
  const saved: ModelFile = model.save();
  const reloaded = Sequential.load(JSON.stringify(saved)).predict(rows);

  // The Module 11 activity's 2-2-2 sigmoid network, one step worked by hand, and a learner's answers
  // graded: the loss right, ∂E/∂w2 given ∂E/∂w3's value.
  const spec: StepSpec = parseStepSpec({
    inputs: [[0.1, 0.5]],
    targets: [[0.05, 0.95]],
    loss: "half-sse",
    lossSymbol: "E",
    learningRate: 0.001,
    layers: [
      { activation: "sigmoid", weights: [[0.8, 0.4], [0.3, 0.2]], bias: null },
      { activation: "sigmoid", weights: [[0.6, 0.9], [0.8, 0.1]], bias: null },
    ],
  });
  const record = runStep(spec);
  const results = stepResults(record);
  const report = check(record, { L: 0.2606, "dL/dw2": 0.00287383 });

  // A mistake is a TracegradError with a stable code.
  let error = { code: "", message: "" };
  try {
    Sequential.create(2, [{ type: "dense", units: 4, activation: "sigmoidd" as "sigmoid" }]);
  } catch (caught) {
    if (caught instanceof TracegradError) error = { code: caught.code, message: caught.message };
  }

  return {
    epochs: history.length,
    finalAccuracy: last[0]?.accuracy,
    duringFit,
    saved,
    predictions,
    reloaded,
    onnxBase64: base64(exportOnnx(model)),
    stepLoss: results.loss,
    stepGradients: results.layers.map((layer) => layer.dW),
    solution: explainStep(record, { only: ["loss", "backward"] }),
    grades: report.items.map((item) => ({ key: item.key, ok: item.ok, diagnosis: item.diagnosis ?? null })),
    error,
    trainedStepLoss: stepResults(runStep(toStepSpec(model, [[1.5, -0.4]], [[1]], { learningRate: 0.5 }))).loss,
  };
}

console.log(`tracegrad-report ${JSON.stringify(await main())}`);
