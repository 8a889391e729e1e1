/**
 * Training progress on stderr: a progress bar with the loss and accuracy on a terminal, plain lines
 * (about twenty per run) when stderr is not one.
 *
 * @module
 */
import cliProgress from "cli-progress";
import type { EpochRecord, Trainer } from "tracegrad";
import { formatNumber } from "tracegrad/internal/common/format-number";

export interface Progress {
  update(record: EpochRecord, trainer: Trainer): void;
  stop(): void;
}

function describe(record: EpochRecord): string {
  const parts = [`loss ${formatNumber(record.loss, 6)}`];
  if (record.accuracy !== undefined) parts.push(`accuracy ${formatNumber(record.accuracy * 100, 4)}%`);
  if (record.valLoss !== undefined) parts.push(`val loss ${formatNumber(record.valLoss, 6)}`);
  if (record.valAccuracy !== undefined) parts.push(`val accuracy ${formatNumber(record.valAccuracy * 100, 4)}%`);
  return parts.join("  ");
}

/** A progress display for `epochs` epochs; silent when `quiet`. */
export function createProgress(epochs: number, quiet: boolean): Progress {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "epoch {value}/{total} [{bar}] {percentage}% | {metrics}", stream: process.stderr, hideCursor: true, clearOnComplete: false, fps: 10 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(epochs, 0, { metrics: "" });
    return {
      update: (record) => bar.update(record.epoch, { metrics: describe(record) }),
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.round(epochs / 20));
  return {
    update(record, trainer) {
      if (record.epoch % every === 0 || record.epoch === 1 || trainer.finished) process.stderr.write(`epoch ${record.epoch}/${epochs}  ${describe(record)}\n`);
    },
    stop: () => undefined,
  };
}
