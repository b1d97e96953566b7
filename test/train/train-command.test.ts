// The CLI command end to end on a real fixture: --json is the last thing on stdout and has the
// issue's shape; --out and --report write their files; bad flags are bad_input.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/commands/train.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, silentLogger } from '../../src/log.ts';

const FIX = new URL('../fixtures/train/', import.meta.url).pathname;

async function run(argv: string[], logged?: (line: string) => void) {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), isTTY: false };
  const log = logged ? createLogger('warn', logged) : silentLogger;
  const code = await trainCommand.run(argv, { config: loadConfig({}), log, io });
  return { code, out, err };
}

/** 60 untimed rows of a small native layout (la, ld, nf, failed). */
const TINY_ROWS = Array.from(
  { length: 60 },
  (_, i) => `${(i * 37) % 50},${(i * 11) % 7},${1 + (i % 4)},${i % 3 === 0 ? 1 : 0}`,
);

describe('deployrisk train', () => {
  it('prints the --json result last and writes the artifact and report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deployrisk-train-cmd-'));
    try {
      const r = await run([
        '--data',
        join(FIX, 'kamei-bugzilla-240.csv'),
        '--config',
        join(FIX, 'tiny-config.json'),
        '--out',
        join(dir, 'm'),
        '--report',
        join(dir, 'r'),
        '--json',
        '--seed',
        '7',
      ]);
      expect(r.code).toBe(0);
      const lines = r.out.trim().split('\n');
      const json = JSON.parse(lines[lines.length - 1]!);
      expect(Object.keys(json)).toEqual(
        expect.arrayContaining(['backend', 'rows', 'test', 'baselines', 'ignoredColumns']),
      );
      expect(Object.keys(json.rows)).toEqual(['train', 'valid', 'test']);
      for (const k of ['auc', 'prAuc', 'brier', 'ece', 'accuracy', 'f1', 'threshold'])
        expect(json.test).toHaveProperty(k);
      expect(json.baselines.logistic).toHaveProperty('auc');
      expect(json.baselines.linesAdded).toHaveProperty('auc');
      expect(json.ignoredColumns).toEqual(['transactionid']);
      const card = JSON.parse(await readFile(join(dir, 'm', 'card.json'), 'utf8'));
      expect(card.backend).toBe(json.backend);
      expect(card.trainingConfig.seed).toBe(7);
      const html = await readFile(join(dir, 'r', 'report.html'), 'utf8');
      expect(html).toContain('<svg');
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
      expect(await readFile(join(dir, 'r', 'report.md'), 'utf8')).toContain('| ROC-AUC |');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses missing data, unknown formats and unreadable files', async () => {
    await expect(run([])).rejects.toMatchObject({ code: 'bad_input' });
    await expect(run(['--data', 'x.csv', '--format', 'excel'])).rejects.toMatchObject({ code: 'bad_input' });
    await expect(run(['--data', join(FIX, 'nope.csv')])).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('says in the report when the split followed file order because the rows had no time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deployrisk-train-cmd-'));
    try {
      const file = join(dir, 'untimed.csv');
      await writeFile(file, ['la,ld,nf,failed', ...TINY_ROWS].join('\n') + '\n');
      const r = await run([
        '--data',
        file,
        '--config',
        join(FIX, 'tiny-config.json'),
        '--report',
        join(dir, 'r'),
      ]);
      expect(r.code).toBe(0);
      for (const name of ['report.md', 'report.html'])
        expect(await readFile(join(dir, 'r', name), 'utf8')).toContain(
          'test 12 (in file row order: not every row had a time)',
        );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("warns about what this file's import skipped, not about the layout's fixed conversions", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deployrisk-train-cmd-'));
    try {
      const file = join(dir, 'gaps.csv');
      await writeFile(file, ['la,ld,nf,failed', ...TINY_ROWS, '5,1,1,', '7,2,1,maybe'].join('\n') + '\n');
      const lines: string[] = [];
      const r = await run(['--data', file, '--config', join(FIX, 'tiny-config.json')], (l) => lines.push(l));
      expect(r.code).toBe(0);
      expect(lines.join('')).toContain('gaps.csv: 2 rows without a 0/1 label were skipped.');
      expect(lines).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a training or validation part with one class only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deployrisk-train-cmd-'));
    try {
      const csv = (label: (i: number) => number) =>
        [
          'la,ld,nf,failed,time',
          ...Array.from({ length: 60 }, (_, i) => `${(i * 37) % 50},${i % 7},2,${label(i)},${i}`),
        ].join('\n');
      const cases = [
        ['none.csv', () => 0, /the training part \(36 rows, ordered by time\) has only succeeded rows/],
        ['late.csv', (i: number) => (i >= 40 ? 1 : 0), /the training part .* has only succeeded rows/],
        ['all.csv', () => 1, /the training part \(36 rows, ordered by time\) has only failed rows/],
        // failures only in the oldest 60 %: nothing to stop early on or calibrate against
        [
          'quiet-valid.csv',
          (i: number) => (i < 36 && i % 3 === 0 ? 1 : 0),
          /the validation part \(12 rows, ordered by time\) has only succeeded rows/,
        ],
      ] as const;
      for (const [name, label, message] of cases) {
        await writeFile(join(dir, name), csv(label));
        await expect(
          run(['--data', join(dir, name), '--config', join(FIX, 'tiny-config.json')]),
        ).rejects.toMatchObject({
          code: 'bad_input',
          message: expect.stringMatching(message),
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file whose feature cells are all non-numeric instead of crashing in tfjs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deployrisk-train-cmd-'));
    try {
      const rows = Array.from({ length: 40 }, (_, i) => `abc,n/a,x${i},${i % 2},${1_600_000_000_000 + i}`);
      const file = join(dir, 'words.csv');
      await writeFile(file, ['la,ld,nf,failed,time', ...rows].join('\n') + '\n');
      await expect(run(['--data', file, '--config', join(FIX, 'tiny-config.json')])).rejects.toMatchObject({
        code: 'bad_input',
        message: expect.stringMatching(/no usable feature in the 24 training rows/),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
