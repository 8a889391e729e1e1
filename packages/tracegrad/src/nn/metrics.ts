/**
 * Classification metrics: accuracy, precision, recall, F1 and the confusion matrix. Predicted classes
 * come from the outputs: a single output is class 1 when it is at least 0.5, several outputs give
 * the index of the largest. A row with a NaN output (a diverged model's) predicts no class,
 * {@link NO_CLASS}: it is never right, and the confusion matrix leaves it out.
 *
 * @module
 */

/** The class of a row whose outputs hold a NaN. */
export const NO_CLASS = -1;

/** The predicted class of row r of outputs (rows × width), or {@link NO_CLASS}. */
export function predictedClass(outputs: ArrayLike<number>, r: number, width: number): number {
  let best = 0;
  for (let k = 0; k < width; k++) {
    const v = outputs[r * width + k];
    if (Number.isNaN(v)) return NO_CLASS;
    if (v > outputs[r * width + best]) best = k;
  }
  return width === 1 ? (outputs[r] >= 0.5 ? 1 : 0) : best;
}

/** The name of a predicted class: its class name, its number, or "none" for {@link NO_CLASS}. */
export function className(c: number, names?: readonly string[]): string {
  return c === NO_CLASS ? "none" : (names?.[c] ?? String(c));
}

/** The predicted class of each of `rows` rows of outputs (rows × width). */
export function predictedClasses(outputs: ArrayLike<number>, rows: number, width: number): Int32Array {
  const classes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) classes[r] = predictedClass(outputs, r, width);
  return classes;
}

/** Counts: matrix[true][predicted] (rows that predict no class are left out). */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) if (predicted[i] !== NO_CLASS) m[truth[i]][predicted[i]]++;
  return m;
}

export interface ClassificationMetrics {
  /** Fraction of samples classified correctly, 0..1. */
  readonly accuracy: number;
  /** For two classes, of class 1; for more, the macro average over classes. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly confusionMatrix: number[][];
  /** Per class: precision, recall, F1, support. */
  readonly perClass: { precision: number; recall: number; f1: number; support: number }[];
  /** Samples that predict no class (NaN outputs): wrong, and not in the confusion matrix. */
  readonly unpredicted: number;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** All the metrics of a classifier's predictions. */
export function classificationMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): ClassificationMetrics {
  const matrix = confusionMatrix(truth, predicted, classes);
  let correct = 0;
  for (let c = 0; c < classes; c++) correct += matrix[c][c];
  const supports = new Array<number>(classes).fill(0);
  for (let i = 0; i < truth.length; i++) supports[truth[i]]++;
  let unpredicted = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === NO_CLASS) unpredicted++;
  const perClass = matrix.map((row, c) => {
    const tp = row[c];
    const support = supports[c];
    const predictedCount = matrix.reduce((s, r) => s + r[c], 0);
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const average = (key: "precision" | "recall" | "f1") => (classes === 2 ? perClass[1][key] : perClass.reduce((s, p) => s + p[key], 0) / classes);
  return { accuracy: ratio(correct, truth.length), precision: average("precision"), recall: average("recall"), f1: average("f1"), confusionMatrix: matrix, perClass, unpredicted };
}
