#!/usr/bin/env node
// The API report of the library: its public surface, as TypeScript declarations, written from the
// sources and compared with the report committed at packages/tracegrad/api/tracegrad.api.md. A change
// of the public surface that the committed report does not show fails the check (CI runs it with
// `npm run lint`): review the change, then run `npm run api:update` and commit the new report with it.
//
//   node scripts/api-report.mjs            check (exit 1 on a difference, with the lines that differ)
//   node scripts/api-report.mjs --update   rewrite the report
//   node scripts/api-report.mjs --report FILE   check against another report (the tests use it)
//
// The surface is every export of the package's entries (".", "./engine", "./onnx", "./worker"), each printed as
// its declaration file declares it (without comments, private members and members marked @internal),
// and every declaration those reach through their types that the entries do not export themselves.
// "./internal/*" is left out: it is for this repository's own packages and not covered by semver.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "packages/tracegrad");
const reportFlag = process.argv.indexOf("--report");
const reportPath = reportFlag > 0 ? process.argv[reportFlag + 1] : join(pkg, "api/tracegrad.api.md");
const ENTRIES = [
  [".", "index"],
  ["./engine", "engine"],
  ["./onnx", "onnx"],
  ["./worker", "nn/worker-main"],
];

/** Emits the declaration files of the library's sources into a temporary folder. */
function emitDeclarations(out) {
  const config = ts.getParsedCommandLineOfConfigFile(join(pkg, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")) });
  const options = { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false, sourceMap: false, composite: false, incremental: false, tsBuildInfoFile: undefined, outDir: out, rootDir: join(pkg, "src") };
  const program = ts.createProgram(config.fileNames, options);
  const result = program.emit(undefined, undefined, undefined, true);
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) fail(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
}

function fail(message) {
  process.stderr.write(`api-report: ${message}\n`);
  process.exit(2);
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function isHidden(node) {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) return true;
  if (node.name !== undefined && ts.isPrivateIdentifier(node.name)) return true;
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === "internal");
}

/** A declaration as the report shows it. */
function print(node, sf) {
  if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) {
    const members = node.members.filter((m) => !isHidden(m)).map((m) => "    " + printer.printNode(ts.EmitHint.Unspecified, m, sf).replace(/\n/g, "\n    "));
    const headerEnd = node.members.pos;
    const header = sf.text.slice(node.getStart(sf), headerEnd).replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").trim();
    return `${header}\n${members.join("\n")}\n}`;
  }
  if (ts.isVariableDeclaration(node)) return printer.printNode(ts.EmitHint.Unspecified, node.parent.parent, sf);
  return printer.printNode(ts.EmitHint.Unspecified, node, sf);
}

function main() {
  const out = mkdtempSync(join(tmpdir(), "tracegrad-api-"));
  try {
    emitDeclarations(out);
    const entryFiles = ENTRIES.map(([, file]) => join(out, `${file}.d.ts`));
    const program = ts.createProgram(entryFiles, { noEmit: true, skipLibCheck: true, types: [], lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    const checker = program.getTypeChecker();
    const inPackage = (decl) => decl.getSourceFile().fileName.startsWith(out);
    const where = (decl) => relative(out, decl.getSourceFile().fileName).replace(/\.d\.ts$/, "");
    const resolve = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
    const shown = new Set();
    const queue = [];
    const sections = [];

    /** The declarations a declaration's types name, from the package, to show too. */
    function follow(node) {
      const visit = (n) => {
        if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n) || ts.isTypeQueryNode(n)) {
          const name = ts.isTypeReferenceNode(n) ? n.typeName : ts.isTypeQueryNode(n) ? n.exprName : n.expression;
          const symbol = checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.left : name);
          if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.TypeParameter) === 0) {
            const target = resolve(symbol);
            if (!shown.has(target) && (target.declarations ?? []).some(inPackage)) queue.push(target);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(node);
    }

    function describe(name, symbol, indent = "") {
      const lines = [];
      for (const decl of symbol.declarations ?? []) {
        if (!inPackage(decl)) continue;
        if (ts.isSourceFile(decl) || ts.isModuleDeclaration(decl)) {
          // `export * as name`: a namespace of its own exports.
          lines.push(`${indent}namespace ${name} {`);
          for (const inner of checker.getExportsOfModule(symbol).sort((a, b) => a.name.localeCompare(b.name))) lines.push(...describe(inner.name, resolve(inner), indent + "    "));
          lines.push(`${indent}}`);
          continue;
        }
        if (isHidden(decl)) continue;
        const text = print(decl, decl.getSourceFile());
        const renamed = decl.name !== undefined && ts.isIdentifier(decl.name) && decl.name.text !== name ? `// exported as ${name}\n` : "";
        lines.push(...(renamed + text).split("\n").map((l) => indent + l));
        follow(decl);
      }
      return lines;
    }

    for (const [entry, file] of ENTRIES) {
      const sf = program.getSourceFile(join(out, `${file}.d.ts`));
      const moduleSymbol = checker.getSymbolAtLocation(sf);
      const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name));
      const body = [];
      for (const exported of exports) {
        const target = resolve(exported);
        shown.add(target);
        body.push(`// ${exported.name} (${(target.declarations ?? []).filter(inPackage).map(where)[0] ?? "?"})`, ...describe(exported.name, target), "");
      }
      sections.push(`## tracegrad${entry === "." ? "" : entry.slice(1)}\n\n${exports.length} exports.\n\n\`\`\`ts\n${body.join("\n").trimEnd()}\n\`\`\``);
    }
    const referenced = [];
    while (queue.length > 0) {
      const symbol = queue.shift();
      if (shown.has(symbol)) continue;
      shown.add(symbol);
      const decls = (symbol.declarations ?? []).filter(inPackage);
      referenced.push({ key: `${where(decls[0])}:${symbol.name}`, lines: [`// ${symbol.name} (${where(decls[0])})`, ...describe(symbol.name, symbol), ""] });
    }
    referenced.sort((a, b) => a.key.localeCompare(b.key));
    sections.push(`## Declarations the entries reach but do not export\n\n\`\`\`ts\n${referenced.flatMap((r) => r.lines).join("\n").trimEnd()}\n\`\`\``);
    return [
      "# The public API of tracegrad",
      "",
      "Written by `npm run api:update` (scripts/api-report.mjs) from the sources; `npm run lint` fails when the",
      "public surface differs from this file. Review a change here like any other: it is what users of the",
      "package see. `tracegrad/internal/*` is not part of it (it serves this repository's CLI and playground",
      "and is not covered by semver).",
      "",
      ...sections.map((s) => s + "\n"),
    ].join("\n");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const report = main();
if (process.argv.includes("--update")) {
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, report);
  console.log(`api-report: wrote ${relative(root, reportPath)}`);
} else {
  const committed = existsSync(reportPath) ? readFileSync(reportPath, "utf8") : "";
  if (committed === report) {
    console.log(`api-report: the public API matches ${relative(root, reportPath)}`);
  } else {
    const a = committed.split("\n");
    const b = report.split("\n");
    const removed = a.filter((l) => !b.includes(l));
    const added = b.filter((l) => !a.includes(l));
    console.error(`api-report: the public API differs from ${relative(root, reportPath)} (review the change, then \`npm run api:update\` and commit the report):`);
    for (const l of removed.slice(0, 40)) console.error(`- ${l}`);
    for (const l of added.slice(0, 40)) console.error(`+ ${l}`);
    process.exit(1);
  }
}
