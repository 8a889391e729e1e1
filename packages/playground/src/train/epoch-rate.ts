/**
 * The epochs per second train mode shows: while a run plays, over the last half second or so (and,
 * before half a second has passed, since Play was pressed); once it stops, over the whole play (the
 * epochs it ran in the time it took), so that a run that finishes in a moment still says how fast it
 * went. The rate stays on show after a run stops, until the next play or a new run.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */

/** A moment of the run: a time in milliseconds and the epoch reached then. */
interface Mark {
  readonly time: number;
  readonly epoch: number;
}

/** How long a window of the rate shown while playing is, in milliseconds. */
const WINDOW_MS = 500;

export class EpochRate {
  /** Where the current play started; null when the run is not playing. */
  private play: Mark | null = null;
  /** Where the current window started. */
  private window: Mark | null = null;
  /** The epoch of the last snapshot. */
  private last = 0;
  private current = 0;

  /** Epochs per second; 0 when there is none to show (nothing played yet). */
  get value(): number {
    return this.current;
  }

  /** A new run, or the run started again: no rate. */
  clear(): void {
    this.play = null;
    this.window = null;
    this.last = 0;
    this.current = 0;
  }

  /** Play was pressed at `time` with the run at `epoch`. */
  start(time: number, epoch: number): void {
    this.play = { time, epoch };
    this.window = { time, epoch };
    this.last = epoch;
  }

  /** A snapshot came at `time`, at `epoch`; `playing` is false for the one that ends a play (and for any taken while paused). */
  observe(time: number, epoch: number, playing: boolean): void {
    if (epoch < this.last) this.clear();
    this.last = epoch;
    if (playing) {
      // A snapshot of a play whose start the page did not see (a play from the worker's side): it starts here.
      if (this.play === null || this.window === null) {
        this.start(time, epoch);
        return;
      }
      if (time - this.window.time >= WINDOW_MS) {
        this.current = perSecond(this.window, { time, epoch });
        this.window = { time, epoch };
      } else if (this.window.time === this.play.time) {
        // The first half second: the rate since Play, so that it shows at once.
        const rate = perSecond(this.play, { time, epoch });
        if (rate > 0) this.current = rate;
      }
      return;
    }
    if (this.play !== null) {
      const rate = perSecond(this.play, { time, epoch });
      if (rate > 0) this.current = rate;
      this.play = null;
      this.window = null;
    }
  }
}

/** Epochs per second between two marks; 0 when no time or no epoch passed. */
function perSecond(from: Mark, to: Mark): number {
  const ms = to.time - from.time;
  const epochs = to.epoch - from.epoch;
  return ms > 0 && epochs > 0 ? (epochs * 1000) / ms : 0;
}
