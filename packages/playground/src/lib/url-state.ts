/**
 * The whole state of the playground in the URL's fragment: JSON, compressed with deflate where the
 * browser has CompressionStream, in base64url — `#s=z.<base64url>` (or `#s=j.<base64url>`, plain).
 *
 * On the way in, nothing is trusted: the fragment's size and the inflated size are capped, the JSON is
 * checked with a zod schema here, the network then goes through `parseStepSpec` and the training
 * options through the CLI's own option schema (`checkRunOptions`). Whatever fails is reported as one
 * line of text, and no value from a link is ever inserted as HTML.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { z } from "zod";

/** Step mode: the network (an example's id, or YAML) and where the stepping is. */
export interface StepState {
  /** A bundled example, unchanged. */
  readonly example?: string;
  /** The network's YAML when it is not an unchanged example. */
  readonly yaml?: string;
  /** The text of the YAML editor when it holds a mistake (the network shown is `yaml`'s). */
  readonly draft?: string;
  /** Stages revealed in the current step. */
  readonly stage: number;
  /** Which step of gradient descent this is, from 1. */
  readonly stepNo: number;
  /** The selected item (`u:h1`, `p:w2`, `loss`), or null. */
  readonly selected: string | null;
  /** Significant digits. */
  readonly precision: number;
  /** The sample of a batch the diagram shows, from 0. */
  readonly sample: number;
}

/** A change made during a run, at its epoch: other options, or a weight set by hand. */
export type RunEditState =
  | { readonly epoch: number; readonly options: Readonly<Record<string, unknown>> }
  | { readonly epoch: number; readonly weight: { readonly layer: number; readonly unit: number; readonly input: number | null }; readonly value: number };

/** Train mode: the options (as `tracegrad train` takes them), the epoch reached, the data. */
export interface TrainState {
  readonly options: Readonly<Record<string, unknown>>;
  readonly epoch: number;
  /** Epochs per frame at most (0: as fast as it goes). */
  readonly speed: number;
  /** An uploaded CSV file. */
  readonly csv?: { readonly name: string; readonly text: string };
  /** The changes made during the run, replayed to reach its epoch; with them, the options it started with. */
  readonly edits?: readonly RunEditState[];
  readonly startOptions?: Readonly<Record<string, unknown>>;
  /** Whether the test points are drawn (true when absent). */
  readonly showTest?: boolean;
  /** Whether the output is drawn as classes only. */
  readonly discretize?: boolean;
}

export interface AppState {
  readonly v: 1;
  readonly mode: "step" | "train";
  readonly step: StepState;
  readonly train: TrainState;
}

/** The longest fragment read, and the most text it may inflate to. */
export const MAX_FRAGMENT = 400_000;
export const MAX_JSON = 1_000_000;
/** An uploaded CSV is kept in links up to this size. */
export const MAX_CSV_IN_LINK = 60_000;

const text = (max: number) => z.string().max(max, { error: `is longer than ${max} characters` });

const stepSchema = z.strictObject({
  example: text(100).regex(/^[A-Za-z0-9_-]+$/, { error: "is not an example's name" }).optional(),
  yaml: text(200_000).optional(),
  draft: text(200_000).optional(),
  stage: z.number().int().min(0).max(10_000),
  stepNo: z.number().int().min(1).max(1_000_000_000),
  selected: text(200).nullable(),
  precision: z.number().int().min(1).max(17),
  sample: z.number().int().min(0).max(100_000),
});

const options = z.record(z.string().max(50), z.unknown());
const epoch = z.number().int().min(0).max(10_000_000);

const trainSchema = z.strictObject({
  options,
  epoch,
  speed: z.number().int().min(0).max(1_000_000),
  csv: z.strictObject({ name: text(200), text: text(MAX_CSV_IN_LINK) }).optional(),
  edits: z
    .array(
      z.union([
        z.strictObject({ epoch, options }),
        z.strictObject({ epoch, weight: z.strictObject({ layer: z.number().int().min(0).max(100), unit: z.number().int().min(0).max(100_000), input: z.number().int().min(0).max(100_000).nullable() }), value: z.number() }),
      ]),
    )
    .max(1000)
    .optional(),
  startOptions: options.optional(),
  showTest: z.boolean().optional(),
  discretize: z.boolean().optional(),
});

export const appStateSchema = z.strictObject({
  v: z.literal(1, { error: "is not a version of the playground's links this page reads" }),
  mode: z.enum(["step", "train"]),
  step: stepSchema,
  train: trainSchema,
});

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link is damaged: its state is not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    throw new Error("the link is damaged: its state is not base64url");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the link's state is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const compression = typeof CompressionStream === "function" && typeof DecompressionStream === "function";

/** The fragment (without `#`) that holds a state. */
export async function encodeState(state: AppState): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  if (compression) return `s=z.${toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw"), Number.POSITIVE_INFINITY))}`;
  return `s=j.${toBase64Url(bytes)}`;
}

/**
 * The state of a fragment (without `#`), checked; null for a fragment that holds none (an empty one).
 * Throws an Error with a one-line message for anything malformed.
 */
export async function decodeState(fragment: string): Promise<AppState | null> {
  if (fragment === "" || fragment === "#") return null;
  const body = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (body.length > MAX_FRAGMENT) throw new Error(`the link is too long (${body.length} characters; at most ${MAX_FRAGMENT})`);
  const m = /^s=([zj])\.(.*)$/s.exec(body);
  if (m === null) throw new Error("the link holds no playground state (expected #s=...)");
  const raw = fromBase64Url(m[2]);
  let bytes: Uint8Array;
  if (m[1] === "z") {
    if (!compression) throw new Error("this browser cannot read compressed links (no DecompressionStream)");
    try {
      bytes = await pipe(raw, new DecompressionStream("deflate-raw"), MAX_JSON);
    } catch (error) {
      throw new Error(error instanceof Error && error.message.startsWith("the link") ? error.message : "the link is damaged: its state does not inflate");
    }
  } else {
    if (raw.length > MAX_JSON) throw new Error(`the link's state is larger than ${MAX_JSON} bytes`);
    bytes = raw;
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new Error("the link is damaged: its state is not JSON");
  }
  return checkState(value);
}

/** Checks a decoded state's structure; throws a one-line Error naming the first bad field. */
export function checkState(value: unknown): AppState {
  const result = appStateSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  const message = issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
  throw new Error(`the link's state is not valid: ${path === "" ? "" : `${path}: `}${message}`.replace(/\s+/g, " "));
}
