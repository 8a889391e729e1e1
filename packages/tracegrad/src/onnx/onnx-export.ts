/**
 * Export of a trained model to ONNX (opset 13, float32), so that any ONNX runtime can serve it.
 *
 * The graph takes `input` (batch × features, the raw features) and gives `output` (batch × outputs):
 * the scaler of the model file as Sub and Mul, each dense layer as Gemm (weights units × inputs, so
 * transB = 1) and its activation (Sigmoid, Tanh, Relu, LeakyRelu, Softmax, and the Gaussian as
 * Exp(-z·z); leaky ReLU in float64 as Where(z > 0, z, α·z), which onnxruntime has for doubles),
 * batch normalisation as BatchNormalization with the running statistics. Dropout is the
 * identity at inference and leaves no node.
 *
 * @module
 */
import onnxProto from "onnx-proto";
import { activation, DEFAULT_LEAKY_ALPHA } from "../engine/activations.js";
import type { OnnxActivationGraph } from "../engine/activations.js";
import type { ModelFile } from "../nn/model-file.js";

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;

/** The element type of the exported graph: a float64 model exports as DOUBLE, a float32 one as FLOAT. */
let elementType: number = onnx.TensorProto.DataType.FLOAT;

function tensor(name: string, dims: number[], values: ArrayLike<number>) {
  return elementType === onnx.TensorProto.DataType.DOUBLE
    ? onnx.TensorProto.create({ name, dims, dataType: elementType, doubleData: Array.from(values) })
    : onnx.TensorProto.create({ name, dims, dataType: elementType, floatData: Array.from(values, (v) => Math.fround(v)) });
}

function valueInfo(name: string, width: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: elementType,
        shape: onnx.TensorShapeProto.create({ dim: [onnx.TensorShapeProto.Dimension.create({ dimParam: "batch" }), onnx.TensorShapeProto.Dimension.create({ dimValue: width })] }),
      }),
    }),
  });
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, number> = {}) {
  return onnx.NodeProto.create({
    opType,
    input: inputs,
    output: outputs,
    name: outputs[0],
    attribute: Object.entries(attributes).map(([name, value]) =>
      Number.isInteger(value) && name !== "alpha" && name !== "epsilon"
        ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value })
        : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value }),
    ),
  });
}

/** The ONNX bytes of a model file. */
export function exportOnnx(model: ModelFile, options: { dtype?: "float32" | "float64" } = {}): Uint8Array {
  elementType = (options.dtype ?? model.dtype) === "float64" ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT;
  const nodes: ReturnType<typeof node>[] = [];
  const initializers: ReturnType<typeof tensor>[] = [];
  let current = "input";
  let count = 0;
  const next = (what: string) => `${what}_${count++}`;
  const width = model.inputs;

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
      double: elementType === onnx.TensorProto.DataType.DOUBLE,
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

  const graph = onnx.GraphProto.create({
    name: "tracegrad",
    node: nodes,
    initializer: initializers,
    input: [valueInfo("input", width)],
    output: [valueInfo("output", model.outputs)],
  });
  const proto = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "tracegrad",
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: ONNX_OPSET })],
    graph,
  });
  return onnx.ModelProto.encode(proto).finish();
}
