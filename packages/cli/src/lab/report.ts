/**
 * Markdown tables and the HTML form of a report, with its figures embedded.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { marked } from "marked";
import { escapeXml } from "../plots/svg-markup.js";

/** A Markdown table with leading and trailing pipes. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const escape = (cell: string | number) => String(cell).replace(/\|/g, "\\|");
  return [
    `| ${header.map(escape).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
}

/** The report as one HTML file; each figure (a PNG under `folder`) is embedded as a data URI. */
export function renderReportHtml(markdown: string, folder: string): string {
  const withImages = markdown.replace(/!\[([^\]]*)\]\(([^)]+\.png)\)/g, (_m, caption: string, path: string) => {
    const data = readFileSync(join(folder, path)).toString("base64");
    return `<figure><img alt="${escapeXml(caption, true)}" src="data:image/png;base64,${data}"><figcaption>${escapeXml(caption, true)}</figcaption></figure>`;
  });
  const body = marked.parse(withImages, { async: false });
  const title = /^# (.*)$/m.exec(markdown)?.[1] ?? "Report";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title, true)}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9rem; }
code { background: #f3f3f3; padding: 0 0.2rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
