/**
 * A drawing turned into an MNIST digit, the way MNIST's digits were made: the ink's bounding box scaled
 * into a 20 × 20 box (its aspect kept), placed in the 28 × 28 image so that its centre of mass is at
 * the centre, gray levels from 0 (paper) to 1 (ink).
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { DIGIT_PIXELS, DIGIT_SIDE } from "./digits-file.js";

/** The 784 gray levels of a drawing: `rgba` is width × height pixels, dark ink on white. */
export function padToDigit(rgba: ArrayLike<number>, width: number, height: number): Float64Array {
  const ink = new Float64Array(width * height);
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = 4 * (y * width + x);
      const v = 1 - (rgba[k] + rgba[k + 1] + rgba[k + 2]) / (3 * 255);
      ink[y * width + x] = v;
      if (v > 0.05) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  const out = new Float64Array(DIGIT_PIXELS);
  if (bottom < 0) return out;
  // Scale the bounding box into 20 × 20 (area averaging), keeping its aspect.
  const boxW = right - left + 1;
  const boxH = bottom - top + 1;
  const scale = 20 / Math.max(boxW, boxH);
  const w = Math.max(1, Math.round(boxW * scale));
  const hgt = Math.max(1, Math.round(boxH * scale));
  const small = new Float64Array(w * hgt);
  for (let y = 0; y < hgt; y++) {
    for (let x = 0; x < w; x++) {
      const y0 = top + Math.floor(y / scale);
      const y1 = Math.min(bottom + 1, top + Math.floor((y + 1) / scale));
      const x0 = left + Math.floor(x / scale);
      const x1 = Math.min(right + 1, left + Math.floor((x + 1) / scale));
      let sum = 0;
      let count = 0;
      for (let yy = y0; yy < Math.max(y1, y0 + 1); yy++) for (let xx = x0; xx < Math.max(x1, x0 + 1); xx++) {
        sum += ink[yy * width + xx];
        count++;
      }
      small[y * w + x] = count === 0 ? 0 : sum / count;
    }
  }
  // Its centre of mass at the centre of the 28 × 28 image.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < hgt; y++) for (let x = 0; x < w; x++) {
    const v = small[y * w + x];
    mass += v;
    cx += v * x;
    cy += v * y;
  }
  const offsetX = Math.round(DIGIT_SIDE / 2 - (mass > 0 ? cx / mass : w / 2) - 0.5);
  const offsetY = Math.round(DIGIT_SIDE / 2 - (mass > 0 ? cy / mass : hgt / 2) - 0.5);
  for (let y = 0; y < hgt; y++) for (let x = 0; x < w; x++) {
    const tx = x + offsetX;
    const ty = y + offsetY;
    if (tx >= 0 && tx < DIGIT_SIDE && ty >= 0 && ty < DIGIT_SIDE) out[ty * DIGIT_SIDE + tx] = Math.min(1, small[y * w + x]);
  }
  return out;
}
