/**
 * Reference values of exp, log, log1p, expm1 and tanh, precise to about 2^-300 (relative), for measuring
 * how far a fast implementation is from the exact value, in units in the last place (ulps). Written for
 * the tests only, in BigInt fixed-point arithmetic with 320 fractional bits and textbook series; it
 * shares no code with tracegrad.
 */

/** Fractional bits of the fixed-point numbers. */
const W = 320n;
const ONE = 1n << W;

/** The exact value m·2^e. */
interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

/** The exact value of a finite double. */
function dyadic(x: number): Dyadic {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: hi >>> 31 ? -m : m, e };
}

/** A dyadic value as a fixed-point number (truncated toward -∞ below 2^-320). */
function toFixed(d: Dyadic): bigint {
  const shift = BigInt(d.e) + W;
  return shift >= 0n ? d.m << shift : d.m >> -shift;
}

const mul = (a: bigint, b: bigint): bigint => (a * b) / ONE;
const div = (a: bigint, b: bigint): bigint => (a << W) / b;

/** atanh(u) = Σ u^(2k+1)/(2k+1), for |u| ≤ 1/3. */
function atanhFixed(u: bigint): bigint {
  const u2 = mul(u, u);
  let term = u;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = mul(term, u2);
  }
  return sum;
}

/** ln 2 = 2·atanh(1/3). */
const LN2 = 2n * atanhFixed(div(ONE, 3n * ONE));

/** e^r = Σ r^n/n!, for |r| ≤ 1. */
function expFixed(r: bigint): bigint {
  let sum = ONE;
  let term = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = mul(term, r) / n;
    sum += term;
  }
  return sum;
}

/** e^x for the exact value of a double, as m·2^e with about 320 significant bits. */
function expExact(x: number): Dyadic {
  const xf = toFixed(dyadic(x));
  let k = xf / LN2;
  let r = xf - k * LN2;
  if (r > LN2 / 2n) {
    k += 1n;
    r -= LN2;
  } else if (r < -LN2 / 2n) {
    k -= 1n;
    r += LN2;
  }
  return { m: expFixed(r), e: Number(k) - Number(W) };
}

/** ln v for an exact positive value v, as a fixed-point number (absolute error about 2^-310). */
function logExact(v: Dyadic): bigint {
  if (v.m <= 0n) throw new RangeError("log of a value ≤ 0");
  const bits = v.m.toString(2).length;
  // v = M·2^E with M = m/2^(bits-1) in [1, 2)
  const E = BigInt(v.e + bits - 1);
  const shift = W - BigInt(bits - 1);
  const M = shift >= 0n ? v.m << shift : v.m >> -shift;
  return E * LN2 + 2n * atanhFixed(div(M - ONE, M + ONE));
}

/** x·F for the exact value of a double x and a fixed-point factor F. */
function times(x: number, factor: bigint): Dyadic {
  const d = dyadic(x);
  return { m: d.m * factor, e: d.e - Number(W) };
}

/** ln(1 + x), x > -1. */
function log1pExact(x: number): Dyadic {
  if (Math.abs(x) < 2 ** -10) {
    // ln(1 + x)/x = Σ (-x)^(n-1)/n
    const xf = toFixed(dyadic(x));
    let power = ONE;
    let sum = 0n;
    for (let n = 1n; power !== 0n; n++) {
      sum += power / n;
      power = -mul(power, xf);
    }
    return times(x, sum);
  }
  const d = dyadic(x);
  const onePlus: Dyadic = d.e < 0 ? { m: d.m + (1n << BigInt(-d.e)), e: d.e } : { m: (d.m << BigInt(d.e)) + 1n, e: 0 };
  return { m: logExact(onePlus), e: -Number(W) };
}

/** (e^x - 1)/x as a fixed-point number, for |x| < 2^-9 (y is x truncated to fixed point). */
function expm1Ratio(xf: bigint): bigint {
  // Σ x^(n-1)/n!
  let sum = 0n;
  let term = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = term / n;
    sum += term;
    term = mul(term, xf);
  }
  return sum;
}

/** e^x - 1. */
function expm1Exact(x: number): Dyadic {
  if (Math.abs(x) < 2 ** -10) return times(x, expm1Ratio(toFixed(dyadic(x))));
  const e = expExact(x);
  // m·2^e - 1 with the subtraction exact
  const shift = -e.e;
  return shift > 0 ? { m: e.m - (1n << BigInt(shift)), e: e.e } : { m: (e.m << BigInt(-shift)) - 1n, e: 0 };
}

/** tanh x. */
function tanhExact(x: number): Dyadic {
  if (Math.abs(x) < 2 ** -10) {
    // tanh x = y·G/(y·G + 2), y = 2x, G = (e^y - 1)/y
    const yf = toFixed(dyadic(2 * x));
    const g = expm1Ratio(yf);
    return times(x, div(2n * g, mul(yf, g) + 2n * ONE));
  }
  // tanh|x| = (1 - E)/(1 + E), E = e^(-2|x|)
  const e = expExact(-2 * Math.abs(x));
  const E = toFixed(e);
  const t = div(ONE - E, ONE + E);
  return { m: x < 0 ? -t : t, e: -Number(W) };
}

const EXACT = { exp: expExact, log: (x: number) => ({ m: logExact(dyadic(x)), e: -Number(W) }), log1p: log1pExact, expm1: expm1Exact, tanh: tanhExact };

/** The functions the reference knows. */
export type ExactFunction = keyof typeof EXACT;

/** 2^(j/n) = e^(j·ln2/n), as m·2^e with about 310 significant bits. */
function exp2FractionExact(j: number, n: number): Dyadic {
  return { m: expFixed((BigInt(j) * LN2) / BigInt(n)), e: -Number(W) };
}

/**
 * For a table entry 2^(j/n) ≈ hi·(1 + tail): the error of hi alone in ulps of 2^(j/n), and the relative
 * error of hi·(1 + tail) (computed exactly), as a number.
 */
export function exp2FractionErrors(j: number, n: number, hi: number, tail: number): { hiUlps: number; relative: number } {
  const exact = exp2FractionExact(j, n);
  const h = dyadic(hi);
  const t = dyadic(tail);
  // hi·(1 + tail) = h.m·2^h.e·(2^-t.e + t.m)·2^t.e
  const scale = t.e < 0 ? -t.e : 0;
  const sum: Dyadic = { m: h.m * ((1n << BigInt(scale)) + (t.m << BigInt(t.e + scale))), e: h.e - scale };
  const bottom = Math.min(exact.e, sum.e) - 64;
  const a = exact.m << BigInt(exact.e - bottom);
  const b = sum.m << BigInt(sum.e - bottom);
  const diff = a > b ? a - b : b - a;
  const relative = Number((diff << 200n) / a) / 2 ** 200;
  return { hiUlps: ulpAgainst(exact, hi), relative };
}

/**
 * |y - f(x)| in units in the last place of f(x): the spacing of the doubles in f(x)'s binade, 2^-1074
 * among the subnormals. A correctly rounded result is within 0.5, a faithfully rounded one below 1.
 * For x where f(x) is beyond the largest double, returns 0 when y is the infinity of the same sign.
 */
export function ulpError(f: ExactFunction, x: number, y: number): number {
  return ulpAgainst(EXACT[f](x), y);
}

/** |y - exact| in ulps of the exact value (see ulpError). */
function ulpAgainst(exact: Dyadic, y: number): number {
  if (exact.m === 0n) return y === 0 ? 0 : Number.POSITIVE_INFINITY;
  const bits = (exact.m < 0n ? -exact.m : exact.m).toString(2).length;
  const binade = exact.e + bits - 1; // floor(log2 |f(x)|)
  if (binade >= 1024) return y === (exact.m < 0n ? -Infinity : Infinity) ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(y)) return Number.POSITIVE_INFINITY;
  const ulp = Math.max(binade, -1022) - 52;
  const d = dyadic(y);
  const scale = Math.min(exact.e, d.e, ulp) - 64;
  const a = exact.m << BigInt(exact.e - scale);
  const b = d.m << BigInt(d.e - scale);
  const diff = a > b ? a - b : b - a;
  // diff·2^scale / 2^ulp, with 64 bits below the point kept
  const shift = BigInt(ulp - scale);
  const whole = diff >> shift;
  const fraction = diff - (whole << shift);
  return Number(whole) + Number((fraction << 64n) >> shift) / 2 ** 64;
}
