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
