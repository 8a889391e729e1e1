/**
 * `tracegrad lab --out DIR`: Lab01's study in one command.
 *
 * @module
 */
import { runLab } from "../../lab/lab.js";
import { checkOutputTargets, integerOption } from "../io.js";
import { lockOutFolder } from "../../files/out-lock.js";

export async function labCommand(options: { out: string; seed?: string; epochs?: string; quiet?: boolean }): Promise<number> {
  const started = performance.now();
  checkOutputTargets([{ option: "--out", path: options.out, kind: "folder" }]);
  const seed = integerOption(options.seed ?? "1", "--seed", -2147483648, 2147483647);
  const epochs = integerOption(options.epochs ?? "10000", "--epochs", 1);
  lockOutFolder(options.out);
  const result = await runLab({
    out: options.out,
    seed,
    epochs,
    ...(options.quiet ? {} : { onProgress: (message: string) => process.stderr.write(`lab: ${message}\n`) }),
  });
  process.stdout.write(`Wrote ${options.out}/report.md and report.html (${result.runs} runs, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return 0;
}
