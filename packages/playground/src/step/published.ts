/**
 * A spec's `published:` answers named by file (`published: answers/seed001-published.yaml`), resolved
 * as `tracegrad step` resolves them: relative to the spec's folder, read and attached with the parser's
 * `withPublishedFile`, so that the worked solution's notes say where the published answers differ.
 * The page has one folder, `examples/`, whose answers files it bundles; a spec typed into the page
 * lives there too.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { InputError } from "tracegrad/internal/common/input-error";
import { parseSource } from "tracegrad/internal/common/source";
import { withPublishedFile } from "tracegrad/internal/step/spec/index";
import type { StepSpec } from "tracegrad/internal/step/spec/index";

/** Files by their path inside `examples/` (`answers/seed001-published.yaml`), with their text. */
export type BundledFiles = ReadonlyMap<string, string>;

/** A path inside `examples/`, its `.` and `..` segments resolved; null when it leaves the folder. */
export function examplesPath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/**
 * The spec with the answers file its `published:` names attached (the spec itself when `published`
 * is absent or inline). `file` is the spec's name in messages. A file the page does not bundle is an
 * {@link InputError} at `published`, as the CLI's for a missing file.
 */
export function resolvePublished(spec: StepSpec, file: string, files: BundledFiles): StepSpec {
  if (typeof spec.published !== "string") return spec;
  const path = examplesPath(spec.published);
  const text = path === null ? undefined : files.get(path);
  if (text === undefined) {
    const bundled = [...files.keys()].sort().join(", ");
    throw new InputError(`names ${JSON.stringify(spec.published)}, which the playground does not bundle${bundled === "" ? "" : ` (it bundles ${bundled})`}; paste the answers under published: instead`, {
      file,
      field: "published",
    });
  }
  return withPublishedFile(spec, parseSource(text, `examples/${path}`));
}
