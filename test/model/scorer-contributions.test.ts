// Contributions are occlusion against the imputed baseline (see src/model/scorer.ts). The scorer
// removes each feature's columns from the full row's sums (occludedLogits); this recomputes every
// one the long way, a whole forward pass through transformInto with the feature's columns skipped,
// on the shipped model. The two differ only by float32 vs float64 rounding.
import { describe, expect, it } from 'vitest';
import { emptyFeatureVector, type FeatureVector } from '../../src/features/schema.ts';
import { loadArtifact } from '../../src/model/artifact.ts';
import { forwardLogit } from '../../src/model/forward.ts';
import { columnSourcesOf, transformInto } from '../../src/model/preprocess.ts';
import { createCommitScorer, MODELS_DIR } from '../../src/model/scorer.ts';
import { readFile } from 'node:fs/promises';
import { mulberry32 } from '../../src/model/rng.ts';

function randomVector(seed: number, names: readonly string[]): FeatureVector {
  const rng = mulberry32(seed);
  const v: FeatureVector = { ...emptyFeatureVector() };
  for (const n of names) {
    if (n === 'prevDeployOutcome') v[n] = rng() < 0.5 ? 'failed' : 'succeeded';
    else if (n === 'environment') v[n] = rng() < 0.5 ? 'production' : 'staging';
    else if (rng() < 0.8) v[n] = Math.round(rng() * 200) / 10;
  }
  return v;
}

describe('scorer contributions', () => {
  it('equal log-odds(x) − log-odds(x with the feature occluded), computed the long way', async () => {
    const name = (await readFile(`${MODELS_DIR}/DEFAULT`, 'utf8')).trim();
    const artifact = await loadArtifact(`${MODELS_DIR}/${name}`);
    const { card, net } = artifact;
    const scorer = createCommitScorer(artifact);
    const spec = { columns: card.preprocess.columns, clip: card.preprocess.clip };
    const x = new Float32Array(net.inputs);
    let worst = 0;
    let checked = 0;
    let signsAgree = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const v = randomVector(seed, card.usedFeatures);
      const got = scorer.explain(v).contributions;
      expect(got.map((c) => c.feature).sort()).toEqual([...card.usedFeatures].sort());
      transformInto(spec, v, x);
      const logit = forwardLogit(net, x);
      for (const c of got) {
        transformInto(spec, v, x, 0, columnSourcesOf(c.feature));
        const longWay = card.calibration.a * (logit - forwardLogit(net, x));
        expect(Math.abs(c.contribution - longWay)).toBeLessThan(1e-5);
        worst = Math.max(worst, Math.abs(c.contribution - longWay));
        if (Math.abs(longWay) > 1e-3) signsAgree += Math.sign(c.contribution) === Math.sign(longWay) ? 1 : 0;
        else signsAgree++;
        checked++;
        expect(c.value).toBe(v[c.feature] ?? null);
      }
    }
    expect(checked).toBe(20 * card.usedFeatures.length);
    expect(signsAgree).toBe(checked);
    expect(worst).toBeGreaterThan(0); // not the same code path by accident
  });
});
