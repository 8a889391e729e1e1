// The bytes of the ONNX export, read back with an independent wire-format reader
// (test/reference/protobuf-reader.ts): the protobuf writer against the examples of the protocol-buffers
// encoding guide, and an exported model field by field against onnx.proto's numbering and the model's
// own weights. (onnx-export.test.ts runs the exported models in onnxruntime.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProtobufWriter } from "../../src/onnx/protobuf-writer.js";
import { exportOnnx } from "../../src/onnx/onnx-export.js";
import { Sequential } from "../../src/nn/model.js";
import { modelFile } from "../../src/nn/model-file.js";
import { fieldsOf, float32, int64, only, packedDoubles, packedFloats, packedVarints, readMessage, text } from "../reference/protobuf-reader.js";
import type { WireField } from "../reference/protobuf-reader.js";

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

test("protobuf writer: the encoding guide's examples (150 as 08 96 01, \"testing\" as 12 07 74 65 73 74 69 6e 67)", () => {
  assert.equal(hex(new ProtobufWriter().int(1, 150).finish()), "08 96 01");
  assert.equal(hex(new ProtobufWriter().string(2, "testing").finish()), "12 07 74 65 73 74 69 6e 67");
  // A message field: field 3 holding the message {1: 150}.
  assert.equal(hex(new ProtobufWriter().message(3, (m) => m.int(1, 150)).finish()), "1a 03 08 96 01");
  // Packed repeated varints (the guide's field 4 holding 3, 270, 86942).
  assert.equal(hex(new ProtobufWriter().packedInts(4, [3, 270, 86942]).finish()), "22 06 03 8e 02 9e a7 05");
});

test("protobuf writer: a negative int64 is ten bytes, its two's complement; 2^53 - 1 and 0 round-trip; floats and doubles are little-endian IEEE", () => {
  assert.equal(hex(new ProtobufWriter().int(1, -1).finish()), "08 ff ff ff ff ff ff ff ff ff 01");
  for (const value of [0, 1, 127, 128, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, -2, -(2 ** 40)]) {
    const [field] = readMessage(new ProtobufWriter().int(7, value).finish());
    assert.equal(field.field, 7);
    assert.equal(int64(field), value);
  }
  // 1.5 as a float is 0x3fc00000; field 2, wire type 5, is the tag 0x15.
  assert.equal(hex(new ProtobufWriter().float(2, 1.5).finish()), "15 00 00 c0 3f");
  const values = [0.1, -2.5, 1e-300, 3];
  const [doubles] = readMessage(new ProtobufWriter().packedDoubles(10, values).finish());
  assert.deepEqual(packedDoubles(doubles), values);
  const [floats] = readMessage(new ProtobufWriter().packedFloats(4, values).finish());
  assert.deepEqual(packedFloats(floats), values.map(Math.fround));
  assert.equal(new ProtobufWriter().packedDoubles(10, []).finish().length, 0);
  assert.throws(() => new ProtobufWriter().int(1, 0.5), RangeError);
  assert.throws(() => new ProtobufWriter().int(0, 1), RangeError);
  // A buffer that has to grow many times keeps every byte.
  const long = Array.from({ length: 5000 }, (_, i) => i * 0.25 - 7);
  assert.deepEqual(packedDoubles(readMessage(new ProtobufWriter().string(1, "x").packedDoubles(2, long).finish())[1]), long);
});

/** The attributes of a NodeProto: name → [type, value]. */
function attributesOf(node: WireField[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const a of fieldsOf(node, 5).map((f) => readMessage(f.bytes!))) {
    const type = int64(only(a, 20));
    out[text(only(a, 1))] = [type, type === 1 ? float32(only(a, 2)) : int64(only(a, 3))];
  }
  return out;
}

for (const dtype of ["float64", "float32"] as const) {
  test(`ONNX export (${dtype}): ModelProto, GraphProto, nodes, initializers and value infos as onnx.proto numbers them, holding the model's weights`, () => {
    const model = Sequential.create(3, [{ type: "dense", units: 2, activation: "sigmoid" }, { type: "dense", units: 3, activation: "softmax", useBias: false }], { seed: 7 });
    const scaler = { method: "standardize" as const, mean: [1, 2, 3], std: [0.5, 4, 0], deviation: "population" as const };
    const file = modelFile(model, { loss: "cross-entropy", task: { kind: "classification", classes: 3 }, scaler, training: {} });
    const modelProto = readMessage(exportOnnx(file, { dtype }));
    const elementType = dtype === "float64" ? 11 : 1; // TensorProto.DataType DOUBLE, FLOAT
    const values = (f: WireField): number[] => (dtype === "float64" ? packedDoubles(only(readMessage(f.bytes!), 10)) : packedFloats(only(readMessage(f.bytes!), 4)));
    const round = (v: number): number => (dtype === "float64" ? v : Math.fround(v));

    assert.equal(int64(only(modelProto, 1)), 7); // ir_version
    assert.equal(text(only(modelProto, 2)), "tracegrad"); // producer_name
    const opset = readMessage(only(modelProto, 8).bytes!); // opset_import
    assert.equal(text(only(opset, 1)), "");
    assert.equal(int64(only(opset, 2)), 13);

    const graph = readMessage(only(modelProto, 7).bytes!);
    assert.equal(text(only(graph, 2)), "tracegrad");
    const nodes = fieldsOf(graph, 1).map((f) => readMessage(f.bytes!));
    assert.deepEqual(nodes.map((n) => text(only(n, 4))), ["Sub", "Mul", "Gemm", "Sigmoid", "Gemm", "Softmax", "Identity"]);
    // Each node reads the previous one's output; the first the graph input, the last writes "output".
    assert.deepEqual(fieldsOf(nodes[0], 1).map(text), ["input", "scaler_offset"]);
    for (let i = 1; i < nodes.length; i++) assert.equal(text(fieldsOf(nodes[i], 1)[0]), text(only(nodes[i - 1], 2)));
    assert.equal(text(only(nodes[6], 2)), "output");
    assert.deepEqual(fieldsOf(nodes[2], 1).map(text), [text(only(nodes[1], 2)), "layer0_weights", "layer0_bias"]);
    assert.deepEqual(fieldsOf(nodes[4], 1).map(text), [text(only(nodes[3], 2)), "layer1_weights"]);
    assert.deepEqual(attributesOf(nodes[2]), { transB: [2, 1] }); // AttributeType INT
    assert.deepEqual(attributesOf(nodes[5]), { axis: [2, -1] });

    const initializers = new Map(fieldsOf(graph, 5).map((f) => [text(only(readMessage(f.bytes!), 8)), f]));
    assert.deepEqual([...initializers.keys()], ["scaler_offset", "scaler_inverse_scale", "layer0_weights", "layer0_bias", "layer1_weights"]);
    for (const f of initializers.values()) assert.equal(int64(only(readMessage(f.bytes!), 2)), elementType);
    const dims = (name: string): number[] => packedVarints(only(readMessage(initializers.get(name)!.bytes!), 1));
    const [dense0, dense1] = model.layersJson() as unknown as [{ weights: number[][]; bias: number[] }, { weights: number[][] }];
    assert.deepEqual(dims("layer0_weights"), [2, 3]);
    assert.deepEqual(values(initializers.get("layer0_weights")!), dense0.weights.flat().map(round));
    assert.deepEqual(dims("layer0_bias"), [2]);
    assert.deepEqual(values(initializers.get("layer0_bias")!), dense0.bias.map(round));
    assert.deepEqual(dims("layer1_weights"), [3, 2]);
    assert.deepEqual(values(initializers.get("layer1_weights")!), dense1.weights.flat().map(round));
    assert.deepEqual(values(initializers.get("scaler_offset")!), [1, 2, 3]);
    // 1/σ, and 0 for a constant feature (σ = 0), which the scaler maps to 0.
    assert.deepEqual(values(initializers.get("scaler_inverse_scale")!), [2, 0.25, 0]);

    // input and output: ValueInfoProto → TypeProto.tensor_type → elem_type and shape [batch, width].
    for (const [field, name, width] of [[11, "input", 3], [12, "output", 3]] as const) {
      const info = readMessage(only(graph, field).bytes!);
      assert.equal(text(only(info, 1)), name);
      const tensorType = readMessage(only(readMessage(only(info, 2).bytes!), 1).bytes!);
      assert.equal(int64(only(tensorType, 1)), elementType);
      const shape = fieldsOf(readMessage(only(tensorType, 2).bytes!), 1).map((f) => readMessage(f.bytes!));
      assert.equal(text(only(shape[0], 2)), "batch");
      assert.equal(int64(only(shape[1], 1)), width);
    }
  });
}
