// Evaluation metrics of a binary risk score. Pure functions over (score, label) arrays.
export type Labels = ArrayLike<number>;
export type Scores = ArrayLike<number>;

function order(scores: Scores, desc: boolean): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => (desc ? scores[b]! - scores[a]! : scores[a]! - scores[b]!) || a - b);
}

/** ROC-AUC by the rank-sum (Mann-Whitney) statistic; tied scores get their average rank, i.e. count ½. */
export function rocAuc(scores: Scores, labels: Labels): number | null {
  const n = scores.length;
  const idx = order(scores, false);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && scores[idx[j]!] === scores[idx[i]!]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (labels[idx[k]!] === 1) {
        pos++;
        rankSumPos += avgRank;
      }
    i = j;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface CurvePoint {
  x: number;
  y: number;
}

/** ROC points (fpr, tpr), one per distinct threshold. */
export function rocCurve(scores: Scores, labels: Labels): CurvePoint[] {
  const idx = order(scores, true);
  const P = Array.from(labels).filter((l) => l === 1).length;
  const N = labels.length - P;
  const pts: CurvePoint[] = [{ x: 0, y: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) {
      if (labels[idx[j]!] === 1) tp++;
      else fp++;
      j++;
    }
    pts.push({ x: N ? fp / N : 0, y: P ? tp / P : 0 });
    i = j;
  }
  return pts;
}

/** Precision-recall points (recall, precision), one per distinct threshold. */
export function prCurve(scores: Scores, labels: Labels): CurvePoint[] {
  const idx = order(scores, true);
  const P = Array.from(labels).filter((l) => l === 1).length;
  const pts: CurvePoint[] = [];
  let tp = 0;
  let k = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) {
      if (labels[idx[j]!] === 1) tp++;
      k++;
      j++;
    }
    pts.push({ x: P ? tp / P : 0, y: tp / k });
    i = j;
  }
  return pts;
}

/** PR-AUC as average precision: Σ (R_k − R_{k−1}) · P_k over distinct thresholds. */
export function prAuc(scores: Scores, labels: Labels): number | null {
  const pts = prCurve(scores, labels);
  if (!Array.from(labels).some((l) => l === 1)) return null;
  let prev = 0;
  let ap = 0;
  for (const p of pts) {
    ap += (p.x - prev) * p.y;
    prev = p.x;
  }
  return ap;
}

export function brier(probs: Scores, labels: Labels): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) s += (probs[i]! - labels[i]!) ** 2;
  return s / probs.length;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** 10 equal-width bins over [0,1]; p = 1 falls in the last bin. */
export function reliabilityBins(probs: Scores, labels: Labels, bins = 10): ReliabilityBin[] {
  const out = Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: 0,
    sp: 0,
    sy: 0,
  }));
  for (let i = 0; i < probs.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(probs[i]! * bins)));
    const bin = out[b]!;
    bin.count++;
    bin.sp += probs[i]!;
    bin.sy += labels[i]!;
  }
  return out.map((b) => ({
    lo: b.lo,
    hi: b.hi,
    count: b.count,
    meanPredicted: b.count ? b.sp / b.count : 0,
    observedRate: b.count ? b.sy / b.count : 0,
  }));
}

/** Expected calibration error: Σ_bins (n_b / n) · |mean predicted − observed rate|. */
export function ece(probs: Scores, labels: Labels, bins = 10): number {
  const n = probs.length;
  return reliabilityBins(probs, labels, bins).reduce(
    (s, b) => s + (b.count / n) * Math.abs(b.meanPredicted - b.observedRate),
    0,
  );
}

export interface ThresholdMetrics {
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Predicted positive when prob ≥ threshold. */
export function atThreshold(probs: Scores, labels: Labels, threshold: number): ThresholdMetrics {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]! >= threshold;
    const y = labels[i] === 1;
    if (p && y) tp++;
    else if (p) fp++;
    else if (y) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    threshold,
    accuracy: (tp + tn) / probs.length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** The threshold maximising F1 (ties → the higher threshold, fewer alarms). */
export function bestF1Threshold(probs: Scores, labels: Labels): number {
  const idx = order(probs, true);
  const P = Array.from(labels).filter((l) => l === 1).length;
  let tp = 0,
    k = 0,
    best = -1,
    bestT = 0.5;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && probs[idx[j]!] === probs[idx[i]!]) {
      if (labels[idx[j]!] === 1) tp++;
      k++;
      j++;
    }
    const f1 = P ? (2 * tp) / (k + P) : 0;
    if (f1 > best) {
      best = f1;
      bestT = probs[idx[i]!]!;
    }
    i = j;
  }
  return bestT;
}

/** Share of failures among the riskiest `fraction` of rows (ties broken by row order). */
export function captureAt(scores: Scores, labels: Labels, fraction: number): number | null {
  const P = Array.from(labels).filter((l) => l === 1).length;
  if (P === 0) return null;
  const idx = order(scores, true);
  const k = Math.round(scores.length * fraction);
  let tp = 0;
  for (let i = 0; i < k; i++) if (labels[idx[i]!] === 1) tp++;
  return tp / P;
}

/**
 * Effort-aware recall: inspect changes from riskiest down until `fraction` of all changed lines is
 * spent; the share of failures found. Rows with unknown effort are skipped (null when none known).
 */
export function recallAtEffort(
  scores: Scores,
  labels: Labels,
  effort: ArrayLike<number | null>,
  fraction = 0.2,
): number | null {
  const known: number[] = [];
  for (let i = 0; i < scores.length; i++) if (effort[i] !== null && effort[i] !== undefined) known.push(i);
  const P = known.filter((i) => labels[i] === 1).length;
  const total = known.reduce((s, i) => s + (effort[i] as number), 0);
  if (P === 0 || total <= 0) return null;
  known.sort((a, b) => scores[b]! - scores[a]! || a - b);
  let spent = 0,
    tp = 0;
  for (const i of known) {
    const e = effort[i] as number;
    if (spent + e > fraction * total) break;
    spent += e;
    if (labels[i] === 1) tp++;
  }
  return tp / P;
}
