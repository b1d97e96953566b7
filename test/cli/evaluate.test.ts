// deployrisk evaluate on real data: the shipped two-level model on Kamei 2013 (bugzilla),
// ApacheJIT and BF-Detector CI builds, and a model trained here on the Kamei fixture rows. The
// expected figures are computed independently in this file: per-row probabilities through the
// serving path (Scorer.score with the repository's quantiles; the commit's probability is the
// riskiest commit's), metrics by naive pairwise / sorted counting, rows and failures from the raw CSV.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultScorer } from '../../src/model/scorer.ts';
import { repoQuantiles, type RepoQuantiles } from '../../src/model/repo-percentiles.ts';
import { importCsvFile } from '../../src/train/import.ts';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { KAMEI_240, trainTiny, type TrainedModel } from '../helpers/trained-models.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_VERSION = readFileSync(join(ROOT, 'models/DEFAULT'), 'utf8').trim();
const SHIPPED_CARD = JSON.parse(readFileSync(join(ROOT, 'models', DEFAULT_VERSION, 'card.json'), 'utf8'));
const BUGZILLA = join(ROOT, 'data/kamei2013/bugzilla.csv');
const APACHEJIT = join(ROOT, 'data/apachejit/apachejit_test_small.csv');
const GRADLE = join(ROOT, 'data/ci-builds/gradle__gradle_data.csv');
const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Label column of a raw CSV, read without the importer: 1/0 or True/False. */
function rawLabels(file: string, column: string): number[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const j = header!.split(',').indexOf(column);
  return rows.map((r) => (/^(1|true)$/i.test(r.split(',')[j]!.trim()) ? 1 : 0));
}

/** Independent metrics: AUC by counting pairs, Brier, ECE (10 equal-width bins), capture by sorting. */
function naiveMetrics(p: number[], y: number[]) {
  const pos = p.filter((_, i) => y[i] === 1);
  const neg = p.filter((_, i) => y[i] === 0);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
  const brier = p.reduce((s, x, i) => s + (x - y[i]!) ** 2, 0) / p.length;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, sp: 0, sy: 0 }));
  p.forEach((x, i) => {
    const b = bins[Math.min(9, Math.floor(x * 10))]!;
    b.n++;
    b.sp += x;
    b.sy += y[i]!;
  });
  const ece = bins.reduce((s, b) => s + (b.n ? (b.n / p.length) * Math.abs(b.sp / b.n - b.sy / b.n) : 0), 0);
  const order = p.map((x, i) => ({ x, i })).sort((a, b) => b.x - a.x || a.i - b.i);
  const capture = (f: number) =>
    order.slice(0, Math.round(p.length * f)).filter((o) => y[o.i] === 1).length / pos.length;
  return {
    auc: wins / (pos.length * neg.length),
    brier,
    ece,
    mean: p.reduce((s, x) => s + x, 0) / p.length,
    capture: { '5': capture(0.05), '10': capture(0.1), '50': capture(0.5) },
  };
}

/** Each commit scored as the service scores a deploy of that one commit in a repository whose history is known. */
async function servedCommitProbabilities(
  file: string,
): Promise<{ p: number[]; y: number[]; small: string[] }> {
  const ds = await importCsvFile(file);
  const scorer = await loadDefaultScorer();
  const reference = SHIPPED_CARD.reference.quantiles as RepoQuantiles;
  const groups = new Map<string, number[]>();
  ds.rows.forEach((r, i) => {
    const g = r.group ?? file;
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  const p = new Array<number>(ds.rows.length);
  const small: string[] = [];
  for (const [g, idx] of groups) {
    const own = repoQuantiles(idx.map((i) => ds.rows[i]!.features));
    if (Object.keys(own).length < Object.keys(reference).length) small.push(g);
    const repo = { ...reference, ...own };
    for (const i of idx) {
      const s = scorer.score(ds.rows[i]!.features, { commits: [{ features: ds.rows[i]!.features }], repo });
      p[i] = s.commits.riskiest!.probability;
    }
  }
  return { p, y: ds.rows.map((r) => r.label), small };
}

function expectFigures(e: { metrics: Record<string, unknown> }, m: ReturnType<typeof naiveMetrics>) {
  const got = e.metrics as {
    auc: number;
    brier: number;
    ece: number;
    meanProbability: number;
    capture: Record<string, number>;
  };
  expect(got.auc).toBeCloseTo(m.auc, 3);
  expect(got.brier).toBeCloseTo(m.brier, 3);
  expect(got.ece).toBeCloseTo(m.ece, 3);
  expect(got.meanProbability).toBeCloseTo(m.mean, 3);
  for (const k of ['5', '10', '50']) expect(got.capture[k]).toBeCloseTo(m.capture[k as '5'], 3);
}

/** The fixture's rows ordered by commit time, as the trainer's chronological split orders them. */
function rowsByTime(): { header: string; rows: string[] } {
  const [header, ...rows] = readFileSync(KAMEI_240, 'utf8').trim().split(/\r?\n/);
  // "2001/12/12 17:41" or "1999/1/5 9:03"
  const t = (r: string) => {
    const [y, mo, d, h, mi] = r.split(',')[1]!.split(/[/ :]/).map(Number);
    return Date.UTC(y!, mo! - 1, d!, h ?? 0, mi ?? 0);
  };
  return {
    header: header!,
    rows: rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => t(a.r) - t(b.r) || a.i - b.i)
      .map((x) => x.r),
  };
}

describe('deployrisk evaluate', () => {
  let dir: string;
  let trained: TrainedModel;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-evaluate-'));
    db = join(dir, 'store.db');
    trained = await trainTiny(dir, KAMEI_240, 'eval-real', db);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the shipped default on Kamei bugzilla: the commit model is evaluated, figures as the service scores each commit', async () => {
    const r = await runCli(['evaluate', '--model', DEFAULT_VERSION, '--data', BUGZILLA, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    const y = rawLabels(BUGZILLA, 'bug');
    expect(e.model).toMatchObject({ version: DEFAULT_VERSION, source: 'shipped', level: SHIPPED_CARD.level });
    expect(e.evaluated.part).toBe('commit');
    expect(e.evaluated.how).toMatch(/commit model alone.*deploy layer is not applied/);
    const failed = y.filter((v) => v === 1).length;
    expect(e.data).toMatchObject({
      format: 'kamei',
      level: 'commit',
      rows: y.length,
      failed,
      sha256: sha256(BUGZILLA),
    });
    expect(e.data.failureRate).toBeCloseTo(failed / y.length, 4);
    // bugzilla is one of the shipped model's training files: said, not hidden.
    const trainedOn = SHIPPED_CARD.data.some((d: { sha256: string }) => d.sha256 === sha256(BUGZILLA));
    expect(e.data.inTrainingData).toBe(trainedOn);
    expect(e.warnings.some((w: string) => /part of the model's training data/.test(w))).toBe(trainedOn);

    const served = await servedCommitProbabilities(BUGZILLA);
    expect(served.y).toEqual(y);
    expectFigures(e, naiveMetrics(served.p, served.y));
    expect(e.metrics.prAuc).toBeGreaterThan(failed / y.length); // better than the base rate

    const text = await runCli(['evaluate', '--model', DEFAULT_VERSION, '--data', BUGZILLA]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`model ${DEFAULT_VERSION}`);
    expect(text.stdout).toContain('evaluated: commit level');
    expect(text.stdout).toContain(sha256(BUGZILLA));
    expect(text.stdout).toContain(`rows ${y.length}, failed ${failed}`);
    expect(text.stdout).toMatch(/ROC-AUC 0\.\d+ {2}PR-AUC 0\.\d+ {2}ECE 0\.\d+ {2}Brier 0\.\d+/);
    expect(text.stdout).toMatch(/riskiest 5 % [\d.]+ %, 10 % [\d.]+ %, 50 % [\d.]+ %/);
  }, 60_000);

  it('ApacheJIT: several projects, each ranked within itself; a project too small to rank is said', async () => {
    const r = await runCli(['evaluate', '--model', DEFAULT_VERSION, '--data', APACHEJIT, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    const y = rawLabels(APACHEJIT, 'buggy');
    expect(e.evaluated.part).toBe('commit');
    expect(e.data).toMatchObject({ format: 'apachejit', level: 'commit', rows: y.length });
    expect(e.data.failed).toBe(y.filter((v) => v === 1).length);
    const served = await servedCommitProbabilities(APACHEJIT);
    expectFigures(e, naiveMetrics(served.p, served.y));
    const fallback = e.warnings.find((w: string) => /too few commits to rank/.test(w)) ?? '';
    for (const g of served.small) expect(fallback).toContain(g);
    expect(fallback === '').toBe(served.small.length === 0);
  }, 60_000);

  it('CI builds: the whole two-level model is evaluated (deploy level), as score answers each build', async () => {
    const r = await runCli(['evaluate', '--model', DEFAULT_VERSION, '--data', GRADLE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    const y = rawLabels(GRADLE, 'build_failed');
    expect(e.evaluated.part).toBe('deploy');
    expect(e.data).toMatchObject({ format: 'travis', level: 'build', rows: y.length });
    const ds = await importCsvFile(GRADLE);
    const scorer = await loadDefaultScorer();
    expectFigures(
      e,
      naiveMetrics(
        ds.rows.map((row) => scorer.score(row.features).probability),
        y,
      ),
    );
    if (SHIPPED_CARD.level === 'commit')
      expect(e.warnings.join(' ')).toMatch(/trained on commit-level labels; on build-level rows/);
  }, 60_000);

  it("on a trained model's own held-out rows it reproduces the card's test figures", async () => {
    // The split is 60/20/20 by time: the newest 48 of 240 rows are the test part.
    const { header, rows } = rowsByTime();
    const held = join(dir, 'held-out.csv');
    writeFileSync(held, [header, ...rows.slice(192)].join('\n') + '\n');
    const card = JSON.parse(readFileSync(join(trained.dir, 'card.json'), 'utf8'));
    for (const model of [trained.dir, trained.version]) {
      const r = await runCli(['evaluate', '--model', model, '--data', held, '--db', db, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const e = JSON.parse(r.stdout);
      expect(e.model.version).toBe('eval-real');
      expect(e.model.source).toBe(model === trained.dir ? 'directory' : 'registry');
      expect(e.data.rows).toBe(48);
      expect(e.evaluated.part).toBe('commit');
      expect(e.metrics.auc).toBeCloseTo(card.metrics.test.auc, 3);
      expect(e.metrics.prAuc).toBeCloseTo(card.metrics.test.prAuc, 3);
      expect(e.metrics.brier).toBeCloseTo(card.metrics.test.brier, 3);
      expect(e.metrics.ece).toBeCloseTo(card.metrics.test.ece, 3);
      expect(e.metrics.capture['5']).toBeCloseTo(card.metrics.test.capture['5'], 3);
      expect(e.metrics.capture['10']).toBeCloseTo(card.metrics.test.capture['10'], 3);
      expect(e.data.failureRate).toBeCloseTo(card.metrics.test.failureRate, 4);
    }
  });

  it('one class only: exit 2, says AUC is undefined, still prints Brier and ECE', async () => {
    const { header, rows } = rowsByTime();
    const clean = join(dir, 'clean.csv');
    const zeros = rows.filter((r) => r.endsWith(',0'));
    writeFileSync(clean, [header, ...zeros].join('\n') + '\n');
    const r = await runCli(['evaluate', '--model', trained.dir, '--data', clean, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`all ${zeros.length} rows have label 0; ROC-AUC needs both classes`);
    const e = JSON.parse(r.stdout);
    expect(e.metrics.auc).toBeNull();
    expect(e.metrics.prAuc).toBeNull();
    expect(e.metrics.capture).toEqual({ '5': null, '10': null, '50': null });
    expect(e.metrics.brier).toBeGreaterThan(0);
    expect(e.metrics.ece).toBeGreaterThan(0);
    expect(e.data).toMatchObject({ rows: zeros.length, failed: 0, failureRate: 0 });
  });

  it.each([
    [['--data', KAMEI_240], /--model is required/],
    [['--model', DEFAULT_VERSION], /--data is required/],
    [['--model', DEFAULT_VERSION, '--data', '/nonexistent/x.csv'], /cannot read \/nonexistent\/x\.csv/],
    [['--model', 'no-such-model', '--data', KAMEI_240], /unknown model "no-such-model"/],
    [
      ['--model', DEFAULT_VERSION, '--data', KAMEI_240, '--format', 'xml'],
      /--format must be one of kamei, apachejit, travis, native/,
    ],
    [
      ['--model', DEFAULT_VERSION, '--data', KAMEI_240, '--format', 'travis'],
      /label column "build_failed" not found/,
    ],
  ])('%j: exit 2 with a clear message', async (args, message) => {
    const r = await runCli(['evaluate', ...args, '--db', join(dir, 'errors.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('an unknown model without --db creates no ./deployrisk.db', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const r = spawnCli(['evaluate', '--model', 'typo', '--data', KAMEI_240], {
      cwd,
      env: { DEPLOYRISK_DB: './deployrisk.db' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown model "typo"/);
    expect(existsSync(join(cwd, 'deployrisk.db'))).toBe(false);
  });

  it('models list shows the shipped default beside registered models; compare takes it', async () => {
    const list = JSON.parse((await runCli(['models', 'list', '--db', db, '--json'])).stdout);
    const shipped = list.items.find((i: { version: string }) => i.version === DEFAULT_VERSION);
    expect(shipped).toMatchObject({
      shipped: true,
      active: false,
      level: SHIPPED_CARD.level,
      auc: SHIPPED_CARD.metrics.test.auc,
      crossProjectAuc: SHIPPED_CARD.metrics.crossProject?.meanAuc ?? null,
    });
    expect(list.items.find((i: { version: string }) => i.version === 'eval-real')).toMatchObject({
      shipped: false,
    });
    const show = await runCli(['models', 'show', DEFAULT_VERSION, '--db', db, '--json']);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      version: DEFAULT_VERSION,
      shipped: true,
      active: false,
      card: { version: DEFAULT_VERSION, files: SHIPPED_CARD.files },
    });
    const text = (await runCli(['models', 'list', '--db', db])).stdout;
    expect(text).toMatch(new RegExp(`${DEFAULT_VERSION} .* shipped default`));

    for (const [a, b] of [
      [DEFAULT_VERSION, 'eval-real'],
      ['eval-real', DEFAULT_VERSION],
    ]) {
      const r = await runCli([
        'models',
        'compare',
        a!,
        b!,
        '--db',
        db,
        '--data',
        KAMEI_240,
        '--iterations',
        '50',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const c = JSON.parse(r.stdout);
      expect(c.rows).toBe(48);
      expect(c.aucA).toBeTypeOf('number');
      expect(c.aucB).toBeTypeOf('number');
      // The newest 48 rows are eval-real's own test part: compare scores it as its card did.
      const card = JSON.parse(readFileSync(join(trained.dir, 'card.json'), 'utf8'));
      expect(a === 'eval-real' ? c.aucA : c.aucB).toBeCloseTo(card.metrics.test.auc, 3);
    }
    const bad = await runCli(['models', 'compare', DEFAULT_VERSION, 'nope', '--db', db, '--data', KAMEI_240]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown model "nope"/);
  });
});
