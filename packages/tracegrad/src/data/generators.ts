/**
 * Two-dimensional data sets, all drawn from a seeded generator. For classification:
 *
 * - `linear` (Lab01): n points uniform in [0, 1]², class 0 when x₁ > x₂, else 1;
 * - `xor-easy` (Lab01): for i = 0..10, (0.1i, 0.1i) → 0 and, unless i = 5, (0.1i, 1 - 0.1i) → 1 (21 points);
 * - `xor`: n points uniform in [-1, 1]², class 1 when x₁·x₂ < 0;
 * - `circle`: an inner disc (radius < 0.5, class 0) and an outer ring (0.7 to 1, class 1);
 * - `spiral`: k arms, one per class, 2π/k apart, each turning 4 radians from the centre to radius 1;
 * - `blobs`: k Gaussian blobs centred on a circle of radius 1.5;
 * - `moons`: two interleaving half circles.
 *
 * For regression (one target value per point, no classes):
 *
 * - `plane`: n points uniform in [-1, 1]², target (x₁ + x₂)/2;
 * - `gaussians`: n points uniform in [-1, 1]², target the sum of six Gaussian bumps (σ = 0.25), three
 *   of height +1 and three of height -1, centred at x₁ = -2/3, 0, 2/3 and x₂ = ±0.5.
 *
 * `noise` is how far the points stray from the pattern: the σ of a Gaussian added to each coordinate
 * after the class or target is decided (for the spiral to the angle, in radians; for the blobs it is
 * their spread). Each generator has its own default (`DEFAULT_NOISE`); with noise 0 the points
 * lie on the pattern.
 *
 * @module
 */
import { Random } from "../engine/random.js";
import { CLASS_LIMIT, checkLimit, POINT_LIMIT } from "../common/size-check.js";
import { classificationDataset } from "./dataset.js";
import type { Dataset } from "./dataset.js";

/** The classification generators. */
export const CLASSIFICATION_GENERATORS = ["linear", "xor-easy", "xor", "circle", "spiral", "blobs", "moons"] as const;
/** The regression generators. */
export const REGRESSION_GENERATORS = ["plane", "gaussians"] as const;
/** Every generator: the classification ones, then the regression ones. @category Data */
export const GENERATOR_NAMES = [...CLASSIFICATION_GENERATORS, ...REGRESSION_GENERATORS] as const;
/** @category Data */
export type GeneratorName = (typeof GENERATOR_NAMES)[number];

/** @category Data */
export interface GeneratorOptions {
  /** Number of points (ignored by xor-easy, which has 21). */
  readonly n?: number;
  /** Number of classes, for spiral and blobs (2). */
  readonly classes?: number;
  readonly seed?: number;
  /** One-hot targets even for two classes (for a softmax output). */
  readonly oneHot?: boolean;
  /** How far points stray from the pattern (see the module's notes); `DEFAULT_NOISE` when absent. */
  readonly noise?: number;
}

/** The default number of points of each generator. */
export const DEFAULT_POINTS: Readonly<Record<GeneratorName, number>> = { linear: 100, "xor-easy": 21, xor: 200, circle: 200, spiral: 300, blobs: 300, moons: 200, plane: 200, gaussians: 300 };

/** The default noise of each generator. */
export const DEFAULT_NOISE: Readonly<Record<GeneratorName, number>> = { linear: 0, "xor-easy": 0, xor: 0, circle: 0, spiral: 0.2, blobs: 0.4, moons: 0.1, plane: 0, gaussians: 0 };

/** The feature names of every generated data set: x₁ and x₂, as the course writes them. */
export const GENERATED_FEATURE_NAMES: readonly string[] = ["x1", "x2"];

/** The most points a generator draws (a million: 16 MB of inputs; far more exhausts memory): `LIMITS.points`. */
export const MAX_POINTS = POINT_LIMIT;

export function isGeneratorName(name: string): name is GeneratorName {
  return (GENERATOR_NAMES as readonly string[]).includes(name);
}

/** Whether a generator draws a regression data set (targets, no classes). */
export function isRegressionGenerator(name: GeneratorName): boolean {
  return (REGRESSION_GENERATORS as readonly string[]).includes(name);
}

/** The six bumps of `gaussians`: x₁, x₂ of the centre and the height. */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-2 / 3, 0.5, 1],
  [0, 0.5, -1],
  [2 / 3, 0.5, 1],
  [-2 / 3, -0.5, -1],
  [0, -0.5, 1],
  [2 / 3, -0.5, -1],
];
const BUMP_SIGMA = 0.25;

/** The target of `gaussians` at a point. */
export function gaussiansTarget(x1: number, x2: number): number {
  let sum = 0;
  for (const [c1, c2, height] of BUMPS) sum += height * Math.exp(-((x1 - c1) ** 2 + (x2 - c2) ** 2) / (2 * BUMP_SIGMA * BUMP_SIGMA));
  return sum;
}

/** Draws a data set. */
export function generate(name: GeneratorName, options: GeneratorOptions = {}): Dataset {
  const random = new Random(options.seed ?? 1);
  const n = options.n ?? DEFAULT_POINTS[name];
  const noise = options.noise ?? DEFAULT_NOISE[name];
  if (!(Number.isFinite(noise) && noise >= 0)) throw new RangeError(`the noise must be a number ≥ 0, got ${noise}`);
  const classes = name === "spiral" || name === "blobs" ? (options.classes ?? 2) : 2;
  checkLimit(n, POINT_LIMIT, "points");
  checkLimit(classes, CLASS_LIMIT, "classes");
  const points: number[] = [];
  const values: number[] = [];
  // Noise on both coordinates, drawn only when there is some, so that noise 0 draws the same points as before noise existed.
  const add = (x1: number, x2: number, value: number) => {
    if (noise > 0) {
      x1 += random.normal(0, noise);
      x2 += random.normal(0, noise);
    }
    points.push(x1, x2);
    values.push(value);
  };
  switch (name) {
    case "linear":
      for (let i = 0; i < n; i++) {
        const x1 = random.next();
        const x2 = random.next();
        add(x1, x2, x1 > x2 ? 0 : 1);
      }
      break;
    case "xor-easy":
      for (let i = 0; i <= 10; i++) {
        add(0.1 * i, 0.1 * i, 0);
        if (i !== 5) add(0.1 * i, 1 - 0.1 * i, 1);
      }
      break;
    case "xor":
      for (let i = 0; i < n; i++) {
        const x1 = random.uniform(-1, 1);
        const x2 = random.uniform(-1, 1);
        add(x1, x2, x1 * x2 < 0 ? 1 : 0);
      }
      break;
    case "circle":
      for (let i = 0; i < n; i++) {
        const outer = i % 2 === 1;
        const radius = outer ? random.uniform(0.7, 1) : random.uniform(0, 0.5);
        const angle = random.uniform(0, 2 * Math.PI);
        add(radius * Math.cos(angle), radius * Math.sin(angle), outer ? 1 : 0);
      }
      break;
    case "spiral":
      // Arm k of K starts at the angle 2πk/K and turns 4 radians by radius 1; the noise is on the angle.
      for (let i = 0; i < n; i++) {
        const k = i % classes;
        const r = (Math.floor(i / classes) + 1) / Math.ceil(n / classes);
        const angle = 4 * r + (2 * Math.PI * k) / classes + (noise > 0 ? random.normal(0, noise) : 0);
        points.push(r * Math.sin(angle), r * Math.cos(angle));
        values.push(k);
      }
      break;
    case "blobs":
      for (let i = 0; i < n; i++) {
        const k = i % classes;
        const angle = (2 * Math.PI * k) / classes;
        points.push(1.5 * Math.cos(angle) + random.normal(0, noise), 1.5 * Math.sin(angle) + random.normal(0, noise));
        values.push(k);
      }
      break;
    case "moons":
      for (let i = 0; i < n; i++) {
        const lower = i % 2 === 1;
        const t = random.uniform(0, Math.PI);
        add(lower ? 1 - Math.cos(t) : Math.cos(t), lower ? 0.5 - Math.sin(t) : Math.sin(t), lower ? 1 : 0);
      }
      break;
    case "plane":
      for (let i = 0; i < n; i++) {
        const x1 = random.uniform(-1, 1);
        const x2 = random.uniform(-1, 1);
        add(x1, x2, (x1 + x2) / 2);
      }
      break;
    case "gaussians":
      for (let i = 0; i < n; i++) {
        const x1 = random.uniform(-1, 1);
        const x2 = random.uniform(-1, 1);
        add(x1, x2, gaussiansTarget(x1, x2));
      }
      break;
  }
  if (isRegressionGenerator(name)) {
    return { x: Float64Array.from(points), y: Float64Array.from(values), n: values.length, features: 2, outputs: 1, featureNames: GENERATED_FEATURE_NAMES };
  }
  return classificationDataset(Float64Array.from(points), 2, Int32Array.from(values), classes, {
    featureNames: GENERATED_FEATURE_NAMES,
    classNames: Array.from({ length: classes }, (_, k) => String(k)),
    oneHot: options.oneHot ?? false,
  });
}
