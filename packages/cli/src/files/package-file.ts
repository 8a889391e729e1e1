/**
 * The files the command line ships beside its code (`assets/`: the MNIST digits, the fonts of the PNG
 * plots), found from wherever the running module is: the sources in the repository, tsc's `dist/`, or
 * the bundle in `dist/cli-bundle/` of an installed package.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "@tracegrad/cli";
let root: string | undefined;

/** The folder of the @tracegrad/cli package: the nearest folder above this module whose package.json names it. */
function packageRoot(): string {
  if (root !== undefined) return root;
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return (root = folder);
    if (dirname(folder) === folder) throw new Error(`${PACKAGE_NAME}: cannot find the package's own folder above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The path of a file the package ships under `assets/` (`packageAsset("fonts", "DejaVuSans.ttf")`). */
export function packageAsset(...segments: string[]): string {
  return join(packageRoot(), "assets", ...segments);
}
