/**
 * The layers of tracegrad and the one direction imports may take: a module may import from its own
 * folder and from the folders below it, never from one above it or beside it. Type-only imports count.
 * `npm run lint` runs this (depcruise), so CI refuses an import that goes up.
 *
 * The library (packages/tracegrad/src), bottom to top:
 *   common → kernels → engine → data → nn → {step, onnx} → {explain, grade} → exercise → run → api → index.ts, engine.ts
 * (api/ holds the public entry points that check their arguments in front of the folders below.)
 * The command line (packages/cli/src), on top of the whole library:
 *   files → data → plots → run → lab → cli → index.ts
 * The playground (packages/playground/src) sits on both and nothing imports it.
 *
 * Folders on one line in braces are siblings: neither imports the other.
 */
const LIBRARY = [["common"], ["kernels"], ["engine"], ["data"], ["nn"], ["step", "onnx"], ["explain", "grade"], ["exercise"], ["run"], ["api"]];
const CLI = [["files"], ["data"], ["plots"], ["run"], ["lab"], ["cli"]];

/** Rules for one package: for each folder, the folders it must not import (those above and beside it). */
function layerRules(pkg, layers) {
  const root = `^packages/${pkg}/src/`;
  const rules = [];
  layers.forEach((level, i) => {
    for (const folder of level) {
      const forbidden = layers.flatMap((other, j) => (j > i ? other : j === i ? other.filter((f) => f !== folder) : []));
      if (forbidden.length === 0) continue;
      rules.push({
        name: `${pkg}-${folder}-imports-down`,
        comment: `${folder}/ may import only from the folders below it: ${layers.slice(0, i).flat().join(", ") || "none"}`,
        severity: "error",
        from: { path: `${root}${folder}/` },
        to: { path: `${root}(${forbidden.join("|")})/` },
      });
    }
  });
  return rules;
}

module.exports = {
  forbidden: [
    ...layerRules("tracegrad", LIBRARY),
    ...layerRules("cli", CLI),
    {
      name: "library-imports-no-app",
      comment: "The library imports neither the command line nor the playground.",
      severity: "error",
      from: { path: "^packages/tracegrad/" },
      to: { path: "^packages/(cli|playground)/|node_modules/@tracegrad/" },
    },
    {
      name: "cli-imports-no-playground",
      severity: "error",
      from: { path: "^packages/cli/" },
      to: { path: "^packages/playground/|node_modules/@tracegrad/playground" },
    },
    {
      name: "library-core-runs-in-browsers",
      comment: "The library's source imports no Node built-in module; only the command line reads files.",
      severity: "error",
      from: { path: "^packages/tracegrad/src/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "no-circular",
      comment: "No cycle between modules at run time, however long (a cycle of type-only imports, such as a tape node naming its operation and an operation its node, is allowed).",
      severity: "error",
      from: { path: "^packages/[^/]+/src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["types", "import", "default"], extensions: [".ts", ".js", ".d.ts"] },
  },
};
