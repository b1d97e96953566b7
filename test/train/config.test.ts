import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/train/config.ts';

describe('training configs', () => {
  it('the committed training configs are valid', async () => {
    const dir = new URL('../../training/', import.meta.url);
    // training/ also holds other recipes (e.g. the rollout search); these are the model configs.
    const files = ['default.json', 'commit-level.json'];
    for (const f of files) {
      const json: unknown = JSON.parse(await readFile(new URL(f, dir), 'utf8'));
      expect(parseTrainConfig(json, f).seed).toBeTypeOf('number');
    }
  });
  it('fills defaults and refuses typos and bad splits', () => {
    expect(parseTrainConfig({}).split).toEqual({ train: 0.6, valid: 0.2, test: 0.2 });
    expect(() => parseTrainConfig({ hiden: 8 })).toThrow(/hiden/);
    expect(() => parseTrainConfig({ split: { train: 0.5, valid: 0.2, test: 0.2 } })).toThrow(/sum to 1/);
    expect(() => parseTrainConfig({ members: 0 })).toThrow(/members/);
  });
});
