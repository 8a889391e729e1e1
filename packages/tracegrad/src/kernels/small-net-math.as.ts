// The elementary functions of the small-network trainer (small-net.as.ts), each as a scalar function
// and a two-lane f64x2 function that gives the same bits lane by lane. AssemblyScript, compiled by
// scripts/build-wasm.mjs; see small-net.as.ts for why AssemblyScript.
//
// - exp, log and log1p are ports of fdlibm (e_exp.c, e_log.c, s_log1p.c, as V8 ships them in
//   src/base/ieee754.cc): the same operations in the same order, so they give the bits of V8's
//   Math.exp, Math.log and Math.log1p, which are below 1 ulp from the exact value (a test measures both
//   against a BigInt reference). Their vector forms compute every branch of the scalar code and keep
//   each lane's own with a mask, and hand a lane outside the common range (overflow, underflow,
//   subnormal, zero, negative, NaN, infinity) to the scalar function.
// - tanh is not fdlibm's (which is up to 1.8 ulp off): below 2^-4 an odd Taylor polynomial
//   x + x³·P(x²); from 2^-4 to 22, tanh a = 1 - 2/(1 + e^(2a)) with e^(2a) as an unevaluated sum
//   S + S·τ (S = 2^(k/128) from a table of 128 doubles and their tails, τ = expm1 of the reduced
//   argument), and the quotient and the subtraction carried in double-double (Dekker's products, no
//   fused multiply-add): within 0.51 ulp by the analysis in the header of tanh below, below 1 ulp as
//   measured by the tests; ±1 from 22 on.
//
// No function here allocates or touches memory other than its read-only table.

// ---------------------------------------------------------------------------------------------------
// exp (fdlibm e_exp.c)

const EXP_O_THRESHOLD: f64 = 7.09782712893383973096e+02;
const EXP_U_THRESHOLD: f64 = -7.45133219101941108420e+02;
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
const E: f64 = 2.718281828459045;
const TWO_M1000: f64 = 9.33263618503218878990e-302;
const TWO_1023: f64 = 8.988465674311579539e307;

/** e^x, as fdlibm (and V8's Math.exp) computes it. */
export function exp(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <u32>(bits >> 32);
  const xsb = hx >> 31;
  hx &= 0x7fffffff;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) != 0) return x + x; // NaN
      return xsb == 0 ? x : 0.0; // e^(+-inf) = inf, 0
    }
    if (x > EXP_O_THRESHOLD) return Infinity;
    if (x < EXP_U_THRESHOLD) return 0.0;
  }
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // |x| < 3ln2/2
      if (x == 1.0) return E;
      hi = x - (xsb ? -LN2_HI : LN2_HI);
      lo = xsb ? -LN2_LO : LN2_LO;
      k = 1 - <i32>xsb - <i32>xsb;
    } else {
      k = <i32>(INV_LN2 * x + (xsb ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1.0 + x;
  }
  const t = x * x;
  const twopk = reinterpret<f64>(<u64>(0x3ff + (k >= -1021 ? k : k + 1000)) << 52);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO_1023;
    return y * twopk;
  }
  return y * twopk * TWO_M1000;
}

/** The smallest |x| that fdlibm reduces (its high word above 0x3fd62e42). */
const EXP_REDUCE: f64 = reinterpret<f64>(0x3fd62e4300000000);
/** Below this |x| e^x is 1 + x. */
const EXP_TINY: f64 = reinterpret<f64>(0x3e30000000000000);
/** Up to this |x| the vector form computes e^x itself (k stays within the normal exponents). */
const EXP_VECTOR_LIMIT: f64 = 700.0;

/**
 * expV's constants, each in both lanes, read from memory where they are used: V8 builds a v128.const
 * anew at each use (two or three instructions), where a load from a fixed address is one.
 */
const EXP_VECTORS = memory.data<f64>([
  EXP_VECTOR_LIMIT, EXP_VECTOR_LIMIT,
  -0.0, -0.0, // the sign bit
  0.5, 0.5,
  EXP_REDUCE, EXP_REDUCE,
  INV_LN2, INV_LN2,
  LN2_HI, LN2_HI,
  LN2_LO, LN2_LO,
  P5, P5,
  P4, P4,
  P3, P3,
  P2, P2,
  P1, P1,
  2.0, 2.0,
  1.0, 1.0,
  4503599627371519.0, 4503599627371519.0, // 2^52 + 1023
  EXP_TINY, EXP_TINY,
  E, E,
], 16);

/** The i-th of {@link EXP_VECTORS}. */
// @ts-ignore: decorator
@inline function expConstant(i: i32): v128 {
  return v128.load(EXP_VECTORS + (<usize>i << 4));
}

/** 1 in both lanes. */
// @ts-ignore: decorator
@inline
export function onesV(): v128 {
  return expConstant(13);
}

/** Whether every lane of x and of y is within the range that {@link expInRangeV} computes. */
// @ts-ignore: decorator
@inline
export function expRangeV(x: v128, y: v128): bool {
  const limit = expConstant(0);
  return i64x2.all_true(v128.and(f64x2.lt(f64x2.abs(x), limit), f64x2.lt(f64x2.abs(y), limit)));
}

/** e^x in each lane: the bits of {@link exp}. */
// @ts-ignore: decorator
@inline
export function expV(x: v128): v128 {
  if (!i64x2.all_true(f64x2.lt(f64x2.abs(x), expConstant(0)))) {
    return f64x2.replace_lane(f64x2.splat(exp(f64x2.extract_lane(x, 0))), 1, exp(f64x2.extract_lane(x, 1)));
  }
  return expInRangeV(x);
}

/** e^x in each lane where every |x| < EXP_VECTOR_LIMIT (see {@link expRangeV}): the bits of {@link exp}. */
// @ts-ignore: decorator
@inline
export function expInRangeV(x: v128): v128 {
  const ax = f64x2.abs(x);
  // k = (int)(x/ln2 ± 1/2) where fdlibm reduces, else 0; for ln2/2 < |x| < 3ln2/2 this is ±1, and
  // x - k·LN2_HI, k·LN2_LO are then fdlibm's hi and lo of that range.
  const half = v128.or(v128.and(x, expConstant(1)), expConstant(2));
  const reduce = f64x2.ge(ax, expConstant(3));
  const kf = v128.and(f64x2.trunc(f64x2.add(f64x2.mul(expConstant(4), x), half)), reduce);
  const hi = f64x2.sub(x, f64x2.mul(kf, expConstant(5)));
  const lo = f64x2.mul(kf, expConstant(6));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let p = f64x2.add(expConstant(8), f64x2.mul(t, expConstant(7)));
  p = f64x2.add(expConstant(9), f64x2.mul(t, p));
  p = f64x2.add(expConstant(10), f64x2.mul(t, p));
  p = f64x2.add(expConstant(11), f64x2.mul(t, p));
  const c = f64x2.sub(r, f64x2.mul(t, p));
  // 1 - ((lo - r·c/(2 - c)) - hi): with k = 0 (hi = x, lo = 0) the bits of fdlibm's 1 - (x·c/(c - 2) - x)
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(expConstant(12), c));
  const one = expConstant(13);
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, q), hi));
  // 2^k: kf + 2^52 + 1023 holds k + 1023 in its low mantissa bits, which the shift makes the exponent
  const twopk = i64x2.shl(f64x2.add(kf, expConstant(14)), 52);
  let result = f64x2.mul(y, twopk);
  result = v128.bitselect(f64x2.add(one, x), result, f64x2.lt(ax, expConstant(15)));
  return v128.bitselect(expConstant(16), result, f64x2.eq(x, one));
}

/**
 * Four vectors' logistic function 1/(1 + e^(-z)) from src into dst (eight values each), with the
 * operations of {@link expInRangeV} and the quotient, lane by lane the bits of the scalar
 * 1/(1 + exp(-z)); every -z must be in expInRangeV's range ({@link expRangeV}). The four chains go
 * step by step together, so that each constant is loaded once for all four and their latencies
 * overlap.
 */
// @ts-ignore: decorator
@inline
export function sigmoid4V(src: usize, dst: usize): void {
  let k = expConstant(1); // the sign bit, which -z flips
  const x0 = v128.xor(v128.load(src), k), x1 = v128.xor(v128.load(src, 16), k), x2 = v128.xor(v128.load(src, 32), k), x3 = v128.xor(v128.load(src, 48), k);
  const ax0 = f64x2.abs(x0), ax1 = f64x2.abs(x1), ax2 = f64x2.abs(x2), ax3 = f64x2.abs(x3);
  let c = expConstant(2); // 0.5 with the sign of x
  const h0 = v128.or(v128.and(x0, k), c), h1 = v128.or(v128.and(x1, k), c), h2 = v128.or(v128.and(x2, k), c), h3 = v128.or(v128.and(x3, k), c);
  c = expConstant(4); // INV_LN2
  let kf0 = f64x2.trunc(f64x2.add(f64x2.mul(c, x0), h0)), kf1 = f64x2.trunc(f64x2.add(f64x2.mul(c, x1), h1));
  let kf2 = f64x2.trunc(f64x2.add(f64x2.mul(c, x2), h2)), kf3 = f64x2.trunc(f64x2.add(f64x2.mul(c, x3), h3));
  c = expConstant(3); // EXP_REDUCE
  kf0 = v128.and(kf0, f64x2.ge(ax0, c)); kf1 = v128.and(kf1, f64x2.ge(ax1, c)); kf2 = v128.and(kf2, f64x2.ge(ax2, c)); kf3 = v128.and(kf3, f64x2.ge(ax3, c));
  c = expConstant(5); // LN2_HI
  const hi0 = f64x2.sub(x0, f64x2.mul(kf0, c)), hi1 = f64x2.sub(x1, f64x2.mul(kf1, c)), hi2 = f64x2.sub(x2, f64x2.mul(kf2, c)), hi3 = f64x2.sub(x3, f64x2.mul(kf3, c));
  c = expConstant(6); // LN2_LO
  const lo0 = f64x2.mul(kf0, c), lo1 = f64x2.mul(kf1, c), lo2 = f64x2.mul(kf2, c), lo3 = f64x2.mul(kf3, c);
  const r0 = f64x2.sub(hi0, lo0), r1 = f64x2.sub(hi1, lo1), r2 = f64x2.sub(hi2, lo2), r3 = f64x2.sub(hi3, lo3);
  const t0 = f64x2.mul(r0, r0), t1 = f64x2.mul(r1, r1), t2 = f64x2.mul(r2, r2), t3 = f64x2.mul(r3, r3);
  c = expConstant(7); // P5
  let p0 = f64x2.mul(t0, c), p1 = f64x2.mul(t1, c), p2 = f64x2.mul(t2, c), p3 = f64x2.mul(t3, c);
  c = expConstant(8); // P4
  p0 = f64x2.mul(t0, f64x2.add(c, p0)); p1 = f64x2.mul(t1, f64x2.add(c, p1)); p2 = f64x2.mul(t2, f64x2.add(c, p2)); p3 = f64x2.mul(t3, f64x2.add(c, p3));
  c = expConstant(9); // P3
  p0 = f64x2.mul(t0, f64x2.add(c, p0)); p1 = f64x2.mul(t1, f64x2.add(c, p1)); p2 = f64x2.mul(t2, f64x2.add(c, p2)); p3 = f64x2.mul(t3, f64x2.add(c, p3));
  c = expConstant(10); // P2
  p0 = f64x2.mul(t0, f64x2.add(c, p0)); p1 = f64x2.mul(t1, f64x2.add(c, p1)); p2 = f64x2.mul(t2, f64x2.add(c, p2)); p3 = f64x2.mul(t3, f64x2.add(c, p3));
  c = expConstant(11); // P1
  p0 = f64x2.mul(t0, f64x2.add(c, p0)); p1 = f64x2.mul(t1, f64x2.add(c, p1)); p2 = f64x2.mul(t2, f64x2.add(c, p2)); p3 = f64x2.mul(t3, f64x2.add(c, p3));
  // c = r - t·P(t)
  const c0 = f64x2.sub(r0, p0), c1 = f64x2.sub(r1, p1), c2 = f64x2.sub(r2, p2), c3 = f64x2.sub(r3, p3);
  c = expConstant(12); // 2
  const q0 = f64x2.div(f64x2.mul(r0, c0), f64x2.sub(c, c0)), q1 = f64x2.div(f64x2.mul(r1, c1), f64x2.sub(c, c1));
  const q2 = f64x2.div(f64x2.mul(r2, c2), f64x2.sub(c, c2)), q3 = f64x2.div(f64x2.mul(r3, c3), f64x2.sub(c, c3));
  const one = expConstant(13);
  let y0 = f64x2.sub(one, f64x2.sub(f64x2.sub(lo0, q0), hi0)), y1 = f64x2.sub(one, f64x2.sub(f64x2.sub(lo1, q1), hi1));
  let y2 = f64x2.sub(one, f64x2.sub(f64x2.sub(lo2, q2), hi2)), y3 = f64x2.sub(one, f64x2.sub(f64x2.sub(lo3, q3), hi3));
  c = expConstant(14); // 2^52 + 1023
  y0 = f64x2.mul(y0, i64x2.shl(f64x2.add(kf0, c), 52)); y1 = f64x2.mul(y1, i64x2.shl(f64x2.add(kf1, c), 52));
  y2 = f64x2.mul(y2, i64x2.shl(f64x2.add(kf2, c), 52)); y3 = f64x2.mul(y3, i64x2.shl(f64x2.add(kf3, c), 52));
  c = expConstant(15); // EXP_TINY: e^x = 1 + x
  y0 = v128.bitselect(f64x2.add(one, x0), y0, f64x2.lt(ax0, c)); y1 = v128.bitselect(f64x2.add(one, x1), y1, f64x2.lt(ax1, c));
  y2 = v128.bitselect(f64x2.add(one, x2), y2, f64x2.lt(ax2, c)); y3 = v128.bitselect(f64x2.add(one, x3), y3, f64x2.lt(ax3, c));
  c = expConstant(16); // e^1 = E
  y0 = v128.bitselect(c, y0, f64x2.eq(x0, one)); y1 = v128.bitselect(c, y1, f64x2.eq(x1, one));
  y2 = v128.bitselect(c, y2, f64x2.eq(x2, one)); y3 = v128.bitselect(c, y3, f64x2.eq(x3, one));
  v128.store(dst, f64x2.div(one, f64x2.add(one, y0)));
  v128.store(dst, f64x2.div(one, f64x2.add(one, y1)), 16);
  v128.store(dst, f64x2.div(one, f64x2.add(one, y2)), 32);
  v128.store(dst, f64x2.div(one, f64x2.add(one, y3)), 48);
}

// ---------------------------------------------------------------------------------------------------
// log (fdlibm e_log.c)

const TWO54: f64 = 1.80143985094819840000e+16;
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;

/** ln x, as fdlibm (and V8's Math.log) computes it. */
export function log(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // subnormal: scale up
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((bits & 0xffffffff) | (<u64>(hx | (i ^ 0x3ff00000)) << 32)); // x or x/2 in [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/** ln x in each lane: the bits of {@link log}. */
// @ts-ignore: decorator
@inline
export function logV(x: v128): v128 {
  // Lanes that are not normal, positive and finite go to the scalar function.
  if (!i64x2.all_true(v128.and(f64x2.ge(x, f64x2.splat(2.2250738585072014e-308)), f64x2.lt(x, f64x2.splat(Infinity))))) {
    return f64x2.replace_lane(f64x2.splat(log(f64x2.extract_lane(x, 0))), 1, log(f64x2.extract_lane(x, 1)));
  }
  // The integer steps of the scalar code on the high word, in 64-bit lanes (every value fits).
  let hx = i64x2.shr_u(x, 32);
  let k = i64x2.sub(i64x2.shr_s(hx, 20), i64x2.splat(1023));
  hx = v128.and(hx, i64x2.splat(0x000fffff));
  const i = v128.and(i64x2.add(hx, i64x2.splat(0x95f64)), i64x2.splat(0x100000));
  const top = v128.or(hx, v128.xor(i, i64x2.splat(0x3ff00000)));
  const xn = v128.or(v128.and(x, i64x2.splat(0xffffffff)), i64x2.shl(top, 32));
  k = i64x2.add(k, i64x2.shr_s(i, 20));
  const f = f64x2.sub(xn, f64x2.splat(1.0));
  // dk: the low 32 bits of each k, moved to lanes 0 and 1 of an i32x4, converted
  const dk = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 0, 2, 0, 2));
  const dkHi = f64x2.mul(dk, f64x2.splat(LN2_HI));
  const dkLo = f64x2.mul(dk, f64x2.splat(LN2_LO));
  // |f| < 2^-20 (with k = 0 and with f = 0 this gives the scalar code's special returns bit for bit)
  const near = i64x2.gt_s(i64x2.splat(3), v128.and(i64x2.add(hx, i64x2.splat(2)), i64x2.splat(0x000fffff)));
  const Rn = f64x2.mul(f64x2.mul(f, f), f64x2.sub(f64x2.splat(0.5), f64x2.mul(f64x2.splat(0.33333333333333333), f)));
  const yNear = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(Rn, dkLo), f));
  // the general case
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))));
  const R = f64x2.add(t2, t1);
  const ij = v128.or(i64x2.sub(hx, i64x2.splat(0x6147a)), i64x2.sub(i64x2.splat(0x6b851), hx));
  const positive = i64x2.gt_s(ij, i64x2.splat(0));
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const yPositive = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), dkLo)), f));
  const yOther = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, R)), dkLo), f));
  return v128.bitselect(yNear, v128.bitselect(yPositive, yOther, positive), near);
}

// ---------------------------------------------------------------------------------------------------
// log1p (fdlibm s_log1p.c), scalar only: the fused loss of a sigmoid output takes one per output

const LP1: f64 = 6.666666666666735130e-01;
const LP2: f64 = 3.999999999940941908e-01;
const LP3: f64 = 2.857142874366239149e-01;
const LP4: f64 = 2.222219843214978396e-01;
const LP5: f64 = 1.818357216161805012e-01;
const LP6: f64 = 1.531383769920937332e-01;
const LP7: f64 = 1.479819860511658591e-01;

/** ln(1 + x), as fdlibm (and V8's Math.log1p) computes it. */
export function log1p(x: f64): f64 {
  const hx = <i32>(reinterpret<u64>(x) >> 32);
  const ax = hx & 0x7fffffff;
  let k: i32 = 1;
  let f: f64 = 0;
  let c: f64 = 0;
  let hu: i32 = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < sqrt(2)+
    if (ax >= 0x3ff00000) {
      // x <= -1
      if (x == -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= <i32>0xbfd2bec4) {
      // sqrt(2)/2- <= 1 + x < sqrt(2)+
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k != 0) {
    let u: f64;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = <i32>(reinterpret<u64>(u) >> 32);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = <i32>(reinterpret<u64>(u) >> 32);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    const low = reinterpret<u64>(u) & 0xffffffff;
    if (hu < 0x6a09e) {
      u = reinterpret<f64>(low | (<u64>(hu | 0x3ff00000) << 32)); // normalize u
    } else {
      k += 1;
      u = reinterpret<f64>(low | (<u64>(hu | 0x3fe00000) << 32)); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu == 0) {
    // |f| < 2^-20
    if (f == 0) {
      if (k == 0) return 0;
      c += <f64>k * LN2_LO;
      return <f64>k * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return <f64>k * LN2_HI - ((R - (<f64>k * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return <f64>k * LN2_HI - ((hfsq - (s * (hfsq + R) + (<f64>k * LN2_LO + c))) - f);
}

// ---------------------------------------------------------------------------------------------------
// tanh
//
// |x| < 2^-4: x + x³·P(x²), P the Taylor coefficients -1/3, 2/15, ..., -929569/638512875 (the first
// term left out is below 2^-74·|x|); the correction x³·P is under 0.0013·|x|, so its rounding errors
// stay below 0.01 ulp and the one rounding of the sum dominates: ≤ 0.51 ulp.
//
// 2^-4 <= |x| < 22, a = |x|, y = 2a: k = round(y·128/ln2), r = y - k·ln2/128 (|r| <= ln2/256,
// absolute error under 2^-61), e^y = 2^(k/128)·e^r = S·(1 + τ) with S = H·2^(k>>7) exact, H the
// double nearest 2^(j/128) (j = k & 127) and T its relative tail from the table, and
// τ = p + T·(1 + p), p = e^r - 1 by its Taylor polynomial to r⁶/720 (error under 2^-70). e^y is then
// S + S·τ, relative error under 2^-60, made a double-double eh + el (|el| <= ulp(eh)/2) by Fast2Sum;
// D = 1 + e^y = dh + dl by Fast2Sum again; u = 2/D = uh + ul with uh = 2/dh and
// ul = ((2 - uh·dh) - uh·dl)/dh (|dl/dh| <= 2^-52, so the term left out is below 2^-100), uh·dh exact by
// Dekker's product; tanh a = 1 - u = th + (te - ul) with th + te = 1 - uh exactly. The one rounding
// of that last sum is the only error above 2^-58 relative: ≤ 0.51 ulp.
//
// |x| >= 22: tanh x rounds to ±1. NaN stays NaN.

const TANH_SMALL: f64 = 0.0625;
const TANH_ONE: f64 = 22.0;
const T1: f64 = -0.3333333333333333; // -1/3
const T2: f64 = 0.13333333333333333; // 2/15
const T3: f64 = -0.05396825396825397; // -17/315
const T4: f64 = 0.021869488536155203; // 62/2835
const T5: f64 = -0.008863235529902197; // -1382/155925
const T6: f64 = 0.003592128036572481; // 21844/6081075
const T7: f64 = -0.0014558343870513183; // -929569/638512875
const N_OVER_LN2: f64 = 184.6649652337873; // 128/ln2
const LN2_N_HI: f64 = LN2_HI / 128; // 32 significant bits: k·LN2_N_HI is exact
const LN2_N_LO: f64 = LN2_LO / 128;
const SPLIT: f64 = 134217729.0; // 2^27 + 1

/** 2^(j/128) = H·(1 + T) for j = 0 .. 127: H (the nearest double), T (the rest, relative), as bits. */
const EXP2_TABLE = memory.data<u64>([
  0x3ff0000000000000, 0x0000000000000000,
  0x3ff0163da9fb3335, 0x3c9b3b4f1a88bf6e,
  0x3ff02c9a3e778061, 0xbc7160139cd8dc5d,
  0x3ff04315e86e7f85, 0xbc905e7a108766d1,
  0x3ff059b0d3158574, 0x3c8cd2523567f613,
  0x3ff0706b29ddf6de, 0xbc8bce8023f98efa,
  0x3ff0874518759bc8, 0x3c60f74e61e6c861,
  0x3ff09e3ecac6f383, 0x3c90a3e45b33d399,
  0x3ff0b5586cf9890f, 0x3c979aa65d837b6d,
  0x3ff0cc922b7247f7, 0x3c8eb51a92fdeffc,
  0x3ff0e3ec32d3d1a2, 0x3c3ebe3d702f9cd1,
  0x3ff0fb66affed31b, 0xbc6a033489906e0b,
  0x3ff11301d0125b51, 0xbc9556522a2fbd0e,
  0x3ff12abdc06c31cc, 0xbc5080ef8c4eea55,
  0x3ff1429aaea92de0, 0xbc91c923b9d5f416,
  0x3ff15a98c8a58e51, 0x3c80d3e3e95c55af,
  0x3ff172b83c7d517b, 0xbc801b15eaa59348,
  0x3ff18af9388c8dea, 0xbc8f1ff055de323d,
  0x3ff1a35beb6fcb75, 0x3c8b898c3f1353bf,
  0x3ff1bbe084045cd4, 0xbc96d99c7611eb26,
  0x3ff1d4873168b9aa, 0x3c9aecf73e3a2f60,
  0x3ff1ed5022fcd91d, 0xbc8fe782cb86389d,
  0x3ff2063b88628cd6, 0x3c8a6f4144a6c38d,
  0x3ff21f49917ddc96, 0x3c807a05b0e4047d,
  0x3ff2387a6e756238, 0x3c968efde3a8a894,
  0x3ff251ce4fb2a63f, 0x3c875e18f274487d,
  0x3ff26b4565e27cdd, 0x3c80472b981fe7f2,
  0x3ff284dfe1f56381, 0xbc96b87b3f71085e,
  0x3ff29e9df51fdee1, 0x3c82f7e16d09ab31,
  0x3ff2b87fd0dad990, 0xbc3d219b1a6fbffa,
  0x3ff2d285a6e4030b, 0x3c8b3782720c0ab4,
  0x3ff2ecafa93e2f56, 0x3c6e149289cecb8f,
  0x3ff306fe0a31b715, 0x3c834d754db0abb6,
  0x3ff32170fc4cd831, 0x3c864201e2ac744c,
  0x3ff33c08b26416ff, 0x3c8fdd395dd3f84a,
  0x3ff356c55f929ff1, 0xbc86a3803b8e5b04,
  0x3ff371a7373aa9cb, 0xbc924aedcc4b5068,
  0x3ff38cae6d05d866, 0xbc9907f81b512d8e,
  0x3ff3a7db34e59ff7, 0xbc71d1e83e9436d2,
  0x3ff3c32dc313a8e5, 0xbc991919b3ce1b15,
  0x3ff3dea64c123422, 0x3c859f48a72a4c6d,
  0x3ff3fa4504ac801c, 0xbc9312607a28698a,
  0x3ff4160a21f72e2a, 0xbc58a78f4817895b,
  0x3ff431f5d950a897, 0xbc7c2c9b67499a1b,
  0x3ff44e086061892d, 0x3c4363ed60c2ac11,
  0x3ff46a41ed1d0057, 0x3c9666093b0664ef,
  0x3ff486a2b5c13cd0, 0x3c6ecce1daa10379,
  0x3ff4a32af0d7d3de, 0x3c93ff8e3f0f1230,
  0x3ff4bfdad5362a27, 0x3c7690cebb7aafb0,
  0x3ff4dcb299fddd0d, 0x3c931dbdeb54e077,
  0x3ff4f9b2769d2ca7, 0xbc8f94340071a38e,
  0x3ff516daa2cf6642, 0xbc87deccdc93a349,
  0x3ff5342b569d4f82, 0xbc78dec6bd0f385f,
  0x3ff551a4ca5d920f, 0xbc861246ec7b5cf6,
  0x3ff56f4736b527da, 0x3c93350518fdd78e,
  0x3ff58d12d497c7fd, 0x3c7b98b72f8a9b05,
  0x3ff5ab07dd485429, 0x3c9063e1e21c5409,
  0x3ff5c9268a5946b7, 0x3c34c7855019c6ea,
  0x3ff5e76f15ad2148, 0x3c9432e62b64c035,
  0x3ff605e1b976dc09, 0xbc8ce44a6199769f,
  0x3ff6247eb03a5585, 0xbc8c33c53bef4da8,
  0x3ff6434634ccc320, 0xbc845378892be9ae,
  0x3ff6623882552225, 0xbc93cedd78565858,
  0x3ff68155d44ca973, 0x3c5710aa807e1964,
  0x3ff6a09e667f3bcd, 0xbc93b3efbf5e2228,
  0x3ff6c012750bdabf, 0xbc6a12ad8734b982,
  0x3ff6dfb23c651a2f, 0xbc6367efb86da9ee,
  0x3ff6ff7df9519484, 0xbc80dc3d54e08851,
  0x3ff71f75e8ec5f74, 0xbc781f647e5a3ecf,
  0x3ff73f9a48a58174, 0xbc86ee4ac08b7db0,
  0x3ff75feb564267c9, 0xbc8619321e55e68a,
  0x3ff780694fde5d3f, 0x3c909ccb5e09d4d3,
  0x3ff7a11473eb0187, 0xbc7b32dcb94da51d,
  0x3ff7c1ed0130c132, 0x3c94ecfd5467c06b,
  0x3ff7e2f336cf4e62, 0x3c65ebe1abd66c55,
  0x3ff80427543e1a12, 0xbc88a1c52fb3cf42,
  0x3ff82589994cce13, 0xbc9369b6f13b3734,
  0x3ff8471a4623c7ad, 0xbc805e843a19ff1e,
  0x3ff868d99b4492ed, 0xbc94d450d872576e,
  0x3ff88ac7d98a6699, 0x3c90ad675b0e8a00,
  0x3ff8ace5422aa0db, 0x3c8db72fc1f0eab4,
  0x3ff8cf3216b5448c, 0xbc65b6609cc5e7ff,
  0x3ff8f1ae99157736, 0x3c7bf68359f35f44,
  0x3ff9145b0b91ffc6, 0xbc93091fa71e3d83,
  0x3ff93737b0cdc5e5, 0xbc5da9b88b6c1e29,
  0x3ff95a44cbc8520f, 0xbc6c23f97c90b959,
  0x3ff97d829fde4e50, 0xbc92434322f4f9aa,
  0x3ff9a0f170ca07ba, 0xbc85ca6cd7668e4b,
  0x3ff9c49182a3f090, 0x3c71affc2b91ce27,
  0x3ff9e86319e32323, 0x3c6dd235e10a73bb,
  0x3ffa0c667b5de565, 0xbc87c50422622263,
  0x3ffa309bec4a2d33, 0x3c8b1c86e3e231d5,
  0x3ffa5503b23e255d, 0xbc91bbd1d3bcbb15,
  0x3ffa799e1330b358, 0x3c90cc319cee31d2,
  0x3ffa9e6b5579fdbf, 0x3c8469846e735ab3,
  0x3ffac36bbfd3f37a, 0xbc82dfcd978e9db4,
  0x3ffae89f995ad3ad, 0x3c8c1a7792cb3387,
  0x3ffb0e07298db666, 0xbc907b8f4ad1d9fa,
  0x3ffb33a2b84f15fb, 0xbc55c3d956dcaeba,
  0x3ffb59728de5593a, 0xbc90a40e3da6f640,
  0x3ffb7f76f2fb5e47, 0xbc68d6f438ad9334,
  0x3ffba5b030a1064a, 0xbc91eee26b588a35,
  0x3ffbcc1e904bc1d2, 0x3c74ffd70a5fddcd,
  0x3ffbf2c25bd71e09, 0xbc91bdfbfa9298ac,
  0x3ffc199bdd85529c, 0x3c736eae30af0cb3,
  0x3ffc40ab5fffd07a, 0x3c8ee3325c9ffd94,
  0x3ffc67f12e57d14b, 0x3c84e08fd10959ac,
  0x3ffc8f6d9406e7b5, 0x3c63cdaf384e1a67,
  0x3ffcb720dcef9069, 0x3c676b2c6c921968,
  0x3ffcdf0b555dc3fa, 0xbc808a1883ccb5d2,
  0x3ffd072d4a07897c, 0xbc8fad5d3ffffa6f,
  0x3ffd2f87080d89f2, 0xbc900dae3875a949,
  0x3ffd5818dcfba487, 0x3c74a385a63d07a7,
  0x3ffd80e316c98398, 0xbc82919e2040220f,
  0x3ffda9e603db3285, 0x3c8e5a50d5c192ac,
  0x3ffdd321f301b460, 0x3c843a59ac016b4b,
  0x3ffdfc97337b9b5f, 0xbc82d52107b43e1f,
  0x3ffe264614f5a129, 0xbc892ab93b470dc9,
  0x3ffe502ee78b3ff6, 0x3c74b604603a88d3,
  0x3ffe7a51fbc74c83, 0x3c83c5ec519d7271,
  0x3ffea4afa2a490da, 0xbc8ff7128fd391f0,
  0x3ffecf482d8e67f1, 0xbc8dae98e223747d,
  0x3ffefa1bee615a27, 0x3c8ec3bc41aa2008,
  0x3fff252b376bba97, 0x3c842b94c3a9eb32,
  0x3fff50765b6e4540, 0x3c8a64a931d185ee,
  0x3fff7bfdad9cbe14, 0xbc8e37bae43be3ed,
  0x3fffa7c1819e90d8, 0x3c77893b4d91cd9d,
  0x3fffd3c22b8f71f1, 0x3c5305c14160cc89
]);

/** The address of the table of 2^(j/128), for the test that checks it against a BigInt reference. */
export function exp2Table(): usize {
  return EXP2_TABLE;
}

/** tanh x, within 0.51 ulp of the exact value (see above). */
export function tanh(x: f64): f64 {
  const a = abs(x);
  if (a < TANH_SMALL) {
    const z = x * x;
    const P = T1 + z * (T2 + z * (T3 + z * (T4 + z * (T5 + z * (T6 + z * T7)))));
    return copysign<f64>(x + x * z * P, x); // the sign of -0
  }
  if (!(a < TANH_ONE)) return a == a ? copysign<f64>(1.0, x) : x + x;
  const y = a + a;
  const kf = nearest(y * N_OVER_LN2);
  const r = (y - kf * LN2_N_HI) - kf * LN2_N_LO;
  const k = <i32>kf;
  const entry = EXP2_TABLE + ((<usize>(k & 127)) << 4);
  const S = load<f64>(entry) * reinterpret<f64>(<u64>(0x3ff + (k >> 7)) << 52);
  const T = load<f64>(entry, 8);
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * (0.008333333333333333 + r * 0.001388888888888889))));
  const tau = p + T * (1.0 + p);
  // e^y = eh + el, then D = 1 + e^y = dh + dl, each by Fast2Sum (S >= |S·τ|, eh > 1)
  const sTau = S * tau;
  const eh = S + sTau;
  const el = sTau - (eh - S);
  const dh = eh + 1.0;
  const dl = (1.0 - (dh - eh)) + el;
  // u = 2/D = uh + ul
  const uh = 2.0 / dh;
  const ph = uh * dh;
  let c = SPLIT * uh;
  const uhHi = c - (c - uh);
  const uhLo = uh - uhHi;
  c = SPLIT * dh;
  const dhHi = c - (c - dh);
  const dhLo = dh - dhHi;
  const pl = ((uhHi * dhHi - ph) + uhHi * dhLo + uhLo * dhHi) + uhLo * dhLo;
  const ul = (((2.0 - ph) - pl) - uh * dl) / dh;
  // 1 - u = th + te - ul
  const th = 1.0 - uh;
  const te = -uh - (th - 1.0);
  return copysign<f64>(th + (te - ul), x);
}

/** tanh x in each lane: the bits of {@link tanh}. */
// @ts-ignore: decorator
@inline
export function tanhV(x: v128): v128 {
  const sign = v128.and(x, i64x2.splat(0x8000000000000000));
  const a = f64x2.abs(x);
  const small = f64x2.lt(a, f64x2.splat(TANH_SMALL));
  let result: v128 = f64x2.splat(0);
  if (v128.any_true(small)) {
    const z = f64x2.mul(x, x);
    let P = f64x2.add(f64x2.splat(T6), f64x2.mul(z, f64x2.splat(T7)));
    P = f64x2.add(f64x2.splat(T5), f64x2.mul(z, P));
    P = f64x2.add(f64x2.splat(T4), f64x2.mul(z, P));
    P = f64x2.add(f64x2.splat(T3), f64x2.mul(z, P));
    P = f64x2.add(f64x2.splat(T2), f64x2.mul(z, P));
    P = f64x2.add(f64x2.splat(T1), f64x2.mul(z, P));
    result = v128.or(f64x2.add(x, f64x2.mul(f64x2.mul(x, z), P)), sign); // the sign of -0
    if (i64x2.all_true(small)) return result;
  }
  // the middle range, on a clamped to 22 (lanes at or past it become ±1 below; NaN stays NaN)
  const am = f64x2.min(a, f64x2.splat(TANH_ONE));
  const y = f64x2.add(am, am);
  const kf = f64x2.nearest(f64x2.mul(y, f64x2.splat(N_OVER_LN2)));
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(kf, f64x2.splat(LN2_N_HI))), f64x2.mul(kf, f64x2.splat(LN2_N_LO)));
  const k = i32x4.trunc_sat_f64x2_s_zero(kf);
  const k0 = i32x4.extract_lane(k, 0);
  const k1 = i32x4.extract_lane(k, 1);
  const e0 = EXP2_TABLE + ((<usize>(k0 & 127)) << 4);
  const e1 = EXP2_TABLE + ((<usize>(k1 & 127)) << 4);
  const H = f64x2.replace_lane(f64x2.splat(load<f64>(e0)), 1, load<f64>(e1));
  const T = f64x2.replace_lane(f64x2.splat(load<f64>(e0, 8)), 1, load<f64>(e1, 8));
  const scale = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.shr_s(k, 7)), i64x2.splat(0x3ff)), 52);
  const S = f64x2.mul(H, scale);
  let p = f64x2.add(f64x2.splat(0.008333333333333333), f64x2.mul(r, f64x2.splat(0.001388888888888889)));
  p = f64x2.add(f64x2.splat(0.041666666666666664), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(0.16666666666666666), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, p));
  p = f64x2.add(r, f64x2.mul(f64x2.mul(r, r), p));
  const tau = f64x2.add(p, f64x2.mul(T, f64x2.add(f64x2.splat(1.0), p)));
  const one = f64x2.splat(1.0);
  const sTau = f64x2.mul(S, tau);
  const eh = f64x2.add(S, sTau);
  const el = f64x2.sub(sTau, f64x2.sub(eh, S));
  const dh = f64x2.add(eh, one);
  const dl = f64x2.add(f64x2.sub(one, f64x2.sub(dh, eh)), el);
  const uh = f64x2.div(f64x2.splat(2.0), dh);
  const ph = f64x2.mul(uh, dh);
  let c = f64x2.mul(f64x2.splat(SPLIT), uh);
  const uhHi = f64x2.sub(c, f64x2.sub(c, uh));
  const uhLo = f64x2.sub(uh, uhHi);
  c = f64x2.mul(f64x2.splat(SPLIT), dh);
  const dhHi = f64x2.sub(c, f64x2.sub(c, dh));
  const dhLo = f64x2.sub(dh, dhHi);
  const pl = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(uhHi, dhHi), ph), f64x2.mul(uhHi, dhLo)), f64x2.mul(uhLo, dhHi)), f64x2.mul(uhLo, dhLo));
  const ul = f64x2.div(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.splat(2.0), ph), pl), f64x2.mul(uh, dl)), dh);
  const th = f64x2.sub(one, uh);
  const te = f64x2.sub(f64x2.neg(uh), f64x2.sub(th, one));
  let middle = v128.or(f64x2.add(th, f64x2.sub(te, ul)), sign);
  middle = v128.bitselect(v128.or(one, sign), middle, f64x2.ge(a, f64x2.splat(TANH_ONE)));
  return v128.bitselect(result, middle, small);
}
