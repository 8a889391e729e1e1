#!/usr/bin/env node
// Writes the files the command line ships in assets/ and reads at run time, from two packages that are
// only devDependencies (so that installing @tracegrad/cli fetches neither: 41 MB of MNIST JSON and 12 MB
// of fonts). Run once, and again only if those packages change; the output is committed.
//
//   node packages/cli/scripts/build-assets.mjs
//
// assets/mnist/digits-images-idx3-ubyte.gz, digits-labels-idx1-ubyte.gz: the `mnist` package's 10,000
//   digits in the IDX format of the original MNIST files (big-endian header, one unsigned byte a pixel,
//   gzip). The package writes each gray level k (0-255) as k/255 to three decimals; the file keeps k,
//   and src/data/mnist.ts turns it back into the very number the package wrote. The digits keep the
//   package's order (its files 0.json to 9.json, each in order). This script refuses to write anything
//   unless every pixel of the package is exactly such a number.
// assets/fonts/: DejaVu Sans and DejaVu Sans Bold, the two fonts the PNG plots are drawn in, with their
//   licence; and their subsets (DejaVuSans-plots.ttf, DejaVuSans-Bold-plots.ttf) of the characters
//   whose widths src/plots/text-width.ts holds, made by HarfBuzz's subsetter (subset-font) with every
//   glyph, metric and layout feature of those characters. resvg reads a font file again for every
//   glyph it draws (resvg-js 2.6 takes fonts only as files), so the PNGs are drawn from the subsets,
//   a tenth of the size, whenever an SVG has no other character (src/plots/render-png.ts). This part
//   imports dist/plots/text-width.js: run `npm run build` first.
import { Buffer } from "node:buffer";
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import subsetFont from "subset-font";
import { dejaVuCodePoints } from "../dist/plots/text-width.js";

const require = createRequire(import.meta.url);
const assets = new URL("../assets/", import.meta.url).pathname;
const PIXELS = 784;

/** The number the `mnist` package writes for gray level k: k/255 rounded to three decimals. */
const grayValue = (k) => Math.round((k * 1000) / 255) / 1000;

function writeAtomic(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

function idxHeader(type, dims) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE((type << 8) | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return header;
}

const digitsFolder = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
const codeOf = new Map(Array.from({ length: 256 }, (_, k) => [grayValue(k), k]));
const images = [];
const labels = [];
for (let digit = 0; digit < 10; digit++) {
  const { data } = JSON.parse(readFileSync(join(digitsFolder, `${digit}.json`), "utf8"));
  if (data.length % PIXELS !== 0) throw new Error(`${digit}.json: ${data.length} numbers is not a whole number of 784-pixel digits`);
  const codes = Buffer.alloc(data.length);
  data.forEach((value, i) => {
    const code = codeOf.get(value);
    if (code === undefined) throw new Error(`${digit}.json, number ${i}: ${value} is not a gray level k/255 to three decimals`);
    codes[i] = code;
  });
  images.push(codes);
  labels.push(Buffer.alloc(data.length / PIXELS, digit));
}
const pixels = Buffer.concat(images);
const labelBytes = Buffer.concat(labels);
const count = labelBytes.length;
const imageFile = Buffer.concat([idxHeader(0x08, [count, 28, 28]), pixels]);
const labelFile = Buffer.concat([idxHeader(0x08, [count]), labelBytes]);
writeAtomic(join(assets, "mnist/digits-images-idx3-ubyte.gz"), gzipSync(imageFile, { level: 9 }));
writeAtomic(join(assets, "mnist/digits-labels-idx1-ubyte.gz"), gzipSync(labelFile, { level: 9 }));

const fonts = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")));
mkdirSync(join(assets, "fonts"), { recursive: true });
for (const file of ["ttf/DejaVuSans.ttf", "ttf/DejaVuSans-Bold.ttf", "LICENSE"]) {
  copyFileSync(join(fonts, file), join(assets, "fonts", file.replace(/^ttf\//, "").replace(/^LICENSE$/, "LICENSE-DejaVu")));
}
const plotCharacters = String.fromCodePoint(...dejaVuCodePoints());
for (const name of ["DejaVuSans", "DejaVuSans-Bold"]) {
  const subset = await subsetFont(readFileSync(join(fonts, "ttf", `${name}.ttf`)), plotCharacters, { targetFormat: "sfnt" });
  writeAtomic(join(assets, "fonts", `${name}-plots.ttf`), subset);
}
console.log(`wrote ${count} digits to ${assets}mnist/ and the fonts to ${assets}fonts/`);
