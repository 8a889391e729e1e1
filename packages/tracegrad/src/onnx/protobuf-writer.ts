/**
 * The protocol-buffers wire format, written by hand: just what an ONNX model needs (varints,
 * length-delimited strings, bytes and messages, 32-bit floats, packed repeated numbers). Fields are
 * written in the order they are added, which the format allows in any order; a reader keeps the last
 * of a repeated scalar and gathers every entry of a repeated field.
 *
 * It runs in browsers and Node alike (a `Uint8Array` that grows, `DataView`, `TextEncoder`), with no
 * dependency and no install script.
 *
 * @module
 */

/** How a field's value is laid out on the wire. */
export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  fixed32: 5,
} as const;

const utf8 = new TextEncoder();

/** One protobuf message being written. */
export class ProtobufWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /**
   * An integer field (`int32`, `int64` or an enum): a whole number from -(2^53 - 1) to 2^53 - 1. A
   * negative one takes ten bytes, its 64-bit two's complement, as the format writes a negative `int32`
   * and `int64`.
   */
  int(field: number, value: number): this {
    this.tag(field, WireType.varint);
    this.varint(value);
    return this;
  }

  /** A `string` field, as UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WireType.lengthDelimited);
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A message field: the message `write` fills, length-delimited. */
  message(field: number, write: (message: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** A `float` field: the value rounded to 32 bits, little-endian. */
  float(field: number, value: number): this {
    this.tag(field, WireType.fixed32);
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A packed repeated `float` field (nothing when `values` is empty). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WireType.lengthDelimited);
    this.varint(values.length * 4);
    this.reserve(values.length * 4);
    for (let i = 0; i < values.length; i++, this.length += 4) this.view.setFloat32(this.length, values[i], true);
    return this;
  }

  /** A packed repeated `double` field (nothing when `values` is empty). */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WireType.lengthDelimited);
    this.varint(values.length * 8);
    this.reserve(values.length * 8);
    for (let i = 0; i < values.length; i++, this.length += 8) this.view.setFloat64(this.length, values[i], true);
    return this;
  }

  /** A packed repeated field of integers (`int64` dimensions; nothing when `values` is empty). */
  packedInts(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const inner = new ProtobufWriter();
    for (const value of values) inner.varint(value);
    return this.bytes(field, inner.finish());
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 536870911) throw new RangeError(`protobuf field number ${field} is out of range`);
    this.varint(field * 8 + wireType);
  }

  /** A base-128 varint of a safe integer; a negative one as its 64-bit two's complement. */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf varint ${value} is not a whole number from -(2^53 - 1) to 2^53 - 1`);
    this.reserve(10);
    if (value < 0) {
      let rest = BigInt.asUintN(64, BigInt(value));
      while (rest >= 0x80n) {
        this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
        rest >>= 7n;
      }
      this.buffer[this.length++] = Number(rest);
      return;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}
