// Issue #14 point 5, end to end on a real temporary repository: during an incident (or with the
// error budget exhausted) a release proceeds only when every commit in it is a fix or a revert; a
// release that mixes in one feature commit holds, and the reason names that commit. Through
// `deployrisk score` (local, shipped model) and POST /v1/score (the server's git collector).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { gitCollector } from '../../src/cli/serve-deps.ts';
import { loadDefaultScorer } from '../../src/model/scorer.ts';
import { runCli } from '../helpers/cli.ts';
import { TempRepo, lines } from '../helpers/git-repo.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

let dir: string;
let repo: TempRepo;
let base: string;
let fixesHead: string;
let mixedHead: string;
let featureSha: string;
let t: TestApp;
const incident = {
  environment: 'production',
  openIncidents: 1,
  errorBudgetRemaining: 0.3,
  errorRate: 0.002,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployrisk-fixes-'));
  mkdirSync(join(dir, 'repos', 'shop'), { recursive: true });
  repo = new TempRepo(join(dir, 'repos', 'shop'));
  const a = { name: 'Alice', email: 'alice@example.com' };
  base = repo.commit({
    author: a,
    date: '2024-05-01T10:00:00Z',
    message: 'initial',
    write: { 'src/app.ts': lines(50) },
  });
  repo.commit({
    author: a,
    date: '2024-05-02T10:00:00Z',
    message: 'Fix null check in checkout',
    write: { 'src/app.ts': lines(51) },
  });
  fixesHead = repo.commit({
    author: a,
    date: '2024-05-03T10:00:00Z',
    message: 'Fix typo in error message',
    write: { 'src/app.ts': lines(52) },
  });
  featureSha = repo.commit({
    author: a,
    date: '2024-05-04T10:00:00Z',
    message: 'Add gift cards',
    write: { 'src/gift.ts': lines(80) },
  });
  mixedHead = featureSha;
  writeFileSync(join(dir, 'incident.json'), JSON.stringify(incident));
  const env = { DEPLOYRISK_REPO_ROOTS: join(dir, 'repos') };
  const config = loadConfig({ DEPLOYRISK_LOG_LEVEL: 'silent', ...env });
  // The server's own collector on its store, as `serve` wires it.
  t = await makeTestApp({
    env,
    scorer: await loadDefaultScorer(),
    deps: { collect: (req) => gitCollector(config, t.store)(req) },
  });
});

afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fixes and reverts at deploy level during an incident', () => {
  it('deployrisk score: an all-fixes release proceeds, a mixed one holds and names the feature commit', async () => {
    const run = (head: string) =>
      runCli([
        'score',
        '--repo',
        repo.dir,
        '--base',
        base,
        '--head',
        head,
        '--env',
        join(dir, 'incident.json'),
        '--format',
        'json',
      ]);
    const fixes = await run(fixesHead);
    const fixBody = JSON.parse(fixes.stdout);
    expect(fixBody.rollout.decision).not.toBe('hold');
    expect(fixes.code).toBe(fixBody.risk.level === 'high' || fixBody.risk.level === 'critical' ? 1 : 0);

    const mixed = await run(mixedHead);
    expect(mixed.code).toBe(1);
    const body = JSON.parse(mixed.stdout);
    expect(body.rollout.decision).toBe('hold');
    expect(body.rollout.reasons.join(' ')).toContain(featureSha.slice(0, 7));
    expect(body.rollout.reasons.join(' ')).toMatch(/not a fix or revert/);
  });

  it('POST /v1/score with a git range: the same two answers', async () => {
    {
      const score = async (head: string) =>
        jsonOf(
          t.app.request(
            '/v1/score',
            jsonPost({ service: 'shop', environment: incident, git: { repo: 'shop', base, head } }),
          ),
        );
      const fixes = await score(fixesHead);
      expect(fixes.rollout.decision).not.toBe('hold');
      expect(fixes.commits.scored).toBe(2);
      const mixed = await score(mixedHead);
      expect(mixed.rollout.decision).toBe('hold');
      expect(mixed.rollout.reasons.join(' ')).toContain(featureSha.slice(0, 7));
      expect(mixed.commits.scored).toBe(3);
    }
  });
});
