import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvFile } from '../../src/collect/env-file.ts';
import { environmentFeatures } from '../../src/features/environment.ts';

describe('readEnvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployrisk-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('reads a valid state (with a BOM) that feeds environmentFeatures', async () => {
    const p = file(
      'env.json',
      '\ufeff' +
        JSON.stringify({
          environment: 'prod-eu-1',
          at: '2024-05-15T14:30:00Z',
          errorBudgetRemaining: 0.25,
          openIncidents: 0,
          recentOutcomes: ['succeeded', 'failed'],
        }),
    );
    const state = await readEnvFile(p);
    expect(environmentFeatures(state, new Date(0))).toMatchObject({
      environment: 'production',
      hourOfWeek: 62,
      errorBudgetRemaining: 0.25,
      openIncidents: 0,
      prevDeployOutcome: 'succeeded',
      recentFailureRate: 0.5,
    });
  });

  it('refuses bad JSON, schema errors, missing paths, directories and oversized files with typed errors', async () => {
    await expect(readEnvFile(file('bad.json', '{"environment": "prod",}'))).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/bad\.json is not valid JSON/),
    });
    await expect(
      readEnvFile(file('schema.json', '{"errorRate": 3, "enviroment": "prod"}')),
    ).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/errorRate: .*; \(root\): Unrecognized key.*enviroment/),
    });
    await expect(readEnvFile(file('array.json', '[]'))).rejects.toMatchObject({ code: 'bad_input' });
    await expect(readEnvFile(join(dir, 'nope.json'))).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/nope\.json: no such file/),
    });
    await expect(readEnvFile(dir)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/not a regular file/),
    });
    await expect(
      readEnvFile(file('big.json', `{"environment": "${'x'.repeat(200)}"}`), { maxBytes: 100 }),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
    });
  });
});
