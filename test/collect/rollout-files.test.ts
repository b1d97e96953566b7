import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRiskDistribution, loadWindowsFile } from '../../src/collect/rollout-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'rollout-files-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const fallback = { kind: 'beta', a: 1, b: 9 } as const;
const quantiles = Array.from({ length: 11 }, (_, i) => i / 10);

describe('rollout files', () => {
  it('names why a file cannot be read in words', async () => {
    await expect(loadWindowsFile(join(dir, 'nope.yaml'))).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/nope\.yaml: no such file$/),
    });
    await expect(loadWindowsFile(dir)).rejects.toMatchObject({
      message: expect.stringMatching(/not a regular file$/),
    });
  });

  it('takes a card.json by its percentiles and refuses one without them', async () => {
    const card = file('card.json', JSON.stringify({ version: 'v', percentiles: quantiles }));
    const got = await loadRiskDistribution(card, dir, fallback);
    expect(got.dist).toEqual({ kind: 'empirical', values: quantiles });
    const bare = file('bare.json', JSON.stringify({ version: 'v', metrics: {} }));
    await expect(loadRiskDistribution(bare, dir, fallback)).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('reads the model directory default card, else falls back', async () => {
    expect((await loadRiskDistribution(undefined, join(dir, 'no-models'), fallback)).dist).toEqual(fallback);
    const models = join(dir, 'models');
    mkdirSync(join(models, 'm1'), { recursive: true });
    writeFileSync(join(models, 'DEFAULT'), 'm1\n');
    writeFileSync(join(models, 'm1', 'card.json'), JSON.stringify({ percentiles: quantiles }));
    const got = await loadRiskDistribution(undefined, models, fallback);
    expect(got.dist).toEqual({ kind: 'empirical', values: quantiles });
    expect(got.source).toContain('11 validation scores');
  });

  it("never takes a commit-level card's scores as deploy risks; prefers the model's release scores", async () => {
    const models = join(dir, 'models2');
    mkdirSync(join(models, 'm2'), { recursive: true });
    writeFileSync(join(models, 'DEFAULT'), 'm2\n');
    writeFileSync(
      join(models, 'm2', 'card.json'),
      JSON.stringify({ level: 'commit', percentiles: quantiles }),
    );
    expect((await loadRiskDistribution(undefined, models, fallback)).dist).toEqual(fallback);
    const card = file('commit-card.json', JSON.stringify({ level: 'commit', percentiles: quantiles }));
    await expect(loadRiskDistribution(card, dir, fallback)).rejects.toMatchObject({ code: 'bad_input' });

    const values = quantiles.map((q) => q / 2);
    const rel = { what: '11 release ranges of two repositories', values };
    writeFileSync(join(models, 'm2', 'release-scores.json'), JSON.stringify(rel));
    const got = await loadRiskDistribution(undefined, models, fallback);
    expect(got.dist).toEqual({ kind: 'empirical', values });
    expect(got.source).toBe('m2/release-scores.json (11 scores: 11 release ranges of two repositories)');
    const explicit = await loadRiskDistribution(file('rel.json', JSON.stringify(rel)), dir, fallback);
    expect(explicit.dist).toEqual({ kind: 'empirical', values });
  });
});
