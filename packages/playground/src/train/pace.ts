/**
 * How fast a run plays at a speed of so many epochs a second: slowly at first, where the network
 * changes most (the default run on the circle finds its boundary in its first two hundred epochs), one
 * epoch a frame, then faster as it settles, each second some 12 times as many epochs as the second
 * before, up to the speed chosen. So the boundary and the learning curve are seen forming, and the
 * rest of a long run still goes at the speed asked for. The pace changes when epochs run, never what
 * they compute: the weights are those of the same epochs run at once.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */

/** Epochs per second at the start of a run: one a frame. */
export const EASE_START = 60;
/** How fast the pace grows with the epoch reached: at epoch e, up to e × this many epochs a second. */
export const EASE_GROWTH = 2.5;

/** Epochs per second at `epoch` for a speed of `rate` epochs per second (Infinity: as fast as it goes, unchanged). */
export function paceAt(epoch: number, rate: number): number {
  if (!Number.isFinite(rate)) return rate;
  return Math.min(rate, Math.max(EASE_START, EASE_GROWTH * epoch));
}

/**
 * The epochs a playing run may run now: a budget that grows with the time passed at the pace of the
 * epoch reached, and shrinks by the epochs run. It holds at most a quarter of a second's epochs, so a
 * page that could not keep up (or was hidden) does not make up for it in a burst.
 */
export class PaceBudget {
  private budget = 0;
  private last = 0;

  constructor(private readonly rate: number) {}

  /** Play starts (or starts again) at `time`, in milliseconds. */
  start(time: number): void {
    this.budget = 0;
    this.last = time;
  }

  /** The whole epochs allowed at `time` with the run at `epoch` (Infinity when the speed is as fast as it goes). */
  allowed(time: number, epoch: number): number {
    const pace = paceAt(epoch, this.rate);
    if (!Number.isFinite(pace)) return Number.POSITIVE_INFINITY;
    this.budget = Math.min(this.budget + ((time - this.last) / 1000) * pace, Math.max(1, pace / 4));
    this.last = time;
    return Math.floor(this.budget);
  }

  /** `epochs` were run. */
  spent(epochs: number): void {
    if (Number.isFinite(this.rate)) this.budget -= epochs;
  }
}
