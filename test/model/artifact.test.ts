// Trains a tiny model once (two epochs on 240 real Kamei rows), then checks the artifact:
// save → load gives identical predictions, the Float32Array forward pass equals tfjs's predict,
// and corrupted or mismatched artifacts are refused.
import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { loadArtifact } from '../../src/model/artifact.ts';
import { initBackend, tf } from '../../src/model/backend.ts';
import { forwardLogit } from '../../src/model/forward.ts';
import { loadTfModel } from '../../src/model/io.ts';
import { applyPlatt } from '../../src/model/logistic.ts';
import { transformRows } from '../../src/model/preprocess.ts';
import {
  createCommitScorer,
  loadDefaultScorer,
  loadDeployLayer,
  loadScorer,
} from '../../src/model/scorer.ts';
import { commitReference, deployLogit, sigmoid } from '../../src/model/deploy-layer.ts';
import { parseTrainConfig } from '../../src/train/config.ts';
import { importCsvFile } from '../../src/train/import.ts';
import { runTraining } from '../../src/train/pipeline.ts';
import { silentLogger } from '../../src/log.ts';

const FIXTURE = new URL('../fixtures/train/kamei-bugzilla-240.csv', import.meta.url).pathname;
let dir: string;
let trained: Awaited<ReturnType<typeof runTraining>>;
let rows: Awaited<ReturnType<typeof importCsvFile>>['rows'];

beforeAll(async () => {
  const backend = await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'deployrisk-artifact-'));
  const ds = await importCsvFile(FIXTURE);
  rows = ds.rows;
  const config = parseTrainConfig({
    members: 2,
    hidden: 4,
    maxEpochs: 2,
    patience: 2,
    batchSize: 64,
    refit: true,
  });
  trained = await runTraining({
    datasets: [ds],
    config,
    backend,
    log: silentLogger,
    out: join(dir, 'm1'),
    version: 'test-1',
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectRefused(d: string, code: string, msg: RegExp) {
  const err = await loadScorer(d).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  expect((err as Error).message).toMatch(msg);
}

describe('two-epoch smoke fit', () => {
  it('trains, evaluates on the test part and writes the artifact', async () => {
    const r = trained.result;
    expect(r.rows).toEqual({ train: 144, valid: 48, test: 48 });
    expect(r.model.epochs.every((e) => e >= 1 && e <= 2)).toBe(true);
    expect(r.test.auc).toBeGreaterThanOrEqual(0);
    expect(r.test.ece).toBeGreaterThanOrEqual(0);
    expect(r.ignoredColumns).toEqual(['transactionid']);
    const card = JSON.parse(await readFile(join(dir, 'm1', 'card.json'), 'utf8'));
    expect(card.version).toBe('test-1');
    expect(card.data[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('artifact round trip', () => {
  it('the Float32Array forward pass equals tfjs predict within 1e-5', async () => {
    const { card, net } = await loadArtifact(join(dir, 'm1'));
    const model = await loadTfModel(join(dir, 'm1'));
    const x = transformRows(
      card.preprocess,
      rows.map((r) => r.features),
    );
    const d = card.network.inputs;
    const tfOut = tf.tidy(() =>
      (
        model.predict(tf.tensor2d(x, [rows.length, d]), { batchSize: 256 }) as ReturnType<typeof tf.tensor>
      ).dataSync(),
    );
    let maxDiff = 0;
    for (let i = 0; i < rows.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(forwardLogit(net, x.subarray(i * d, (i + 1) * d)) - tfOut[i]!));
    expect(maxDiff).toBeLessThan(1e-5);
    model.dispose();
  });

  it('save → load gives identical predictions, and the scorer applies the card', async () => {
    const a = await loadScorer(join(dir, 'm1'));
    await cp(join(dir, 'm1'), join(dir, 'copy'), { recursive: true });
    const b = await loadScorer(join(dir, 'copy'));
    const pa = a.scoreMany(rows.slice(0, 50).map((r) => r.features));
    const pb = b.scoreMany(rows.slice(0, 50).map((r) => r.features));
    expect(pb).toEqual(pa);
    const artifact = await loadArtifact(join(dir, 'm1'));
    const { card, net } = artifact;
    const x = transformRows(card.preprocess, [rows[0]!.features]);
    // The commit scorer applies the card's calibration; the deploy probability is the deploy
    // layer's reading of that one commit (nothing else known).
    const commitLogit = createCommitScorer(artifact).logit(rows[0]!.features);
    expect(sigmoid(commitLogit)).toBeCloseTo(applyPlatt(card.calibration, forwardLogit(net, x)), 12);
    const layer = await loadDeployLayer(join(dir, 'm1'));
    const cref = commitReference(card.percentiles, layer.commits.referenceCommits);
    expect(pa[0]!.probability).toBeCloseTo(
      sigmoid(deployLogit(layer, cref, commitLogit, rows[0]!.features).logit),
      12,
    );
    expect(a.info).toMatchObject({ version: 'test-1', featureSchemaVersion: card.featureSchemaVersion });
    const r = pa[0]!;
    expect(['low', 'medium', 'high', 'critical']).toContain(r.level);
    expect(r.percentile).toBeGreaterThanOrEqual(0);
    expect(r.percentile).toBeLessThanOrEqual(100);
    const mags = r.contributions.map((c) => Math.abs(c.contribution));
    expect(mags).toEqual([...mags].sort((p, q) => q - p));
  });

  it('flags an empty feature vector as insufficient data', async () => {
    const s = await loadScorer(join(dir, 'm1'));
    expect(s.score({}).insufficientData).toBe(true);
    // A commit with metrics but no deploy history: still insufficient (history unknown).
    expect(s.score(rows[0]!.features).insufficientData).toBe(true);
    const withHistory = { ...rows[0]!.features, prevDeployOutcome: 'succeeded', failureStreak: 0 };
    expect(s.score(withHistory).insufficientData).toBe(false);
  });

  it('loads the version named by DEFAULT', async () => {
    await writeFile(join(dir, 'DEFAULT'), 'm1\n');
    const s = await loadDefaultScorer(dir);
    expect(s.info.version).toBe('test-1');
    await writeFile(join(dir, 'DEFAULT'), '../etc\n');
    await expect(loadDefaultScorer(dir)).rejects.toThrow(/invalid version/);
  });
});

describe('refusals', () => {
  async function variant(name: string, edit: (d: string) => Promise<void>): Promise<string> {
    const d = join(dir, name);
    await cp(join(dir, 'm1'), d, { recursive: true });
    await edit(d);
    return d;
  }
  const editCard = (f: (c: Record<string, unknown>) => void) => async (d: string) => {
    const c = JSON.parse(await readFile(join(d, 'card.json'), 'utf8'));
    f(c);
    await writeFile(join(d, 'card.json'), JSON.stringify(c));
  };

  it('refuses corrupted weights', async () => {
    const d = await variant('corrupt', async (d) => {
      const w = await readFile(join(d, 'weights.bin'));
      w[5] = w[5]! ^ 0xff;
      await writeFile(join(d, 'weights.bin'), w);
    });
    await expectRefused(d, 'bad_input', /weights\.bin does not match/);
  });
  it('refuses a truncated model.json', async () => {
    const d = await variant('trunc', async (d) => {
      const t = await readFile(join(d, 'model.json'), 'utf8');
      await writeFile(join(d, 'model.json'), t.slice(0, t.length / 2));
    });
    await expectRefused(d, 'bad_input', /not valid JSON/);
  });
  it('refuses another feature schema major version', async () => {
    const d = await variant(
      'major',
      editCard((c) => (c.featureSchemaVersion = '2.0.0')),
    );
    await expectRefused(d, 'schema_mismatch', /feature schema 2\.0\.0/);
  });
  it('refuses reordered feature names', async () => {
    const d = await variant(
      'order',
      editCard((c) => {
        const n = c.featureNames as string[];
        [n[0], n[1]] = [n[1]!, n[0]!];
      }),
    );
    await expectRefused(d, 'schema_mismatch', /position 0/);
  });
  it('refuses a card whose inputs do not match the weights', async () => {
    const d = await variant(
      'inputs',
      editCard((c) => (c.preprocess as { columns: unknown[] }).columns.pop()),
    );
    await expectRefused(d, 'schema_mismatch', /input columns/);
  });
  it('refuses a missing or malformed card', async () => {
    const d = await variant(
      'nocard',
      editCard((c) => delete c.calibration),
    );
    await expectRefused(d, 'bad_input', /invalid model card \(calibration: /);
    await expectRefused(join(dir, 'nowhere'), 'bad_input', /cannot read model card/);
  });
  it('refuses input columns that read a feature or category the schema does not have', async () => {
    type Col = { source: string; op: string; category?: string };
    const cols = (c: Record<string, unknown>) => (c.preprocess as { columns: Col[] }).columns;
    const source = await variant(
      'source',
      editCard((c) => (cols(c)[0]!.source = 'nosuch')),
    );
    await expectRefused(
      source,
      'schema_mismatch',
      /source: model input column "\w+" reads nosuch, which the schema/,
    );
    const category = await variant(
      'category',
      editCard((c) => Object.assign(cols(c)[0]!, { op: 'onehot', category: 'nosuch' })),
    );
    await expectRefused(category, 'schema_mismatch', /reads \w+=nosuch/);
  });
  it('refuses usedFeatures that differ from what the columns read', async () => {
    const d = await variant(
      'used',
      editCard((c) => (c.usedFeatures as string[]).pop()),
    );
    await expectRefused(d, 'schema_mismatch', /usedFeatures differ/);
  });
  it('refuses percentiles that decrease and thresholds outside 0..1', async () => {
    const pct = await variant(
      'pct',
      editCard((c) => (c.percentiles as number[]).reverse()),
    );
    await expectRefused(pct, 'bad_input', /percentiles: percentiles must not decrease/);
    const thr = await variant(
      'thr',
      editCard((c) => ((c.thresholds as { critical: number }).critical = 2)),
    );
    await expectRefused(thr, 'bad_input', /invalid model card \(thresholds\.critical: /);
  });
});
