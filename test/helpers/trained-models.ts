// Tiny real models for the tests of evaluate and of the activation check: trained by the CLI on
// the 240 Kamei fixture rows, as they are or with their labels shuffled by a fixed seed (a model
// trained on shuffled labels has learnt nothing, and its held-out figures show it honestly).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32, shuffledIndices } from '../../src/model/rng.ts';
import { runCli } from './cli.ts';

export const KAMEI_240 = resolve(import.meta.dirname, '../fixtures/train/kamei-bugzilla-240.csv');
export const TINY_CONFIG = resolve(import.meta.dirname, '../fixtures/train/tiny-config.json');

/** The fixture with its `bug` column permuted by mulberry32(seed); features and times unchanged. */
export function shuffledLabelsCsv(dir: string, seed: number): string {
  const [header, ...rows] = readFileSync(KAMEI_240, 'utf8').trim().split(/\r?\n/);
  const cols = header!.split(',');
  const bug = cols.indexOf('bug');
  const cells = rows.map((r) => r.split(','));
  const order = shuffledIndices(cells.length, mulberry32(seed));
  const out = cells.map((c, i) => c.map((v, j) => (j === bug ? cells[order[i]!]![bug]! : v)).join(','));
  const path = join(dir, `kamei-240-shuffled-${seed}.csv`);
  writeFileSync(path, [header, ...out].join('\n') + '\n');
  return path;
}

export interface TrainedModel {
  version: string;
  dir: string;
  auc: number | null;
  logisticAuc: number | null;
}

/** `deployrisk train` with the tiny config into DIR/<version>; registered in `db` when given. */
export async function trainTiny(
  dir: string,
  csv: string,
  version: string,
  db?: string,
): Promise<TrainedModel> {
  const out = join(dir, version);
  const r = await runCli([
    'train',
    '--data',
    csv,
    '--config',
    TINY_CONFIG,
    '--out',
    out,
    '--version',
    version,
    ...(db ? ['--register', '--db', db] : []),
    '--json',
  ]);
  if (r.code !== 0) throw new Error(`train ${version} failed: ${r.stderr}`);
  const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8'));
  return {
    version,
    dir: out,
    auc: card.metrics.test.auc,
    logisticAuc: card.metrics.baselines.logistic.auc,
  };
}
