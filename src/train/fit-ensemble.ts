// Fitting the model family on one part of the data: preprocessing, the logistic path and the
// seeded ensemble members (early-stopped on validation AUC when a validation part is given).
import type { FeatureVector } from '../features/schema.ts';
import type { Logger } from '../log.ts';
import { fitLogisticNonNegative, logisticLogits, type LogisticModel } from '../model/logistic.ts';
import { fitMember, predictLogits } from '../model/network.ts';
import { fitPreprocess, monotoneColumns, transformRows, type PreprocessSpec } from '../model/preprocess.ts';
import type { TrainConfig } from './config.ts';
import { rocAuc } from './metrics.ts';

export interface Fitted {
  spec: PreprocessSpec;
  logistic: LogisticModel;
  members: Awaited<ReturnType<typeof fitMember>>[];
}

export async function fitAll(
  train: readonly FeatureVector[],
  yTrain: Float32Array,
  cfg: TrainConfig,
  log: Logger,
  valid?: { rows: readonly FeatureVector[]; y: Float32Array },
  fixedEpochs?: number[],
): Promise<Fitted & { validLogits?: { lr: Float32Array; net: Float32Array } }> {
  const spec = fitPreprocess(train, {
    derived: true,
    inputs: cfg.inputs,
    monotone: cfg.monotone.length > 0,
  });
  const d = spec.columns.length;
  const monotone = monotoneColumns(spec, cfg.monotone);
  const xTrain = transformRows(spec, train);
  const n = yTrain.length;
  const hl = cfg.recencyHalfLife ? cfg.recencyHalfLife * n : null;
  const sampleWeight = hl ? Float64Array.from(yTrain, (_, i) => Math.pow(0.5, (n - 1 - i) / hl)) : undefined;
  const logistic = fitLogisticNonNegative(xTrain, yTrain, d, monotone, {
    l2: cfg.logisticL2,
    ...(sampleWeight ? { sampleWeight } : {}),
  });
  const xValid = valid ? transformRows(spec, valid.rows) : undefined;
  const members = [];
  for (let k = 0; k < cfg.members; k++) {
    const seed = cfg.seed * 1000 + k;
    const m = await fitMember(xTrain, yTrain, d, cfg, seed, {
      ...(valid && xValid ? { valid: { x: xValid, y: valid.y, auc: (l) => rocAuc(l, valid.y) } } : {}),
      ...(fixedEpochs ? { fixedEpochs: fixedEpochs[k]! } : {}),
      monotone,
    });
    log.info(
      `member ${k + 1}/${cfg.members}: ${m.epochs} epochs${m.validAuc !== null ? `, validation AUC ${m.validAuc.toFixed(4)}` : ''}`,
    );
    members.push(m);
  }
  if (!valid || !xValid) return { spec, logistic, members };
  const net = new Float32Array(valid.y.length);
  for (const m of members) {
    const l = predictLogits(m.model, xValid, d);
    for (let i = 0; i < l.length; i++) net[i] = net[i]! + l[i]! / members.length;
  }
  return { spec, logistic, members, validLogits: { lr: logisticLogits(logistic, xValid, d), net } };
}

export const blend = (alpha: number, net: Float32Array, lr: Float32Array) =>
  Float32Array.from(net, (v, i) => alpha * v + (1 - alpha) * lr[i]!);

export function quantiles(sorted: number[], points = 201): number[] {
  return Array.from({ length: points }, (_, i) => {
    const pos = (i / (points - 1)) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  });
}
