/**
 * Two-dimensional data sets for classification, all drawn from a seeded generator:
 *
 * - `linear` (Lab01): n points uniform in [0, 1]², class 0 when x₀ > x₁, else 1;
 * - `xor-easy` (Lab01): for i = 0..10, (0.1i, 0.1i) → 0 and, unless i = 5, (0.1i, 1 - 0.1i) → 1 (21 points);
 * - `xor`: n points uniform in [-1, 1]², class 1 when x₀·x₁ < 0;
 * - `circle`: an inner disc (radius < 0.5, class 0) and an outer ring (0.7 to 1, class 1);
 * - `spiral`: one arm per class, k classes;
 * - `blobs`: k Gaussian blobs (σ = 0.4) centred on a circle of radius 1.5;
 * - `moons`: two interleaving half circles with Gaussian noise (σ = 0.1).
 *
 * @module
 */
import { Random } from "../engine/random.js";
import { checkLimit, LIMITS } from "../common/limits.js";
import { classificationDataset } from "./dataset.js";
import type { Dataset } from "./dataset.js";

/** @category Data */
export const GENERATOR_NAMES = ["linear", "xor-easy", "xor", "circle", "spiral", "blobs", "moons"] as const;
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
}

/** The default number of points of each generator. */
export const DEFAULT_POINTS: Readonly<Record<GeneratorName, number>> = { linear: 100, "xor-easy": 21, xor: 200, circle: 200, spiral: 300, blobs: 300, moons: 200 };

/** The most points a generator draws (a million: 16 MB of inputs; far more exhausts memory): `LIMITS.points`. */
export const MAX_POINTS = LIMITS.points;

export function isGeneratorName(name: string): name is GeneratorName {
  return (GENERATOR_NAMES as readonly string[]).includes(name);
}

/** Draws a data set. */
export function generate(name: GeneratorName, options: GeneratorOptions = {}): Dataset {
  const random = new Random(options.seed ?? 1);
  const n = options.n ?? DEFAULT_POINTS[name];
  const classes = name === "spiral" || name === "blobs" ? (options.classes ?? 2) : 2;
  checkLimit(n, LIMITS.points, "points");
  checkLimit(classes, LIMITS.classes, "classes");
  const points: number[] = [];
  const labels: number[] = [];
  const add = (x0: number, x1: number, label: number) => {
    points.push(x0, x1);
    labels.push(label);
  };
  switch (name) {
    case "linear":
      for (let i = 0; i < n; i++) {
        const x0 = random.next();
        const x1 = random.next();
        add(x0, x1, x0 > x1 ? 0 : 1);
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
        const x0 = random.uniform(-1, 1);
        const x1 = random.uniform(-1, 1);
        add(x0, x1, x0 * x1 < 0 ? 1 : 0);
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
      for (let i = 0; i < n; i++) {
        const k = i % classes;
        const r = (Math.floor(i / classes) + 1) / Math.ceil(n / classes);
        const angle = (4 * (k + r)) / 1 + random.normal(0, 0.2);
        add(r * Math.sin(angle + (2 * Math.PI * k) / classes), r * Math.cos(angle + (2 * Math.PI * k) / classes), k);
      }
      break;
    case "blobs":
      for (let i = 0; i < n; i++) {
        const k = i % classes;
        const angle = (2 * Math.PI * k) / classes;
        add(1.5 * Math.cos(angle) + random.normal(0, 0.4), 1.5 * Math.sin(angle) + random.normal(0, 0.4), k);
      }
      break;
    case "moons":
      for (let i = 0; i < n; i++) {
        const lower = i % 2 === 1;
        const t = random.uniform(0, Math.PI);
        const x0 = lower ? 1 - Math.cos(t) : Math.cos(t);
        const x1 = lower ? 0.5 - Math.sin(t) : Math.sin(t);
        add(x0 + random.normal(0, 0.1), x1 + random.normal(0, 0.1), lower ? 1 : 0);
      }
      break;
  }
  return classificationDataset(Float64Array.from(points), 2, Int32Array.from(labels), classes, {
    featureNames: ["x0", "x1"],
    classNames: Array.from({ length: classes }, (_, k) => String(k)),
    oneHot: options.oneHot ?? false,
  });
}
