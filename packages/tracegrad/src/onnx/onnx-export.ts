/**
 * Export of a trained model to ONNX (opset 13; float32 or float64, the model's own by default), so that
 * any ONNX runtime can serve it. The bytes are written by `onnx-model.ts`, with no protobuf library.
 *
 * The graph takes `input` (batch × features, the raw features) and gives `output` (batch × outputs):
 * the model file's features (x₁, x₂ picked out of the input by MatMul with a column of 0s and a 1,
 * squares and products as Mul, sines as Sin, joined with Concat), the scaler as Sub and Mul, each
 * dense layer as Gemm (weights units × inputs, so
 * transB = 1) and its activation (Sigmoid, Tanh, Relu, LeakyRelu, Softmax, and the Gaussian as
 * Exp(-z·z); leaky ReLU in float64 as Where(z > 0, z, α·z), which onnxruntime has for doubles),
 * batch normalisation as BatchNormalization with the running statistics. Dropout is the
 * identity at inference and leaves no node.
 *
 * @module
 */
import { activation, DEFAULT_LEAKY_ALPHA } from "../engine/activations.js";
import type { OnnxActivationGraph } from "../engine/activations.js";
import type { ModelFile } from "../nn/model-file.js";
import { FEATURE_INPUTS } from "../data/features.js";
import type { FeatureName } from "../data/features.js";
import { formatPath, InputError } from "../common/input-error.js";
import { float32Overflow } from "./float32-range.js";
import { encodeOnnxModel, OnnxDataType } from "./onnx-model.js";
import type { OnnxAttribute, OnnxDataTypeCode, OnnxNode, OnnxTensor, OnnxValueInfo } from "./onnx-model.js";

/**
 * The ONNX operator set the exported graph uses.
 *
 * @category ONNX
 */
export const ONNX_OPSET = 13;
/** The ONNX IR version of the exported file (IR 7 goes with opset 13). */
const IR_VERSION = 7;

/** Attributes named here are floats even when their value is whole (LeakyRelu's α, BatchNormalization's ε). */
const FLOAT_ATTRIBUTES = new Set(["alpha", "epsilon"]);

function attributes(values: Readonly<Record<string, number>>): OnnxAttribute[] {
  return Object.entries(values).map(([name, value]) => ({ name, value, type: Number.isInteger(value) && !FLOAT_ATTRIBUTES.has(name) ? "int" : "float" }));
}

/** Makes a graph's tensors and nodes. */
interface GraphParts {
  tensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor;
  node(opType: string, inputs: string[], outputs: string[], values?: Readonly<Record<string, number>>): OnnxNode;
}

/**
 * The nodes that compute the features from the raw input (batch × 2) into `output` (batch × features).
 * Each raw column is picked out by a product with a 2 × 1 column of 0 and 1, which is exact.
 */
function featureNodes(features: readonly FeatureName[], input: string, output: string, parts: GraphParts, nodes: OnnxNode[], initializers: OnnxTensor[]): void {
  const { tensor, node } = parts;
  const column = (j: number) => `feature_x${j + 1}`;
  for (let j = 0; j < FEATURE_INPUTS; j++) {
    initializers.push(tensor(`select_x${j + 1}`, [FEATURE_INPUTS, 1], Array.from({ length: FEATURE_INPUTS }, (_, i) => (i === j ? 1 : 0))));
    nodes.push(node("MatMul", [input, `select_x${j + 1}`], [column(j)]));
  }
  const columns = features.map((feature, k) => {
    const name = `feature_${k}`;
    switch (feature) {
      case "x1":
        return column(0);
      case "x2":
        return column(1);
      case "x1^2":
        nodes.push(node("Mul", [column(0), column(0)], [name]));
        return name;
      case "x2^2":
        nodes.push(node("Mul", [column(1), column(1)], [name]));
        return name;
      case "x1*x2":
        nodes.push(node("Mul", [column(0), column(1)], [name]));
        return name;
      case "sin(x1)":
        nodes.push(node("Sin", [column(0)], [name]));
        return name;
      case "sin(x2)":
        nodes.push(node("Sin", [column(1)], [name]));
        return name;
    }
  });
  nodes.push(node("Concat", columns, [output], { axis: 1 }));
}

/**
 * The ONNX bytes of a model file. In float32, a value beyond float32's range (which would be written
 * as an infinity) is an {@link InputError} naming its field.
 */
export function exportOnnx(model: ModelFile, options: { dtype?: "float32" | "float64" } = {}): Uint8Array {
  const dataType: OnnxDataTypeCode = (options.dtype ?? model.dtype) === "float64" ? OnnxDataType.double : OnnxDataType.float;
  const overflow = dataType === OnnxDataType.float ? float32Overflow(model) : null;
  if (overflow !== null) throw new InputError(overflow.reason, { field: formatPath(overflow.path) });
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const tensor = (name: string, dims: number[], values: ArrayLike<number>): OnnxTensor => ({ name, dims, dataType, values });
  const node = (opType: string, inputs: string[], outputs: string[], values: Readonly<Record<string, number>> = {}): OnnxNode => ({ opType, inputs, outputs, name: outputs[0], attributes: attributes(values) });
  const valueInfo = (name: string, width: number): OnnxValueInfo => ({ name, elementType: dataType, dims: ["batch", width] });
  let current = "input";
  let count = 0;
  const next = (what: string) => `${what}_${count++}`;
  const width = model.inputs;
  const rawWidth = model.features === undefined ? width : FEATURE_INPUTS;
  if (model.features !== undefined) {
    current = "features";
    featureNodes(model.features, "input", current, { tensor, node }, nodes, initializers);
  }
  if (model.scaler !== null) {
    const scaler = model.scaler;
    const offset = scaler.method === "minmax" ? scaler.min : scaler.mean;
    const scale = scaler.method === "minmax" ? scaler.max.map((m, j) => m - scaler.min[j]) : scaler.std;
    initializers.push(tensor("scaler_offset", [width], offset), tensor("scaler_inverse_scale", [width], scale.map((s) => (s === 0 ? 0 : 1 / s))));
    const shifted = next("shifted");
    nodes.push(node("Sub", [current, "scaler_offset"], [shifted]));
    current = next("scaled");
    nodes.push(node("Mul", [shifted, "scaler_inverse_scale"], [current]));
  }

  model.layers.forEach((layer, l) => {
    if (layer.type === "dropout") return;
    if (layer.type === "batch-norm") {
      const names = ["gamma", "beta", "mean", "variance"].map((n) => `layer${l}_${n}`);
      [layer.gamma, layer.beta, layer.runningMean, layer.runningVariance].forEach((values, k) => initializers.push(tensor(names[k], [values.length], values)));
      const out = next("normalized");
      nodes.push(node("BatchNormalization", [current, ...names], [out], { epsilon: layer.epsilon }));
      current = out;
      return;
    }
    const inputs = layer.weights[0].length;
    initializers.push(tensor(`layer${l}_weights`, [layer.units, inputs], layer.weights.flat()));
    const gemmInputs = [current, `layer${l}_weights`];
    if (layer.bias !== null) {
      initializers.push(tensor(`layer${l}_bias`, [layer.units], layer.bias));
      gemmInputs.push(`layer${l}_bias`);
    }
    const z = next("z");
    nodes.push(node("Gemm", gemmInputs, [z], { transB: 1 }));
    // The activation writes itself into the graph (its registry entry knows its ONNX form).
    let constants = 0;
    const graph: OnnxActivationGraph = {
      double: dataType === OnnxDataType.double,
      node(op, inputs, attributes = {}) {
        const out = next(op.toLowerCase());
        nodes.push(node(op, [...inputs], [out], { ...attributes }));
        return out;
      },
      constant(value) {
        const name = `layer${l}_constant${constants++}`;
        initializers.push(tensor(name, [], [value]));
        return name;
      },
    };
    const a = activation(layer.activation).onnx(graph, z, layer.alpha ?? DEFAULT_LEAKY_ALPHA);
    current = a;
  });
  nodes.push(node("Identity", [current], ["output"]));

  return encodeOnnxModel({
    irVersion: IR_VERSION,
    producerName: "tracegrad",
    opsetDomain: "",
    opsetVersion: ONNX_OPSET,
    graph: { name: "tracegrad", nodes, initializers, inputs: [valueInfo("input", rawWidth)], outputs: [valueInfo("output", model.outputs)] },
  });
}
