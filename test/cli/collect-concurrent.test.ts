// Two CI runners collecting the same repository into one shared store at the same time: both must
// succeed, and the store must hold the history once (not twice, not half).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../scripts/bench-repo.ts';
import { TEST_DIALECTS, countRows, testDatabases } from '../helpers/test-db.ts';

const BIN = resolve(import.meta.dirname, '../../bin/deployrisk.mjs');

function collect(repo: string, db: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'collect', '--repo', repo, '--db', db, '--json'], {
      env: { ...process.env, DEPLOYRISK_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe.each(TEST_DIALECTS)('collect by two runners at once (%s)', (dialect) => {
  const dbs = testDatabases(dialect);
  let dir: string;
  let repo: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-collect-race-'));
    repo = join(dir, 'repo');
    // Large enough that the two runs overlap (mining takes a second or so).
    buildRepo(repo, 3000);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('both exit 0; one mines the history, the other finds it mined; it is stored once', async () => {
    const db = await dbs.fresh();
    const runs = await Promise.all([collect(repo, db), collect(repo, db)]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const summaries = runs.map((r) => JSON.parse(r.stdout));
    const expected = Number(
      execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }),
    );
    expect(summaries.map((s) => s.mode).sort()).toEqual(['full', 'unchanged']);
    expect(summaries.map((s) => s.commits)).toEqual([expected, expected]);
    expect(summaries.reduce((a, s) => a + s.added, 0)).toBe(expected);
    expect(await countRows(db, 'commits')).toBe(expected);
  }, 120_000);
});
