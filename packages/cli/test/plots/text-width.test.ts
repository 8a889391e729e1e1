import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dejaVuTextWidth, dejaVuWidthTable } from "../../src/plots/text-width.js";
import { readFontWidths } from "./truetype.js";

const require = createRequire(import.meta.url);

for (const [file, bold] of [["DejaVuSans.ttf", false], ["DejaVuSans-Bold.ttf", true]] as const) {
  test(`text-width: every entry of the ${bold ? "bold" : "regular"} table is the advance width in ${file}`, () => {
    const font = readFontWidths(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    assert.equal(font.unitsPerEm, 2048);
    const table = dejaVuWidthTable(bold);
    assert.ok(table.size > 300);
    for (const [codePoint, width] of table) assert.equal(width, font.advance(codePoint), `U+${codePoint.toString(16)}`);
  });
}

test("text-width: widths add up per character, scale with the font size, and bold is wider", () => {
  assert.equal(dejaVuTextWidth("0", 2048), 1303);
  assert.equal(dejaVuTextWidth("10,000", 12), ((5 * 1303 + 651) * 12) / 2048);
  assert.ok(dejaVuTextWidth("loss", 12, true) > dejaVuTextWidth("loss", 12));
  assert.equal(dejaVuTextWidth("", 12), 0);
  assert.equal(dejaVuTextWidth("中", 2048), 1303, "a character outside the table counts as a digit");
});
