// models activate refuses, unless --force, a model whose card says it lost to its logistic
// baseline or ranked the held-out rows below AUC 0.55; the shipped default is always allowed
// (it is the fallback) and its figures are said. Every model here is trained for real on the 240
// Kamei fixture rows (labels shuffled by a fixed seed for the weak ones); the expected verdict is
// read from each trained card's figures, never written into it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { registerModel } from '../../src/store/models.ts';
import { runCli } from '../helpers/cli.ts';
import { KAMEI_240, shuffledLabelsCsv, trainTiny, type TrainedModel } from '../helpers/trained-models.ts';

const SHIPPED_VERSION = readFileSync(resolve(import.meta.dirname, '../../models/DEFAULT'), 'utf8').trim();
const SHIPPED_DIR = resolve(import.meta.dirname, '../../models', SHIPPED_VERSION);
const SHIPPED_CARD = JSON.parse(readFileSync(join(SHIPPED_DIR, 'card.json'), 'utf8'));

describe('deployrisk models activate: the baseline and AUC check', () => {
  let dir: string;
  let db: string;
  const m: Record<string, TrainedModel> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-activate-'));
    db = join(dir, 'store.db');
    m.good = await trainTiny(dir, KAMEI_240, 'good', db);
    // Seeds picked so that each refusal occurs on its own (measured: see the first test).
    m.lost = await trainTiny(dir, shuffledLabelsCsv(dir, 6), 'lost', db);
    m.low = await trainTiny(dir, shuffledLabelsCsv(dir, 4), 'low', db);
    m.both = await trainTiny(dir, shuffledLabelsCsv(dir, 3), 'both', db);
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lost = (x: TrainedModel) => x.auc! < x.logisticAuc!;
  const low = (x: TrainedModel) => x.auc! < 0.55;

  it('the trained models cover each case (if training changes, pick other seeds)', () => {
    const figures = Object.values(m)
      .map((x) => `${x.version} ${x.auc} vs ${x.logisticAuc}`)
      .join('; ');
    expect([lost(m.good!), low(m.good!)], figures).toEqual([false, false]);
    expect([lost(m.lost!), low(m.lost!)], figures).toEqual([true, false]);
    expect([lost(m.low!), low(m.low!)], figures).toEqual([false, true]);
    expect([lost(m.both!), low(m.both!)], figures).toEqual([true, true]);
  });

  it.each(['lost', 'low', 'both'])(
    '%s: refused with both figures, nothing activated; --force activates and warns',
    async (name) => {
      const x = m[name]!;
      const r = await runCli(['models', 'activate', x.version, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`refusing to activate model ${x.version}`);
      expect(r.stderr).toContain(`(held-out AUC ${x.auc}, logistic baseline ${x.logisticAuc})`);
      expect(r.stderr).toMatch(/--force/);
      if (lost(x)) expect(r.stderr).toContain('it lost to its logistic baseline');
      else expect(r.stderr).not.toMatch(/lost to/);
      if (low(x)) expect(r.stderr).toContain(`its held-out AUC ${x.auc} is below 0.55`);
      else expect(r.stderr).not.toMatch(/below 0\.55/);
      const list = JSON.parse((await runCli(['models', 'list', '--db', db, '--json'])).stdout);
      expect(list.items.find((i: { version: string }) => i.version === x.version).active).toBe(false);

      const f = await runCli(['models', 'activate', x.version, '--force', '--db', db, '--json']);
      expect(f.code, f.stderr).toBe(0);
      expect(f.stderr).toMatch(new RegExp(`warning: activated by force although model ${x.version}`));
      const out = JSON.parse(f.stdout);
      expect(out).toMatchObject({
        version: x.version,
        active: true,
        basis: 'held-out',
        auc: x.auc,
        logisticAuc: x.logisticAuc,
      });
      expect(out.warnings).toHaveLength(1);
      const show = JSON.parse((await runCli(['models', 'show', x.version, '--db', db, '--json'])).stdout);
      expect(show.active).toBe(true);
    },
  );

  it('a model that beats its baseline above 0.55 activates without --force and without a warning', async () => {
    const r = await runCli(['models', 'activate', 'good', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 'good', active: true, warnings: [] });
  });

  it('the shipped default, by its version, activates back without --force; its own figures are said', async () => {
    const cp = SHIPPED_CARD.metrics.crossProject;
    const r = await runCli(['models', 'activate', SHIPPED_VERSION, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      version: SHIPPED_VERSION,
      active: true,
      shipped: true,
      basis: 'cross-project',
      auc: cp.meanAuc,
      logisticAuc: cp.meanLogistic,
    });
    if (cp.meanAuc < cp.meanLogistic) {
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0]).toContain('it lost to its logistic baseline');
      expect(out.warnings[0]).toContain(
        `(cross-project mean AUC ${cp.meanAuc}, logistic baseline ${cp.meanLogistic})`,
      );
      expect(out.warnings[0]).toMatch(/allowed without --force because it is the shipped default/);
      expect(r.stderr).toContain(`warning: ${out.warnings[0]}`);
    } else expect(out.warnings).toEqual([]);
    const list = JSON.parse((await runCli(['models', 'list', '--db', db, '--json'])).stdout);
    const items = list.items.filter((i: { version: string }) => i.version === SHIPPED_VERSION);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ active: true, shipped: true, artifactDir: SHIPPED_DIR });
    // And away from it and back again.
    expect((await runCli(['models', 'activate', 'good', '--db', db])).code).toBe(0);
    expect((await runCli(['models', 'activate', SHIPPED_VERSION, '--db', db])).code).toBe(0);
  });

  it('a copy of the shipped weights under another version is the shipped default too', async () => {
    const to = join(dir, 'shipped-copy');
    cpSync(SHIPPED_DIR, to, { recursive: true });
    const card = { ...SHIPPED_CARD, version: 'shipped-copy' };
    writeFileSync(join(to, 'card.json'), JSON.stringify(card));
    const store = await openStore(db);
    try {
      await registerModel(store.db, {
        version: 'shipped-copy',
        card: JSON.stringify(card),
        artifact_dir: to,
        created_at: 1,
        registered_at: 1,
      });
    } finally {
      await store.close();
    }
    const r = await runCli(['models', 'activate', 'shipped-copy', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 'shipped-copy', shipped: true });
  });

  it('an unknown version is not found (exit 2), not a refusal', async () => {
    const r = await runCli(['models', 'activate', 'nope', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model nope is not registered/);
  });
});
