/**
 * The part of ONNX's `ModelProto` that tracegrad's export writes, and its encoding. The field numbers
 * are those of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto), named in each encoder.
 *
 * @module
 */
import { ProtobufWriter } from "./protobuf-writer.js";

/** `TensorProto.DataType`: the element types tracegrad exports. */
export const OnnxDataType = { float: 1, double: 11 } as const;
/** An element type of {@link OnnxDataType}. */
export type OnnxDataTypeCode = (typeof OnnxDataType)[keyof typeof OnnxDataType];

/** `AttributeProto.AttributeType`: the kinds of attribute tracegrad's nodes carry. */
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

/** A tensor of numbers (`TensorProto`), stored as `float_data` or `double_data`. */
export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: OnnxDataTypeCode;
  readonly values: ArrayLike<number>;
}

/** A node attribute (`AttributeProto`): a float or an integer. */
export interface OnnxAttribute {
  readonly name: string;
  readonly type: "float" | "int";
  readonly value: number;
}

/** A node of the graph (`NodeProto`). */
export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
}

/** A graph input or output (`ValueInfoProto`): a tensor whose dimensions are sizes or named (`"batch"`). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elementType: OnnxDataTypeCode;
  readonly dims: readonly (number | string)[];
}

/** The computation (`GraphProto`). */
export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

/** A model (`ModelProto`) with one operator set. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly producerName: string;
  readonly opsetDomain: string;
  readonly opsetVersion: number;
  readonly graph: OnnxGraph;
}

/** The bytes of an ONNX model file. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new ProtobufWriter();
  writer.int(1, model.irVersion); // ir_version
  writer.string(2, model.producerName); // producer_name
  writer.message(7, (w) => writeGraph(w, model.graph)); // graph
  writer.message(8, (w) => {
    // opset_import: OperatorSetIdProto
    w.string(1, model.opsetDomain); // domain
    w.int(2, model.opsetVersion); // version
  });
  return writer.finish();
}

function writeGraph(writer: ProtobufWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) writer.message(1, (w) => writeNode(w, node)); // node
  writer.string(2, graph.name); // name
  for (const tensor of graph.initializers) writer.message(5, (w) => writeTensor(w, tensor)); // initializer
  for (const input of graph.inputs) writer.message(11, (w) => writeValueInfo(w, input)); // input
  for (const output of graph.outputs) writer.message(12, (w) => writeValueInfo(w, output)); // output
}

function writeNode(writer: ProtobufWriter, node: OnnxNode): void {
  for (const input of node.inputs) writer.string(1, input); // input
  for (const output of node.outputs) writer.string(2, output); // output
  writer.string(3, node.name); // name
  writer.string(4, node.opType); // op_type
  for (const attribute of node.attributes) {
    writer.message(5, (w) => {
      // attribute: AttributeProto
      w.string(1, attribute.name); // name
      if (attribute.type === "float") w.float(2, attribute.value); // f
      else w.int(3, attribute.value); // i
      w.int(20, attribute.type === "float" ? ATTRIBUTE_FLOAT : ATTRIBUTE_INT); // type
    });
  }
}

function writeTensor(writer: ProtobufWriter, tensor: OnnxTensor): void {
  writer.packedInts(1, tensor.dims); // dims
  writer.int(2, tensor.dataType); // data_type
  if (tensor.dataType === OnnxDataType.float) writer.packedFloats(4, tensor.values); // float_data
  writer.string(8, tensor.name); // name
  if (tensor.dataType === OnnxDataType.double) writer.packedDoubles(10, tensor.values); // double_data
}

function writeValueInfo(writer: ProtobufWriter, info: OnnxValueInfo): void {
  writer.string(1, info.name); // name
  writer.message(2, (type) =>
    // type: TypeProto, its tensor_type: TypeProto.Tensor
    type.message(1, (tensor) => {
      tensor.int(1, info.elementType); // elem_type
      tensor.message(2, (shape) => {
        // shape: TensorShapeProto, one Dimension per dim
        for (const dim of info.dims) shape.message(1, (d) => (typeof dim === "number" ? d.int(1, dim) : d.string(2, dim))); // dim_value or dim_param
      });
    }),
  );
}
