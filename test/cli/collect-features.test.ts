import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKameiHistory, type KameiHistory } from '../helpers/kamei-history.ts';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, parseFeatureVector } from '../../src/features/schema.ts';

let h: KameiHistory;
let dir: string;
let db: string;

beforeAll(() => {
  h = buildKameiHistory();
  dir = mkdtempSync(join(tmpdir(), 'deployrisk-cli-'));
  db = join(dir, 'store.db');
});
afterAll(() => {
  h.repo.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('deployrisk collect', () => {
  it('mines into the store and reports a JSON summary; a second run adds nothing', async () => {
    const first = await runCli(['collect', '--repo', h.repo.dir, '--db', db, '--json']);
    expect(first.code).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1).toMatchObject({ commits: 7, added: 7 });
    expect(typeof s1.seconds).toBe('number');
    const second = JSON.parse((await runCli(['collect', '--repo', h.repo.dir, '--db', db, '--json'])).stdout);
    expect(second).toMatchObject({ commits: 7, added: 0, mode: 'unchanged' });
  });

  it('exits 2 on a path that is not a repository, and on a missing --repo', async () => {
    expect((await runCli(['collect', '--repo', dir, '--db', db])).code).toBe(2);
    // a bad path must not create (and migrate) a store as a side effect
    const untouched = join(dir, 'never-created.db');
    expect((await runCli(['collect', '--repo', join(dir, 'nope'), '--db', untouched])).code).toBe(2);
    expect(
      (await runCli(['features', '--repo', dir, '--base', 'a', '--head', 'b', '--db', untouched, '--json']))
        .code,
    ).toBe(2);
    expect(existsSync(untouched)).toBe(false);
    const r = await runCli(['collect', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--repo is required/);
  });
});

describe('deployrisk features', () => {
  it('prints the schema-valid vector and per-commit metrics of the non-merge commits in base..head', async () => {
    const r = await runCli([
      'features',
      '--repo',
      h.repo.dir,
      '--base',
      h.c3,
      '--head',
      'main',
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.schemaVersion).toBe(FEATURE_SCHEMA_VERSION);
    expect(Object.keys(out.features).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(parseFeatureVector(out.features).success).toBe(true);
    expect(out.commits.map((c: { sha: string }) => c.sha).sort()).toEqual([h.c4, h.c5, h.c6].sort());
    expect(out.commits.find((c: { sha: string }) => c.sha === h.c6).metrics).toMatchObject({
      ndev: 3,
      nuc: 4,
      lt: 20,
      age: 216,
    });
    expect(out.features).toMatchObject({ commits: 3, nf: 3, la: 3, ld: 3, lt: 21, fix: 1, authors: 3 });
    // no JUnit, no env: those groups are unknown, not zero
    expect(out.features.testsTotal).toBeNull();
    expect(out.features.errorBudgetRemaining).toBeNull();
  });

  it('gives the same answer from the store and computed on the fly', async () => {
    const stored = JSON.parse(
      (await runCli(['features', '--repo', h.repo.dir, '--base', h.c1, '--head', h.c6, '--db', db, '--json']))
        .stdout,
    );
    const fresh = JSON.parse(
      (
        await runCli([
          'features',
          '--repo',
          h.repo.dir,
          '--base',
          h.c1,
          '--head',
          h.c6,
          '--db',
          join(dir, 'empty.db'),
          '--json',
        ])
      ).stdout,
    );
    expect(fresh.features).toEqual(stored.features);
    expect(fresh.commits).toEqual(stored.commits);
    expect(fresh.warnings.join(' ')).toMatch(/computed on the fly/);
  });

  it('adds JUnit test counts and environment state; a malformed report is a warning', async () => {
    const good = join(dir, 'good.xml');
    writeFileSync(
      good,
      '<testsuite name="s" tests="3"><testcase classname="a" name="one" time="1.5"/><testcase classname="a" name="two" time="0.5"><failure message="x"/></testcase><testcase classname="a" name="three"><skipped/></testcase></testsuite>',
    );
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<testsuite><testcase name="x"></testsuite');
    const env = join(dir, 'env.json');
    writeFileSync(
      env,
      JSON.stringify({
        environment: 'prod',
        at: '2026-11-23T10:30:00Z',
        errorBudgetRemaining: 0.4,
        errorRate: 0.01,
        openIncidents: 1,
      }),
    );
    const r = await runCli([
      'features',
      '--repo',
      h.repo.dir,
      '--base',
      h.c5,
      '--head',
      h.c6,
      '--junit',
      good,
      '--junit',
      bad,
      '--env',
      env,
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.features).toMatchObject({
      testsTotal: 3,
      testsFailed: 1,
      testsSkipped: 1,
      testDurationSeconds: 2,
    });
    expect(out.features).toMatchObject({
      environment: 'production',
      errorBudgetRemaining: 0.4,
      errorRate: 0.01,
      openIncidents: 1,
      hourOfWeek: 10,
    });
    expect(out.warnings.some((w: string) => w.includes('bad.xml'))).toBe(true);
  });

  it('refuses an unknown ref with exit 2', async () => {
    const r = await runCli([
      'features',
      '--repo',
      h.repo.dir,
      '--base',
      'nope',
      '--head',
      'main',
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/base "nope" does not name a commit/);
  });
});

describe('refs that look like options never reach git', () => {
  it.each([
    ['--base', '--upload-pack=touch /tmp/x'],
    ['--head', '-x'],
  ])('%s %j is refused with exit 2', (flag, value) => {
    const trace = join(dir, `trace-${flag.slice(2)}.log`);
    const marker = join(dir, 'pwned');
    const bad = value.replace('/tmp/x', marker);
    const args = ['features', '--repo', h.repo.dir, '--base', h.c1, '--head', h.c6, '--db', db, '--json'];
    args[args.indexOf(flag) + 1] = bad;
    // `--flag=value` so parseArgs does not read the value as an option of ours
    const argv = args
      .map((a, i) => (args[i - 1] === flag ? null : a === flag ? `${flag}=${bad}` : a))
      .filter((a): a is string => a !== null);
    const r = spawnCli(argv, { env: { GIT_TRACE: trace } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a valid git ref/);
    expect(existsSync(marker)).toBe(false);
    const traced = existsSync(trace) ? readFileSync(trace, 'utf8') : '';
    expect(traced).not.toContain('upload-pack');
    expect(traced).not.toMatch(/built-in: git .* -x\b/);
  });
});
