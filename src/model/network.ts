// The tfjs network: a few-seed ensemble of "wide & deep" members (a linear path plus one ReLU
// hidden layer, summed into one logit), blended with a logistic-regression path. Members train
// separately; `assembleEnsemble` then joins them into ONE tfjs model whose output is the blended
// logit, so one artifact holds everything and the Float32Array forward pass can be checked
// against tfjs's own predict.
import { tf } from './backend.ts';
import { mulberry32, shuffledIndices } from './rng.ts';
import type { LogisticModel } from './logistic.ts';

type LayersModel = ReturnType<typeof tf.model>;

export interface NetConfig {
  hidden: number;
  l2: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  patience: number;
  /** Weight of failures relative to successes: 'balanced' = n0/n1, 'sqrt' = √(n0/n1). */
  classWeight: 'balanced' | 'sqrt' | 'none';
  /**
   * Recency weighting against drift: a row's weight halves every this share of the training rows,
   * counted back from the newest (rows must be in time order). null = all rows weigh the same.
   * tfjs fit() takes no per-row weights, so this path runs its own loop with optimizer.minimize.
   */
  recencyHalfLife?: number | null;
}

/**
 * Keeps a member non-decreasing in the `monotone` input columns after every optimiser step: the
 * wide path's weight on such a column is ≥ 0, and each hidden unit's weight on it has the sign of
 * that unit's output weight (ReLU is non-decreasing, so every unit then moves the logit the same
 * way as the column rises). Units keep free weights on the other columns, so the member still
 * learns interactions; only the direction of the constrained inputs is fixed.
 */
function projectMonotone(model: LayersModel, mask: ReturnType<typeof tf.tensor>): void {
  const [hk] = model.getLayer('m_hidden').trainableWeights;
  const [ok] = model.getLayer('m_out').trainableWeights;
  const [wk] = model.getLayer('m_wide').trainableWeights;
  tf.tidy(() => {
    const sign = tf.sign(tf.add(tf.sign(ok!.read()), 0.5)).reshape([1, -1]); // +1 for ≥ 0, else −1
    const k = hk!.read();
    const fixed = tf.mul(sign, tf.relu(tf.mul(sign, k)));
    hk!.write(tf.add(tf.mul(k, tf.sub(1, mask)), tf.mul(fixed, mask)) as never);
    const w = wk!.read();
    wk!.write(tf.add(tf.mul(w, tf.sub(1, mask)), tf.mul(tf.relu(w), mask)) as never);
  });
}

export interface FitResult {
  model: LayersModel;
  epochs: number;
  validAuc: number | null;
}

function member(d: number, cfg: NetConfig, seed: number, prefix: string) {
  const input = tf.input({ shape: [d], name: `${prefix}_in` });
  const reg = cfg.l2 > 0 ? tf.regularizers.l2({ l2: cfg.l2 }) : undefined;
  const hidden = tf.layers
    .dense({
      units: cfg.hidden,
      activation: 'relu',
      name: `${prefix}_hidden`,
      kernelInitializer: tf.initializers.heNormal({ seed }),
      kernelRegularizer: reg,
    })
    .apply(input);
  const deep = tf.layers
    .dense({
      units: 1,
      name: `${prefix}_out`,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      kernelRegularizer: reg,
    })
    .apply(hidden);
  const wide = tf.layers
    .dense({
      units: 1,
      name: `${prefix}_wide`,
      kernelInitializer: tf.initializers.zeros(),
      kernelRegularizer: reg,
    })
    .apply(input);
  const logit = tf.layers.add({ name: `${prefix}_logit` }).apply([deep, wide] as never);
  return { input, logit: logit as ReturnType<typeof tf.input> };
}

function classWeights(y: ArrayLike<number>, mode: NetConfig['classWeight']): { 0: number; 1: number } {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const ratio = pos > 0 ? (y.length - pos) / pos : 1;
  if (mode === 'balanced') return { 0: 1, 1: ratio };
  if (mode === 'sqrt') return { 0: 1, 1: Math.sqrt(ratio) };
  return { 0: 1, 1: 1 };
}

/** Logits of a trained model, predicted in big batches (always pass batchSize to predict). */
export function predictLogits(
  model: LayersModel,
  x: Float32Array,
  d: number,
  batchSize = 4096,
): Float32Array {
  const n = x.length / d;
  return tf
    .tidy(() => {
      const out = model.predict(tf.tensor2d(x, [n, d]), { batchSize }) as ReturnType<typeof tf.tensor>;
      return out.dataSync() as Float32Array;
    })
    .slice();
}

/**
 * Trains one member with a seeded per-epoch shuffle (tfjs's own shuffle uses Math.random).
 * With `valid`, stops early on validation AUC and restores the best epoch's weights; without it,
 * trains exactly `fixedEpochs`.
 */
export async function fitMember(
  x: Float32Array,
  y: Float32Array,
  d: number,
  cfg: NetConfig,
  seed: number,
  opts: {
    valid?: { x: Float32Array; y: Float32Array; auc: (logits: Float32Array) => number | null };
    fixedEpochs?: number;
    onEpoch?: (e: number, auc: number | null) => void;
    /** Input columns the member must be non-decreasing in (see projectMonotone). */
    monotone?: readonly number[];
  },
): Promise<FitResult> {
  const { input, logit } = member(d, cfg, seed, 'm');
  const prob = tf.layers.activation({ activation: 'sigmoid', name: 'm_prob' }).apply(logit);
  const trainModel = tf.model({ inputs: input, outputs: prob as never });
  const logitModel = tf.model({ inputs: input, outputs: logit as never });
  trainModel.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: 'binaryCrossentropy' });
  const n = y.length;
  const cw = classWeights(y, cfg.classWeight);
  const rng = mulberry32(seed);
  const maxEpochs = opts.fixedEpochs ?? cfg.maxEpochs;
  let best: { auc: number; epoch: number; weights: ReturnType<typeof tf.tensor>[] } | null = null;
  let since = 0;
  const xs = new Float32Array(n * d);
  const ys = new Float32Array(n);
  const ws = new Float32Array(n);
  const hl = cfg.recencyHalfLife ? cfg.recencyHalfLife * n : null;
  const mono = opts.monotone ?? [];
  const maskData = new Float32Array(d);
  for (const j of mono) maskData[j] = 1;
  const mask = mono.length > 0 ? tf.tensor2d(maskData, [d, 1]) : null;
  // The constrained path projects after every step, so it runs the custom loop (as recency does).
  const rowWeights =
    hl || mask
      ? Float32Array.from(
          y,
          (label, i) => (label === 1 ? cw[1] : cw[0]) * (hl ? Math.pow(0.5, (n - 1 - i) / hl) : 1),
        )
      : null;
  if (mask) projectMonotone(logitModel, mask);
  const optimizer = rowWeights ? tf.train.adam(cfg.learningRate) : null;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    const idx = shuffledIndices(n, rng);
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      xs.set(x.subarray(k * d, k * d + d), i * d);
      ys[i] = y[k]!;
    }
    if (rowWeights) {
      for (let i = 0; i < n; i++) ws[i] = rowWeights[idx[i]!]!;
      weightedEpoch(logitModel, optimizer, xs, ys, ws, d, cfg, mask);
      await tf.nextFrame();
    } else {
      const xt = tf.tensor2d(xs, [n, d]);
      const yt = tf.tensor2d(ys, [n, 1]);
      await trainModel.fit(xt, yt, {
        epochs: 1,
        batchSize: cfg.batchSize,
        shuffle: false,
        verbose: 0,
        classWeight: cw,
      });
      xt.dispose();
      yt.dispose();
    }
    if (!opts.valid) continue;
    const auc = opts.valid.auc(predictLogits(logitModel, opts.valid.x, d)) ?? 0;
    opts.onEpoch?.(epoch, auc);
    if (!best || auc > best.auc + 1e-5) {
      best?.weights.forEach((w) => w.dispose());
      best = { auc, epoch, weights: logitModel.getWeights().map((w) => w.clone()) };
      since = 0;
    } else if (++since >= cfg.patience) break;
  }
  if (best) {
    logitModel.setWeights(best.weights);
    best.weights.forEach((w) => w.dispose());
  }
  trainModel.optimizer.dispose();
  optimizer?.dispose();
  mask?.dispose();
  return { model: logitModel, epochs: best?.epoch ?? maxEpochs, validAuc: best?.auc ?? null };
}

/** One epoch of weighted binary cross-entropy (+ the same L2 as the layers' regularisers). */
function weightedEpoch(
  model: LayersModel,
  optimizer: ReturnType<typeof tf.train.adam> | null,
  xs: Float32Array,
  ys: Float32Array,
  ws: Float32Array,
  d: number,
  cfg: NetConfig,
  mask: ReturnType<typeof tf.tensor> | null,
): void {
  const n = ys.length;
  const kernels = ['m_hidden', 'm_out', 'm_wide'].map((l) => model.getLayer(l).trainableWeights[0]!);
  for (let b = 0; b < n; b += cfg.batchSize) {
    const e = Math.min(n, b + cfg.batchSize);
    tf.tidy(() => {
      const xb = tf.tensor2d(xs.subarray(b * d, e * d), [e - b, d]);
      const yb = tf.tensor2d(ys.subarray(b, e), [e - b, 1]);
      const wb = tf.tensor2d(ws.subarray(b, e), [e - b, 1]);
      optimizer!.minimize(() => {
        const logits = model.apply(xb, { training: true }) as ReturnType<typeof tf.tensor>;
        const bce = tf.losses.sigmoidCrossEntropy(yb, logits, wb, 0, tf.Reduction.MEAN);
        const l2 = kernels.reduce((acc, k) => acc.add(tf.sum(tf.square(k.read())).mul(cfg.l2)), tf.scalar(0));
        return bce.add(l2) as ReturnType<typeof tf.scalar>;
      });
    });
    if (mask) projectMonotone(model, mask);
  }
}

export interface EnsembleSpec {
  members: LayersModel[];
  logistic: LogisticModel;
  /** Blended logit = alpha · mean(member logits) + (1 − alpha) · logistic logit. */
  alpha: number;
}

/** One tfjs model computing the blended logit; member weights are copied in, nothing is trained. */
export function assembleEnsemble(d: number, cfg: Pick<NetConfig, 'hidden'>, spec: EnsembleSpec): LayersModel {
  const input = tf.input({ shape: [d], name: 'features' });
  const k = spec.members.length;
  const parts: unknown[] = [];
  const layerWeights: [string, ReturnType<typeof tf.tensor>[]][] = [];
  spec.members.forEach((m, i) => {
    const p = `m${i}`;
    const h = tf.layers.dense({ units: cfg.hidden, activation: 'relu', name: `${p}_hidden` }).apply(input);
    const deep = tf.layers.dense({ units: 1, name: `${p}_out` }).apply(h);
    const wide = tf.layers.dense({ units: 1, name: `${p}_wide` }).apply(input);
    parts.push(deep, wide);
    for (const suffix of ['hidden', 'out', 'wide'])
      layerWeights.push([`${p}_${suffix}`, m.getLayer(`m_${suffix}`).getWeights()]);
  });
  const lr = tf.layers.dense({ units: 1, name: 'logistic' }).apply(input);
  parts.push(lr);
  const concat = tf.layers.concatenate({ name: 'parts' }).apply(parts as never);
  const blend = tf.layers.dense({ units: 1, useBias: false, name: 'blend' }).apply(concat);
  const model = tf.model({ inputs: input, outputs: blend as never, name: 'deployrisk' });
  for (const [name, w] of layerWeights) model.getLayer(name).setWeights(w);
  model
    .getLayer('logistic')
    .setWeights([tf.tensor2d(spec.logistic.weights, [d, 1]), tf.tensor1d([spec.logistic.bias])]);
  const mix = new Float32Array(2 * k + 1);
  mix.fill(spec.alpha / Math.max(k, 1), 0, 2 * k);
  mix[2 * k] = k === 0 ? 1 : 1 - spec.alpha;
  model.getLayer('blend').setWeights([tf.tensor2d(mix, [2 * k + 1, 1])]);
  return model;
}
