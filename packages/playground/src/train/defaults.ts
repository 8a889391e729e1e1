/**
 * The options train mode opens with, in a module of their own so that a link can name them before
 * train mode is loaded.
 *
 * @module
 */
import type { RunOptions } from "tracegrad/internal/run/run-config";

/**
 * As the TensorFlow Playground opens: a circle, two tanh hidden layers of 8, 30% of the points held
 * out for testing, Adam at η = 0.03.
 */
export const DEFAULT_TRAIN_OPTIONS: RunOptions = {
  data: "circle",
  test: 0.3,
  layers: "2-8-8-1",
  activation: "tanh",
  outputActivation: "sigmoid",
  loss: "bce",
  optimizer: "adam",
  lr: 0.03,
  epochs: 5000,
  seed: 1,
};

/**
 * The speed train mode opens with, in epochs per frame: 30 (1,800 epochs a second, reached as the run
 * settles; its first epochs go one a frame, `pace.ts`), so that the default run's 5,000 epochs take
 * about four seconds and the decision boundary and the learning curve are redrawn dozens of times as
 * they form, where as fast as it goes they would be done in a third of a second, in three frames. The
 * pace changes when the epochs run, never what they compute.
 */
export const DEFAULT_SPEED = 30;
