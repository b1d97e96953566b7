import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { KAMEI_240, trainTiny, type TrainedModel } from '../helpers/trained-models.ts';

const DEFAULT_VERSION = readFileSync(resolve(import.meta.dirname, '../../models/DEFAULT'), 'utf8').trim();
const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

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

  it('scores the Kamei rows with the shipped default (by its version): figures, rows, sha256, model', async () => {
    const r = await runCli(['evaluate', '--model', DEFAULT_VERSION, '--data', KAMEI_240, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.model).toMatchObject({ version: DEFAULT_VERSION, source: 'shipped', level: 'build' });
    expect(e.data).toMatchObject({
      format: 'kamei',
      level: 'commit',
      rows: 240,
      failed: 127,
      sha256: sha256(KAMEI_240),
    });
    expect(e.data.failureRate).toBeCloseTo(127 / 240, 4);
    for (const k of ['auc', 'prAuc', 'ece', 'brier']) expect(e.metrics[k]).toBeTypeOf('number');
    expect(e.metrics.auc).toBeGreaterThan(0);
    expect(e.metrics.auc).toBeLessThan(1);
    // Capture grows with the share gated.
    expect(e.metrics.capture['5']).toBeLessThanOrEqual(e.metrics.capture['10']);
    expect(e.metrics.capture['10']).toBeLessThanOrEqual(e.metrics.capture['50']);
    // A build-level model on commit-level rows: said, not hidden.
    expect(e.warnings.join(' ')).toMatch(/build-level labels .* commit-level rows/);

    const text = await runCli(['evaluate', '--model', DEFAULT_VERSION, '--data', KAMEI_240]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`model ${DEFAULT_VERSION}`);
    expect(text.stdout).toContain(sha256(KAMEI_240));
    expect(text.stdout).toMatch(/rows 240, failed 127/);
    expect(text.stdout).toMatch(/ROC-AUC 0\.\d+ {2}PR-AUC 0\.\d+ {2}ECE 0\.\d+ {2}Brier 0\.\d+/);
    expect(text.stdout).toMatch(/riskiest 5 % [\d.]+ %, 10 % [\d.]+ %, 50 % [\d.]+ %/);
  });

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
    writeFileSync(clean, [header, ...rows.filter((r) => r.endsWith(',0'))].join('\n') + '\n');
    const r = await runCli(['evaluate', '--model', trained.dir, '--data', clean, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/all 113 rows have label 0; ROC-AUC needs both classes/);
    const e = JSON.parse(r.stdout);
    expect(e.metrics.auc).toBeNull();
    expect(e.metrics.prAuc).toBeNull();
    expect(e.metrics.capture).toEqual({ '5': null, '10': null, '50': null });
    expect(e.metrics.brier).toBeGreaterThan(0);
    expect(e.metrics.ece).toBeGreaterThan(0);
    expect(e.data).toMatchObject({ rows: 113, failed: 0, failureRate: 0 });
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
    expect(shipped).toMatchObject({ shipped: true, active: false, level: 'build' });
    expect(shipped.auc).toBeTypeOf('number');
    expect(list.items.find((i: { version: string }) => i.version === 'eval-real')).toMatchObject({
      shipped: false,
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
    }
    const bad = await runCli(['models', 'compare', DEFAULT_VERSION, 'nope', '--db', db, '--data', KAMEI_240]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown model "nope"/);
  });
});
