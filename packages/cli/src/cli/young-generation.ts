/**
 * Keeps V8's young generation at its initial size (1 MiB semi-spaces) for the whole `tracegrad`
 * process. Run first by the command (bin/tracegrad.cjs, as its own bundle), before anything else is
 * allocated, and imported first by main.ts (where the program runs without the command: the tests of
 * the sources).
 *
 * V8 doubles the new space whenever enough objects survive its scavenges, up to 16 MiB semi-spaces
 * (two of them resident): memory that a training run, whose arrays are typed arrays outside that
 * space, does not need (about 5 MB of the peak of `tracegrad train` on MNIST, measured; up to 30 MB
 * where the space reaches its largest). The start-up flag
 * `--max-semi-space-size` cannot be given from inside a running process (V8 sizes the heap at
 * start-up), and re-spawning Node would cost a second start-up; but the growth factor is read each
 * time the space would grow, so setting it to 1 here stops the growth. It is a flag of V8, not of
 * Node: a V8 that no longer reads it at run time simply keeps its default, which changes no result,
 * only the memory. Every number the program computes is the same either way.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8";

/** The factor by which V8 grows its new space when it fills: 1 keeps it at its initial size. */
export const SEMI_SPACE_GROWTH_FACTOR = 1;

setFlagsFromString(`--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`);
