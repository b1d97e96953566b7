// L2-regularised logistic regression fitted by Newton's method (IRLS). Used as the in-run
// baseline, as the linear part of the blend and (in one dimension) for Platt calibration. Plain
// arrays: at a few dozen inputs Newton converges in ~10 passes, faster than any SGD loop.
export interface LogisticModel {
  weights: number[];
  bias: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** x is row-major n×d; `sampleWeight` (optional) weighs rows, e.g. recency or class balance. */
export function fitLogistic(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  d: number,
  opts: { l2?: number; iterations?: number; sampleWeight?: ArrayLike<number> } = {},
): LogisticModel {
  const n = y.length;
  const l2 = opts.l2 ?? 1;
  const p = d + 1; // last coordinate = bias (not penalised)
  const beta = new Float64Array(p);
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  const row = new Float64Array(p);
  for (let it = 0; it < (opts.iterations ?? 25); it++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      let z = beta[d]!;
      for (let j = 0; j < d; j++) {
        row[j] = x[i * d + j]!;
        z += beta[j]! * row[j]!;
      }
      row[d] = 1;
      const mu = sigmoid(z);
      const w = opts.sampleWeight ? opts.sampleWeight[i]! : 1;
      const r = w * (mu - y[i]!);
      const s = w * Math.max(mu * (1 - mu), 1e-6);
      for (let j = 0; j < p; j++) {
        grad[j] = grad[j]! + r * row[j]!;
        const sj = s * row[j]!;
        for (let k = 0; k <= j; k++) hess[j * p + k] = hess[j * p + k]! + sj * row[k]!;
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j] = grad[j]! + l2 * beta[j]!;
      hess[j * p + j] = hess[j * p + j]! + l2;
    }
    hess[d * p + d] = hess[d * p + d]! + 1e-6;
    for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) hess[j * p + k] = hess[k * p + j]!;
    const step = solve(hess, grad, p);
    let maxStep = 0;
    for (let j = 0; j < p; j++) {
      beta[j] = beta[j]! - step[j]!;
      maxStep = Math.max(maxStep, Math.abs(step[j]!));
    }
    if (maxStep < 1e-7) break;
  }
  return { weights: Array.from(beta.subarray(0, d)), bias: beta[d]! };
}

/**
 * fitLogistic with weights ≥ 0 on the `nonNegative` columns, by an active set: a constrained column
 * whose weight comes out negative is held at 0 (zeroed in a copy of x; L2 keeps it at 0) and the
 * rest refitted, until no constrained weight is negative. The KKT point of the constrained problem
 * for these small, convex fits.
 */
export function fitLogisticNonNegative(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  d: number,
  nonNegative: readonly number[],
  opts: { l2?: number; iterations?: number; sampleWeight?: ArrayLike<number> } = {},
): LogisticModel {
  const fixed = new Set<number>();
  const l2 = Math.max(opts.l2 ?? 1, 1e-6);
  for (;;) {
    let xs: ArrayLike<number> = x;
    if (fixed.size > 0) {
      const copy = Float32Array.from(x);
      const n = Math.floor(copy.length / d);
      for (let i = 0; i < n; i++) for (const j of fixed) copy[i * d + j] = 0;
      xs = copy;
    }
    const m = fitLogistic(xs, y, d, { ...opts, l2 });
    for (const j of fixed) m.weights[j] = 0;
    const bad = nonNegative.filter((j) => !fixed.has(j) && m.weights[j]! < 0);
    if (bad.length === 0) return m;
    // Hold the most negative first: the others may turn non-negative once it is held.
    bad.sort((a, b) => m.weights[a]! - m.weights[b]!);
    fixed.add(bad[0]!);
  }
}

/** Solves A s = b for symmetric positive definite A (Cholesky). */
function solve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * p + j]!;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  const out = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * out[k]!;
    out[i] = s / l[i * p + i]!;
  }
  return out;
}

export function logisticLogits(m: LogisticModel, x: ArrayLike<number>, d: number): Float32Array {
  const n = Math.floor(x.length / d);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = m.bias;
    for (let j = 0; j < d; j++) z += m.weights[j]! * x[i * d + j]!;
    out[i] = z;
  }
  return out;
}

export interface Platt {
  a: number;
  b: number;
}

/** Platt scaling: p = σ(a·logit + b), fitted on held-out logits (optionally recency-weighted). */
export function fitPlatt(
  logits: ArrayLike<number>,
  y: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): Platt {
  // The slope is held ≥ 0: a negative one would turn the ranking (and every monotone input)
  // upside down. A model that ranks worse than chance on validation gets slope 0: one probability.
  const m = fitLogisticNonNegative(logits, y, 1, [0], {
    l2: 1e-4,
    iterations: 50,
    ...(sampleWeight ? { sampleWeight } : {}),
  });
  return { a: m.weights[0]!, b: m.bias };
}

export const applyPlatt = (c: Platt, logit: number): number => sigmoid(c.a * logit + c.b);
