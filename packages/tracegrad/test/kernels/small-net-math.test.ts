/**
 * The small-network kernel's own exp, log, log1p and tanh (small-net-math.as.ts): within 1 ulp of the
 * exact value over their whole range (measured against the BigInt reference in test/reference, which
 * shares no code with src), the vector forms giving the scalar forms' bits lane by lane, and exp, log
 * and log1p giving the bits of V8's Math functions (ports of the same fdlibm code).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { smallNetExp2Table, smallNetFunction } from "../../src/kernels/small-net.js";
import { Random } from "../../src/engine/random.js";
import { exp2FractionErrors, ulpError } from "../reference/exact-math.js";

type Fn = "exp" | "log" | "log1p" | "tanh";

const random = new Random(2026);
/** A double with a random exponent in [lo, hi) and a random mantissa and sign. */
const anyExponent = (lo: number, hi: number, signed = true) => (1 + random.next()) * 2 ** (lo + random.integer(hi - lo)) * (signed && random.next() < 0.5 ? -1 : 1);
const uniform = (lo: number, hi: number) => random.uniform(lo, hi);

/** Inputs over each function's whole domain: every binade, the interesting intervals, and the edges. */
function inputs(fn: Fn, count: number): Float64Array {
  const xs: number[] = [];
  const edges: Record<Fn, number[]> = {
    exp: [0, -0, 1, -1, 2 ** -28, -(2 ** -28), 0.34657359027997264, -0.34657359027997264, 1.0397207708399179, 700, -700, 708, 709.782712893384, -708.4, -745.1332191019411, -744.5, 5e-324],
    log: [1, 2, 0.5, 5e-324, 1e-310, 2.2250738585072014e-308, 1.7976931348623157e308, 1 + 2 ** -52, 1 - 2 ** -53, 0.7071067811865476, 1.4142135623730951],
    log1p: [0, -0, 2 ** -54, 2 ** -29, -(2 ** -29), 0.41421356237309503, -0.2928932188134524, -0.9999999999999999, 1e300, 2 ** 53],
    tanh: [0, -0, 5e-324, 1e-300, 0.0625, -0.0625, 0.06249999999999999, 0.5, 1, 19.06, 21.999999999999996, 22, -22, 2 ** -28],
  };
  xs.push(...edges[fn]);
  while (xs.length < count) {
    const u = random.next();
    if (fn === "exp") xs.push(u < 0.4 ? uniform(-745.13, 709.78) : u < 0.8 ? anyExponent(-60, 9) : uniform(-2, 2));
    else if (fn === "log") xs.push(u < 0.5 ? anyExponent(-1074, 1024, false) : u < 0.8 ? uniform(0.5, 2) : 1 + (random.next() - 0.5) * 2 ** -18);
    else if (fn === "log1p") xs.push(u < 0.4 ? uniform(-0.9999, 3) : u < 0.7 ? anyExponent(-60, 60, false) : u < 0.8 ? -anyExponent(-60, 0, false) / 2 : uniform(-1e-6, 1e-6));
    else xs.push(u < 0.4 ? uniform(-23, 23) : u < 0.8 ? anyExponent(-60, 5) : uniform(-0.1, 0.1));
  }
  return Float64Array.from(xs);
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

for (const fn of ["exp", "log", "log1p", "tanh"] as const) {
  test(`${fn}: within 1 ulp of the exact value over its whole range (BigInt reference)`, () => {
    const xs = inputs(fn, 2500);
    const ys = smallNetFunction(fn, xs, false);
    let worst = 0;
    let at = 0;
    xs.forEach((x, i) => {
      const error = ulpError(fn, x, ys[i]);
      if (error > worst) {
        worst = error;
        at = x;
      }
    });
    assert.ok(worst < 1, `${fn}(${at}) is ${worst} ulp from the exact value`);
    // tanh is this kernel's own, held to a tighter bound than faithful rounding
    if (fn === "tanh") assert.ok(worst < 0.52, `tanh(${at}) is ${worst} ulp off`);
  });
}

test("the vector forms give the scalar forms' bits in each lane, special values included", () => {
  for (const fn of ["exp", "log", "tanh"] as const) {
    const xs = inputs(fn, 20000);
    // pairs that mix a special value with an ordinary one, in both lanes
    const specials = [Number.NaN, Infinity, -Infinity, 0, -0, 5e-324, -1, 800, -800, 710, 1];
    const mixed = specials.flatMap((s) => [s, xs[0], xs[1], s]);
    const all = Float64Array.from([...xs, ...mixed, 0.75]); // an odd count: the last through the scalar form
    const scalar = smallNetFunction(fn, all, false);
    const vector = smallNetFunction(fn, all, true);
    all.forEach((x, i) => assert.ok(same(scalar[i], vector[i]), `${fn}(${x}): scalar ${scalar[i]}, vector ${vector[i]}`));
  }
});

test("a sigmoid layer's 1/(1 + e^(-z)) gives the bits of the TypeScript path's 1/(1 + Math.exp(-z)), in every position of its blocks of eight, four, two and one", () => {
  const zs = inputs("exp", 4000).map((x) => -x);
  // values that take e^(-z) out of the range of four vectors at once (overflow, underflow, NaN,
  // infinities), the tiny ones whose e^(-z) is 1 + (-z), and z = -1, whose e^(-z) is e itself
  const specials = [Number.NaN, Infinity, -Infinity, 0, -0, 5e-324, -(2 ** -29), 2 ** -29, -1, 1, 800, -800, 710, -710, 745.2, -0.3465735902799727, -0.34657359028];
  const cases: Float64Array[] = [];
  for (let count = 1; count <= 19; count++) for (let k = 0; k < 4; k++) cases.push(Float64Array.from({ length: count }, (_, i) => zs[(count * 31 + k * 7 + i) % zs.length]));
  // each special value at every position of a block of eight, among ordinary values
  for (const s of specials) for (let at = 0; at < 11; at++) cases.push(Float64Array.from({ length: 11 }, (_, i) => (i === at ? s : zs[i + at])));
  cases.push(zs);
  // where the selects of e^x matter: |x| just above ln2/2 (which fdlibm does not reduce) and below 2^-28
  // (where e^x is 1 + x), both signs
  const sliver = [0.34657359027997264, 0.3465735912322998];
  cases.push(Float64Array.from({ length: 40000 }, () => (random.next() < 0.5 ? -1 : 1) * (random.next() < 0.5 ? uniform(sliver[0], sliver[1]) : random.next() * 2 ** -28)));
  for (const z of cases) {
    const a = smallNetFunction("sigmoid", z, true);
    z.forEach((v, i) => assert.ok(same(a[i], 1 / (1 + Math.exp(-v))), `σ(${v}) at ${i} of ${z.length}: ${a[i]}, TypeScript ${1 / (1 + Math.exp(-v))}`));
  }
});

test("exp, log and log1p give the bits of V8's Math.exp, Math.log and Math.log1p (both fdlibm)", () => {
  const reference: Record<"exp" | "log" | "log1p", (x: number) => number> = { exp: Math.exp, log: Math.log, log1p: Math.log1p };
  for (const fn of ["exp", "log", "log1p"] as const) {
    const xs = Float64Array.from([...inputs(fn, 30000), Number.NaN, Infinity, -Infinity, 0, -0, -1, -2]);
    for (const vector of [false, true]) {
      const ys = smallNetFunction(fn, xs, vector);
      xs.forEach((x, i) => assert.ok(same(ys[i], reference[fn](x)), `${fn}(${x}) = ${ys[i]}, Math.${fn} gives ${reference[fn](x)}`));
    }
  }
});

test("special values: infinities, NaN, zeros, overflow and underflow", () => {
  const cases: [Fn, number, number][] = [
    ["exp", Infinity, Infinity],
    ["exp", -Infinity, 0],
    ["exp", 710, Infinity],
    ["exp", -746, 0],
    ["exp", 0, 1],
    ["log", 0, -Infinity],
    ["log", Infinity, Infinity],
    ["log", 1, 0],
    ["log1p", -1, -Infinity],
    ["log1p", -0, -0],
    ["tanh", Infinity, 1],
    ["tanh", -Infinity, -1],
    ["tanh", -0, -0],
    ["tanh", 30, 1],
    ["tanh", -30, -1],
  ];
  for (const [fn, x, expected] of cases) {
    for (const vector of [false, true]) {
      const y = smallNetFunction(fn, Float64Array.of(x, x), vector)[0];
      assert.ok(Object.is(y, expected), `${fn}(${x}) = ${y}, expected ${expected}`);
    }
  }
  for (const [fn, x] of [["exp", Number.NaN], ["log", -1], ["log", Number.NaN], ["log1p", -2], ["tanh", Number.NaN]] as const) {
    for (const vector of [false, true]) assert.ok(Number.isNaN(smallNetFunction(fn, Float64Array.of(x, x), vector)[0]), `${fn}(${x}) is NaN`);
  }
});

test("tanh's table: H_j is the double nearest 2^(j/128) and H_j·(1 + T_j) is within 2^-100 of it", () => {
  const table = smallNetExp2Table();
  for (let j = 0; j < 128; j++) {
    const { hiUlps, relative } = exp2FractionErrors(j, 128, table[2 * j], table[2 * j + 1]);
    assert.ok(hiUlps <= 0.5, `H_${j} is ${hiUlps} ulp from 2^(${j}/128)`);
    assert.ok(relative < 2 ** -100, `H_${j}(1 + T_${j}) is ${relative} from 2^(${j}/128)`);
  }
});
