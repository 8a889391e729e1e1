// The command line as a user installs it outside the repository: both packages packed
// (`npm pack -w tracegrad -w @tracegrad/cli`, of the built packages: `npm test` builds first) and
// installed with `npm install --global` under a fresh prefix; then `tracegrad --help`, a worked step
// (the same text as the committed solution), a user's mistake, and a short MNIST training with PNG
// plots, and the lab with its figure thread, from the installed package alone: its bundle, its fonts
// and its MNIST file.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installGlobally, measureInstall, packWorkspace, REPOSITORY } from "../../../../scripts/package-metrics.js";
import type { Packed } from "../../../../scripts/package-metrics.js";

const work = mkdtempSync(join(tmpdir(), "tracegrad-cli-tarball-"));
const prefix = join(work, "prefix");
const user = join(work, "user");
mkdirSync(prefix);
mkdirSync(user);
after(() => rmSync(work, { recursive: true, force: true }));

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
let library: Packed | undefined;
let cli: Packed | undefined;

/** Runs the installed `tracegrad` in the user's folder. */
function tracegrad(...args: string[]) {
  const result = spawnSync(join(prefix, "bin", "tracegrad"), args, { cwd: user, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("npm pack -w @tracegrad/cli: the bundle, the fonts and the MNIST file, no source maps, and neither the mnist nor the fonts package as a dependency", (t) => {
  library = packWorkspace("tracegrad", work);
  cli = packWorkspace("@tracegrad/cli", work);
  t.diagnostic(`@tracegrad/cli tarball ${kb(cli.size)} (${kb(cli.unpackedSize)} unpacked, ${cli.files.length} files)`);
  const paths = new Set(cli.files.map((f) => f.path));
  for (const file of ["bin/tracegrad.cjs", "dist/cli-bundle/main.cjs", "dist/cli-bundle/main.cjs.cache", "dist/cli-bundle/young-generation.cjs", "dist/cli-bundle/cached-module.cjs", "assets/mnist/digits-images-idx3-ubyte.gz", "assets/mnist/digits-labels-idx1-ubyte.gz", "assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf", "assets/fonts/DejaVuSans-plots.ttf", "assets/fonts/DejaVuSans-Bold-plots.ttf", "assets/fonts/LICENSE-DejaVu", "LICENSE", "README.md"]) {
    assert.ok(paths.has(file), `${file} is in the tarball`);
  }
  assert.deepEqual([...paths].filter((p) => p.endsWith(".map")), []);
  const manifest = JSON.parse(readFileSync(join(REPOSITORY, "packages/cli/package.json"), "utf8")) as { dependencies: Record<string, string> };
  assert.deepEqual(["mnist", "dejavu-fonts-ttf"].filter((name) => name in manifest.dependencies), []);
});

test("npm install --global of the two tarballs gives a working tracegrad: --help, a worked step as the committed solution has it, and a user's mistake on one line", (t) => {
  assert.ok(library !== undefined && cli !== undefined, "packed");
  installGlobally(prefix, [library.file, cli.file]);
  const installed = measureInstall(join(prefix, "lib"));
  t.diagnostic(`installed ${kb(installed.bytes)} in ${installed.packages.length} packages`);
  cpSync(join(REPOSITORY, "examples"), join(user, "examples"), { recursive: true });

  const help = tracegrad("--help");
  assert.equal(help.status, 0, help.stderr);
  for (const command of ["step", "gradcheck", "check", "exercise", "train", "predict", "export", "lab"]) assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
  const step = tracegrad("step", "examples/module11-2-2-2.yaml");
  assert.equal(step.status, 0, step.stderr);
  assert.equal(step.stdout, readFileSync(join(REPOSITORY, "examples/solutions/module11-2-2-2.txt"), "utf8"));
  const missing = tracegrad("step", "nothere.yaml");
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, "");
  assert.match(missing.stderr, /^tracegrad: .*nothere\.yaml.*\n$/);
});

test("the installed tracegrad trains on MNIST from the file it ships and draws its plots as PNG in the fonts it ships", () => {
  const out = join(user, "mnist");
  const run = tracegrad("train", "--data", "mnist", "--layers", "784-10", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.01", "--batch", "256", "--epochs", "2", "--out", out, "--quiet", "--json");
  assert.equal(run.status, 0, run.stderr);
  const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as { final: { trainAccuracy: number; testAccuracy: number } };
  // A linear classifier of the digits reaches about 90%; 2 epochs are well past 80%, on the 2,000 test digits too.
  assert.ok(metrics.final.trainAccuracy > 0.8 && metrics.final.testAccuracy > 0.8, JSON.stringify(metrics.final));
  for (const plot of ["learning-curve.png", "confusion-matrix.png"]) {
    assert.ok(existsSync(join(out, plot)), plot);
    assert.deepEqual([...readFileSync(join(out, plot)).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${plot} is a PNG`);
  }
});

test("the installed tracegrad runs the lab, whose figures its figure thread draws from the installed bundle", () => {
  const out = join(user, "lab");
  const run = tracegrad("lab", "--epochs", "200", "--out", out, "--quiet");
  assert.equal(run.status, 0, run.stderr);
  const report = readFileSync(join(out, "report.md"), "utf8");
  const figures = [...report.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1]);
  // The report shows eight figures: four sets of learning curves, two predictions, two decision boundaries.
  assert.equal(figures.length, 8, figures.join(", "));
  for (const figure of figures) {
    assert.deepEqual([...readFileSync(join(out, figure)).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${figure} is a PNG`);
  }
});
