// The scoring hot path: the assembled ensemble's logit computed with plain typed arrays, no
// tensors, no async. A test checks it against tfjs's predict on the same weights.
import { AppError } from '../errors.ts';

interface Dense {
  kernel: Float32Array; // in × out, row-major as tfjs stores it
  bias: Float32Array | null;
  units: number;
}

export interface ForwardNet {
  inputs: number;
  hidden: number;
  members: { hidden: Dense; out: Dense; wide: Dense }[];
  logistic: Dense;
  blend: Float32Array;
}

type WeightMap = Map<string, { shape: number[]; data: Float32Array }>;

function dense(w: WeightMap, name: string, inputs: number, units: number, withBias = true): Dense {
  const k = w.get(`${name}/kernel`);
  if (!k || k.shape[0] !== inputs || k.shape[1] !== units) {
    throw new AppError('schema_mismatch', `model weight ${name}/kernel missing or not ${inputs}×${units}`);
  }
  const b = withBias ? w.get(`${name}/bias`) : undefined;
  if (withBias && (!b || b.data.length !== units))
    throw new AppError('schema_mismatch', `model weight ${name}/bias missing`);
  return { kernel: k.data, bias: b?.data ?? null, units };
}

export function buildForwardNet(w: WeightMap, inputs: number, hidden: number, members: number): ForwardNet {
  const ms = Array.from({ length: members }, (_, i) => ({
    hidden: dense(w, `m${i}_hidden`, inputs, hidden),
    out: dense(w, `m${i}_out`, hidden, 1),
    wide: dense(w, `m${i}_wide`, inputs, 1),
  }));
  const blend = dense(w, 'blend', 2 * members + 1, 1, false).kernel;
  return { inputs, hidden, members: ms, logistic: dense(w, 'logistic', inputs, 1), blend };
}

const NO_GROUPS: readonly (readonly number[])[] = [];
const NO_OUT = new Float64Array(0);

/** Blended logit of one standardised input row (occludedLogits with nothing occluded). */
export function forwardLogit(net: ForwardNet, x: Float32Array, pre?: Float64Array): number {
  return occludedLogits(net, x, NO_GROUPS, NO_OUT, pre);
}

/**
 * Logits of the row with each group of input columns zeroed (one per group, into `out`), for the
 * scorer's occlusion contributions. Zeroing columns only removes their terms from each hidden
 * unit's pre-activation and from the linear parts, so each group costs (its columns + 1) × hidden
 * per member instead of a whole forward pass. Sums are in float64 (tfjs sums in float32; the
 * artifact test bounds the difference). Returns the unoccluded logit.
 */
export function occludedLogits(
  net: ForwardNet,
  x: Float32Array,
  groups: readonly (readonly number[])[],
  out: Float64Array,
  pre: Float64Array = new Float64Array(net.hidden),
): number {
  const d = net.inputs;
  const H = net.hidden;
  const G = groups.length;
  out.fill(0, 0, G);
  let total = 0;
  for (let i = 0; i < net.members.length; i++) {
    const m = net.members[i]!;
    const hk = m.hidden.kernel;
    const hb = m.hidden.bias!;
    const ok = m.out.kernel;
    const wk = m.wide.kernel;
    const bDeep = net.blend[2 * i]!;
    const bWide = net.blend[2 * i + 1]!;
    for (let u = 0; u < H; u++) pre[u] = hb[u]!;
    let wide = m.wide.bias![0]!;
    for (let j = 0; j < d; j++) {
      const xj = x[j]!;
      if (xj === 0) continue;
      const row = j * H;
      for (let u = 0; u < H; u++) pre[u] = pre[u]! + xj * hk[row + u]!;
      wide += xj * wk[j]!;
    }
    let deep = m.out.bias![0]!;
    for (let u = 0; u < H; u++) if (pre[u]! > 0) deep += pre[u]! * ok[u]!;
    total += bDeep * deep + bWide * wide;
    for (let k = 0; k < G; k++) {
      const g = groups[k]!;
      let gDeep = m.out.bias![0]!;
      let gWide = wide;
      if (g.length === 1) {
        // Most features own one column.
        const j = g[0]!;
        const xj = x[j]!;
        const row = j * H;
        for (let u = 0; u < H; u++) {
          const p = pre[u]! - xj * hk[row + u]!;
          if (p > 0) gDeep += p * ok[u]!;
        }
        gWide -= xj * wk[j]!;
      } else {
        for (let u = 0; u < H; u++) {
          let p = pre[u]!;
          for (let t = 0; t < g.length; t++) p -= x[g[t]!]! * hk[g[t]! * H + u]!;
          if (p > 0) gDeep += p * ok[u]!;
        }
        for (let t = 0; t < g.length; t++) gWide -= x[g[t]!]! * wk[g[t]!]!;
      }
      out[k] = out[k]! + bDeep * gDeep + bWide * gWide;
    }
  }
  const lk = net.logistic.kernel;
  const bLr = net.blend[2 * net.members.length]!;
  let lr = net.logistic.bias![0]!;
  for (let j = 0; j < d; j++) lr += x[j]! * lk[j]!;
  for (let k = 0; k < G; k++) {
    const g = groups[k]!;
    let gLr = lr;
    for (let t = 0; t < g.length; t++) gLr -= x[g[t]!]! * lk[g[t]!]!;
    out[k] = out[k]! + bLr * gLr;
  }
  return total + bLr * lr;
}
