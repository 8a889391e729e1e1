// An independent reader of the protocol-buffers wire format (shares no code with src/onnx), for the
// tests of the ONNX export: it splits a message into its fields, and decodes varints (as BigInt, so a
// negative int64 reads as its 64-bit two's complement), 32- and 64-bit numbers and packed arrays.

/** One field of a message as it lies on the wire. */
export interface WireField {
  readonly field: number;
  readonly wireType: 0 | 1 | 2 | 5;
  /** wire type 0: the varint; 1 and 5: the 8 or 4 bytes; 2: the payload. */
  readonly varint?: bigint;
  readonly bytes?: Uint8Array;
}

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < bytes.length; i++) {
    value |= BigInt(bytes[i] & 0x7f) << shift;
    shift += 7n;
    if ((bytes[i] & 0x80) === 0) return [value, i + 1];
    if (shift > 63n) throw new Error(`varint at ${at} is longer than 10 bytes`);
  }
  throw new Error(`varint at ${at} runs past the end`);
}

/** The fields of a message, in the order they are written. */
export function readMessage(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [key, afterKey] = readVarint(bytes, at);
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    at = afterKey;
    if (wireType === 0) {
      const [varint, next] = readVarint(bytes, at);
      fields.push({ field, wireType, varint });
      at = next;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (at + size > bytes.length) throw new Error(`field ${field} runs past the end`);
      fields.push({ field, wireType, bytes: bytes.subarray(at, at + size) });
      at += size;
    } else if (wireType === 2) {
      const [length, next] = readVarint(bytes, at);
      const end = next + Number(length);
      if (end > bytes.length) throw new Error(`field ${field} runs past the end`);
      fields.push({ field, wireType, bytes: bytes.subarray(next, end) });
      at = end;
    } else {
      throw new Error(`field ${field}: wire type ${wireType} is not one the export writes`);
    }
  }
  return fields;
}

/** The fields numbered `field`. */
export function fieldsOf(message: WireField[], field: number): WireField[] {
  return message.filter((f) => f.field === field);
}

/** The one field numbered `field` (an error when it is missing or repeated). */
export function only(message: WireField[], field: number): WireField {
  const found = fieldsOf(message, field);
  if (found.length !== 1) throw new Error(`field ${field} occurs ${found.length} times`);
  return found[0];
}

export const text = (f: WireField): string => new TextDecoder("utf-8", { fatal: true }).decode(f.bytes);
/** A signed int64 (a varint as its two's complement). */
export const int64 = (f: WireField): number => Number(BigInt.asIntN(64, f.varint!));
export const float32 = (f: WireField): number => new DataView(f.bytes!.buffer, f.bytes!.byteOffset, 4).getFloat32(0, true);

export function packedDoubles(f: WireField): number[] {
  const view = new DataView(f.bytes!.buffer, f.bytes!.byteOffset, f.bytes!.byteLength);
  return Array.from({ length: f.bytes!.byteLength / 8 }, (_, i) => view.getFloat64(8 * i, true));
}

export function packedFloats(f: WireField): number[] {
  const view = new DataView(f.bytes!.buffer, f.bytes!.byteOffset, f.bytes!.byteLength);
  return Array.from({ length: f.bytes!.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

export function packedVarints(f: WireField): number[] {
  const values: number[] = [];
  for (let at = 0; at < f.bytes!.length; ) {
    const [value, next] = readVarint(f.bytes!, at);
    values.push(Number(BigInt.asIntN(64, value)));
    at = next;
  }
  return values;
}
