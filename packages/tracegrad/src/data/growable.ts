/**
 * Typed arrays that grow as values arrive (doubling), for readers that do not know in advance how
 * many rows a file holds. At most three times the values kept are ever allocated: the full array and
 * the one twice its size it is copied into.
 *
 * @module
 */

/** A Float64Array that grows. */
export class GrowableFloat64 {
  private data = new Float64Array(1024);
  /** The values pushed so far. */
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values, as a view of the array (no copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** An Int32Array that grows. */
export class GrowableInt32 {
  private data = new Int32Array(1024);
  /** The values pushed so far. */
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values, as a view of the array (no copy). */
  values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
