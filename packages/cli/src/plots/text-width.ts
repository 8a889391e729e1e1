/**
 * The width of a line of text set in DejaVu Sans, the font the PNGs are drawn with.
 *
 * A chart is laid out (legend widths, axis title offsets, which tick labels overlap, where a long
 * label is cut) from the widths of its texts: by tracegrad's own renderer (`draw-chart.ts`), and by
 * Vega for a spec from elsewhere, which in a browser measures them on a canvas, and in Node, with no
 * canvas, guesses 0.8 em for every character, far too wide for digits and lower case. This table
 * holds the true advance widths of DejaVu Sans and DejaVu Sans Bold for the characters plots use
 * (Latin, Greek, punctuation, super- and subscripts, arrows and the common math signs), in font units
 * of 1/2048 em, read from the fonts' `hmtx` tables (test/plots/text-width.test.ts reads the fonts and
 * checks every entry). Other characters count as the width of a digit.
 *
 * @module
 */

/** Font units per em in both DejaVu Sans fonts. */
const UNITS_PER_EM = 2048;

/** The width of a character missing from the table: that of a digit. */
const FALLBACK_WIDTH = 1303;

/** Runs of consecutive code points: the first code point and the widths from it on (0 for none). */
type WidthRuns = readonly (readonly [number, readonly number[]])[];

const REGULAR_RUNS: WidthRuns = [
  [0x20, [651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716]],
  [0xa0, [651, 821, 1303, 1303, 1303, 1303, 690, 1024, 1024, 2048, 965, 1253, 1716, 739, 2048, 1024, 1024, 1716, 821, 821, 1024, 1303, 1303, 651, 1024, 821, 965, 1253, 1985, 1985, 1985, 1087, 1401, 1401, 1401, 1401, 1401, 1401, 1995, 1430, 1294, 1294, 1294, 1294, 604, 604, 604, 604, 1587, 1532, 1612, 1612, 1612, 1612, 1612, 1716, 1612, 1499, 1499, 1499, 1499, 1251, 1239, 1290, 1255, 1255, 1255, 1255, 1255, 1255, 2011, 1126, 1260, 1260, 1260, 1260, 569, 569, 569, 569, 1253, 1298, 1253, 1253, 1253, 1253, 1253, 1716, 1253, 1298, 1298, 1298, 1298, 1212, 1300, 1212]],
  [0x391, [1401, 1405, 1141, 1401, 1294, 1403, 1540, 1612, 604, 1343, 1401, 1767, 1532, 1294, 1612, 1540, 1235, 0, 1294, 1251, 1251, 1612, 1403, 1612, 1565]],
  [0x3b1, [1350, 1307, 1212, 1253, 1107, 1114, 1298, 1253, 693, 1207, 1212, 1303, 1144, 1142, 1253, 1233, 1300, 1202, 1298, 1233, 1185, 1351, 1183, 1351, 1715]],
  [0x2010, [739, 739, 1303, 1024, 2048, 2048, 1024, 1024, 651, 651, 651, 651, 1061, 1061, 1061, 1061, 1024, 1024, 1208, 1208, 685, 1367, 2048, 651, 0, 0, 0, 0, 0, 0, 0, 409, 2748, 3554, 465, 765]],
  [0x2070, [821, 366, 0, 0, 821, 821, 821, 821, 821, 821, 1081, 1081, 1081, 503, 503, 816, 821, 821, 821, 821, 821, 821, 821, 821, 821, 821, 1081, 1081, 1081, 503, 503, 0, 802, 854, 847, 909, 854, 828, 872, 340, 1276, 816, 877, 764, 604]],
  [0x2190, [1716, 1716, 1716, 1716]],
  [0x2202, [1059, 1294, 1294, 1784, 1370, 1370, 1784, 1784, 1470, 1784, 1784, 1470, 1303, 1550, 1550, 1380, 1716]],
  [0x2218, [1282, 1282, 1305, 1305, 1305, 1463, 1706]],
  [0x2248, [1716]],
  [0x2260, [1716, 1716, 1716, 1716, 1716, 1716]],
];

const BOLD_RUNS: WidthRuns = [
  [0x20, [713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188, 2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407, 1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716]],
  [0xa0, [713, 934, 1425, 1425, 1303, 1425, 748, 1024, 1024, 2048, 1155, 1323, 1716, 850, 2048, 1024, 1024, 1716, 897, 897, 1024, 1507, 1303, 778, 1024, 897, 1155, 1323, 2120, 2120, 2120, 1188, 1585, 1585, 1585, 1585, 1585, 1585, 2222, 1503, 1399, 1399, 1399, 1399, 762, 762, 762, 762, 1716, 1714, 1741, 1741, 1741, 1741, 1741, 1716, 1741, 1663, 1663, 1663, 1663, 1483, 1511, 1473, 1382, 1382, 1382, 1382, 1382, 1382, 2146, 1214, 1389, 1389, 1389, 1389, 702, 702, 702, 702, 1407, 1458, 1407, 1407, 1407, 1407, 1407, 1716, 1407, 1458, 1458, 1458, 1458, 1335, 1466, 1335]],
  [0x391, [1585, 1561, 1305, 1585, 1399, 1485, 1714, 1741, 762, 1587, 1585, 2038, 1714, 1294, 1741, 1714, 1501, 0, 1399, 1397, 1483, 1741, 1579, 1740, 1741]],
  [0x3b1, [1407, 1466, 1395, 1407, 1140, 1210, 1458, 1407, 798, 1455, 1296, 1507, 1395, 1210, 1407, 1620, 1466, 1214, 1595, 1307, 1383, 1602, 1321, 1626, 1780]],
  [0x2010, [850, 850, 1425, 1024, 2048, 2048, 1024, 1024, 778, 778, 778, 778, 1346, 1346, 1346, 1346, 1024, 1024, 1309, 1309, 682, 1366, 2048, 713, 0, 0, 0, 0, 0, 0, 0, 409, 2949, 3864, 540, 915]],
  [0x2070, [897, 449, 0, 0, 897, 897, 897, 897, 897, 897, 1081, 1081, 1081, 590, 590, 933, 897, 897, 897, 897, 897, 897, 897, 897, 897, 897, 1081, 1081, 1081, 590, 590, 0, 937, 981, 999, 845, 981, 933, 998, 449, 1359, 933, 981, 780, 794]],
  [0x2190, [1716, 1716, 1716, 1716]],
  [0x2202, [1114, 1399, 1399, 1754, 1427, 1427, 1836, 1836, 1536, 1836, 1836, 1536, 1303, 1612, 1612, 1470, 1716]],
  [0x2218, [1282, 778, 1366, 1366, 1366, 1458, 1706]],
  [0x2248, [1716]],
  [0x2260, [1716, 1716, 1716, 1716, 1716, 1716]],
];

function toMap(runs: WidthRuns): Map<number, number> {
  const widths = new Map<number, number>();
  for (const [first, run] of runs) run.forEach((width, i) => width > 0 && widths.set(first + i, width));
  return widths;
}

const REGULAR = toMap(REGULAR_RUNS);
const BOLD = toMap(BOLD_RUNS);

/** The table's entries, code point → advance width in font units, for the test that checks them against the fonts. */
export function dejaVuWidthTable(bold: boolean): ReadonlyMap<number, number> {
  return bold ? BOLD : REGULAR;
}

/** The characters either table holds (all in the Basic Multilingual Plane), in order: the characters of the plots' font subsets. */
export function dejaVuCodePoints(): number[] {
  return [...new Set([...REGULAR.keys(), ...BOLD.keys()])].sort((a, b) => a - b);
}

/** The width of the widest of `texts` in pixels (0 for none), as {@link dejaVuTextWidth} measures them. */
export function widestText(texts: readonly string[], fontSize: number, bold = false): number {
  return texts.reduce((widest, text) => Math.max(widest, dejaVuTextWidth(text, fontSize, bold)), 0);
}

/** The width of `text` in pixels, set in DejaVu Sans (Bold when `bold`) at `fontSize` pixels, without kerning. */
export function dejaVuTextWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? BOLD : REGULAR;
  let units = 0;
  for (const character of text) units += widths.get(character.codePointAt(0) ?? 0) ?? FALLBACK_WIDTH;
  return (units * fontSize) / UNITS_PER_EM;
}
