import { test } from "node:test";
import assert from "node:assert/strict";
import { formatNumber, formatNumberLatex } from "../../src/common/format-number.js";
import { renderExpr } from "../../src/engine/render-expr.js";
import { add, div, exp, mul, neg, pow, sub, sym } from "../../src/engine/expr.js";

test("8 significant digits by default, trailing zeros trimmed", () => {
  assert.equal(formatNumber(0.26060897166), "0.26060897");
  assert.equal(formatNumber(0.1 + 0.2), "0.3");
  assert.equal(formatNumber(0.28), "0.28");
  assert.equal(formatNumber(-1.4), "-1.4");
  assert.equal(formatNumber(2), "2");
  assert.equal(formatNumber(Math.LN2, 3), "0.693");
});

test("zero never prints as -0", () => {
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(-0), "0");
});

test("plain decimals from 1e-6 up to 1e9, scientific outside", () => {
  assert.equal(formatNumber(1e-6), "0.000001");
  assert.equal(formatNumber(1.5e-6), "0.0000015");
  assert.equal(formatNumber(2.5e-7), "2.5e-7");
  assert.equal(formatNumber(-3e-12), "-3e-12");
  assert.equal(formatNumber(123456789), "123456790");
  assert.equal(formatNumber(999999999.7), "1e9", "rounds up to 1e9, which prints in scientific notation");
  assert.equal(formatNumber(1e9), "1e9");
  assert.equal(formatNumber(-2.5e10), "-2.5e10");
});

test("LaTeX writes scientific numbers as a power of ten", () => {
  assert.equal(formatNumberLatex(2.5e-7), "2.5 \\times 10^{-7}");
  assert.equal(formatNumberLatex(-0.5), "-0.5");
});

test("negative numbers substituted into products and sums are parenthesised or subtracted", () => {
  const w = sym("w", "1", undefined, -0.5);
  const x = sym("x", "1", undefined, 2);
  const b = sym("b", undefined, undefined, -0.4);
  const e = add(mul(x, x), mul(w, x), b);
  assert.equal(renderExpr(e, { substitute: true }), "2·2 + (-0.5)·2 - 0.4");
  assert.equal(renderExpr(e), "x₁·x₁ + w₁·x₁ + b");
  assert.equal(renderExpr(pow(sub(1, w), 2), { substitute: true }), "(1 - (-0.5))²");
  assert.equal(renderExpr(div(1, add(1, exp(neg(x)))), { substitute: true, notation: "latex" }), "\\frac{1}{1 + e^{-2}}");
  assert.equal(renderExpr(div(1, add(1, exp(neg(x)))), { substitute: true, notation: "ascii" }), "1/(1 + exp(-2))");
});

test("a power of a learner's name with a superscript, or of a number in e-notation, takes parentheses", () => {
  const w = sym("w_1^4", undefined, undefined, 0.5);
  assert.equal(renderExpr(pow(w, 2), { notation: "latex" }), "\\left(w_{1}^{4}\\right)^{2}");
  assert.equal(renderExpr(pow(w, 2), { notation: "ascii" }), "(w_1^4)^2");
  assert.equal(renderExpr(pow(sym("w", "1", "(2)"), 2)), "(w₁⁽²⁾)²");
  const tiny = sym("w1", undefined, undefined, 2.5e-7);
  assert.equal(renderExpr(mul(0.01, pow(tiny, 2)), { substitute: true }), "0.01·(2.5e-7)²");
  assert.equal(renderExpr(pow(sym("w1", undefined, undefined, 0.5), 2), { substitute: true }), "0.5²");
});
