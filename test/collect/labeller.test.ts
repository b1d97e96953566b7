import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGitRepo } from '../../src/collect/git-repo.ts';
import { szzForFix } from '../../src/collect/szz.ts';
import { openStore } from '../../src/store/db.ts';
import { insertDeployment, recordOutcome } from '../../src/store/deployments.ts';
import { runCli } from '../helpers/cli.ts';
import { buildSzzHistory, type SzzHistory } from '../helpers/szz-history.ts';

interface LabelJson {
  counts: { szz: number; revert: number; outcome: number };
  labels: { sha: string | null; source: string; fixedBy: string | null; deploymentId?: string }[];
  added: { commit: number; deployment: number };
  szz: { fixes: number; blamed: number; skipped: number };
}

describe('labels from a real repository (SZZ, reverts, outcomes)', () => {
  let h: SzzHistory;
  let dir: string;
  let db: string;
  let first: LabelJson;

  beforeAll(async () => {
    h = buildSzzHistory();
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-label-'));
    db = join(dir, 'store.db');
    // Two scored deploys: one shipped the reverted feature (pinned shas), one has an outcome.
    const store = await openStore(db);
    const dep = (id: string, base: string, head: string, at: number) => ({
      id,
      service: 'calc',
      environment: 'production',
      created_at: at,
      request: JSON.stringify({ service: 'calc', git: { repo: h.repo.dir, base, head } }),
      features: '{}',
      model_version: 'm',
      probability: 0.1,
      level: 'low',
      decision: 'proceed',
      result: '{}',
    });
    await insertDeployment(store.db, dep('d-ship', h.fix2, h.feat, 1));
    await insertDeployment(store.db, dep('d-ok', h.base, h.fix, 2));
    await recordOutcome(store.db, {
      deployment_id: 'd-ok',
      status: 'rolled_back',
      at: 3,
      reason: null,
      source: 'cli',
      recorded_at: 3,
    });
    await store.close();
    const r = await runCli(['label', '--repo', h.repo.dir, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    first = JSON.parse(r.stdout) as LabelJson;
  });
  afterAll(() => {
    h.repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const szz = () => first.labels.filter((l) => l.source === 'szz');

  it('SZZ finds the planted bug-introducing commit from its fix', () => {
    expect(szz()).toContainEqual({ sha: h.bug, source: 'szz', fixedBy: h.fix });
  });

  it('whitespace-only and comment-only changes are not blamed', () => {
    const blamed = szz().map((l) => l.sha);
    expect(blamed).not.toContain(h.ws);
    expect(blamed).not.toContain(h.cmt);
    // The fix's deleted lines were: a comment (cmt), the wrong line (bug, re-indented by ws), a blank line.
    expect(
      szz()
        .filter((l) => l.fixedBy === h.fix)
        .map((l) => l.sha),
    ).toEqual([h.bug]);
  });

  it('drops blame dated after the fix', () => {
    expect(szz().filter((l) => l.fixedBy === h.fix2)).toEqual([]);
    expect(szz().map((l) => l.sha)).not.toContain(h.future);
  });

  it('a revert labels its target (sha form and subject-only form), and the deploy that shipped it', () => {
    const reverts = first.labels.filter((l) => l.source === 'revert');
    expect(reverts).toEqual(
      expect.arrayContaining([
        { sha: h.feat, source: 'revert', fixedBy: h.revert },
        { sha: h.feat2, source: 'revert', fixedBy: h.revert2 },
      ]),
    );
    expect(first.counts.revert).toBe(2);
    expect(first.added.deployment).toBe(2); // d-ship (revert) + d-ok (outcome)
  });

  it('recorded outcomes are labels too', () => {
    expect(first.counts.outcome).toBe(1);
    expect(first.labels.find((l) => l.source === 'outcome')).toMatchObject({
      sha: h.fix,
      deploymentId: 'd-ok',
    });
  });

  it('running it twice changes nothing', async () => {
    const r = await runCli(['label', '--repo', h.repo.dir, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(r.stdout) as LabelJson;
    expect(again.added).toEqual({ commit: 0, deployment: 0 });
    expect(again.counts).toEqual(first.counts);
    expect(again.labels).toEqual(first.labels);
    // The fixes were blamed once; the second run remembers them and blames none.
    expect(first.szz.fixes).toBeGreaterThanOrEqual(2);
    expect(first.szz).toMatchObject({ blamed: first.szz.fixes, skipped: 0 });
    expect(again.szz).toEqual({ fixes: first.szz.fixes, blamed: 0, skipped: first.szz.fixes });
  });

  it('without -w semantics the reindent would be blamed: blame at the fix parent names ws for whitespace', async () => {
    // Guards the test itself: the re-indenting commit really did touch the wrong line.
    const git = await openGitRepo(h.repo.dir);
    const plain = h.repo.git(['blame', '--porcelain', '-L', '3,3', h.cmt, '--', 'src/calc.ts']);
    expect(plain.startsWith(h.ws)).toBe(true);
    const pairs = await szzForFix(git, {
      sha: h.fix,
      parents: [h.cmt],
      message: 'Fix negative totals',
      authorTime: Date.parse('2024-01-12T12:00:00Z'),
    });
    expect(pairs.pairs.map((p) => p.bugSha)).toEqual([h.bug]);
  });

  // Last: it grows the shared repository.
  it('a new fix is the only one blamed next time; a changed rule or --rescan blames them all again', async () => {
    const buggy = h.repo.commit({
      author: { name: 'Erin', email: 'erin@example.com' },
      date: '2024-01-26T12:00:00Z',
      message: 'add rounding',
      write: { 'src/round.ts': 'export const round = (x: number) => Math.floor(x);\n' },
    });
    h.repo.commit({
      author: { name: 'Bob', email: 'bob@example.com' },
      date: '2024-01-27T12:00:00Z',
      message: 'fix rounding of halves',
      write: { 'src/round.ts': 'export const round = (x: number) => Math.round(x);\n' },
    });
    const run = async (...extra: string[]) => {
      const r = await runCli(['label', '--repo', h.repo.dir, '--db', db, '--json', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as LabelJson;
    };
    const grown = await run();
    expect(grown.szz).toEqual({ fixes: first.szz.fixes + 1, blamed: 1, skipped: first.szz.fixes });
    expect(grown.labels.filter((l) => l.source === 'szz').map((l) => l.sha)).toContain(buggy);
    const otherRule = await run('--max-files', '50');
    expect(otherRule.szz).toMatchObject({ blamed: grown.szz.fixes, skipped: 0 });
    const rescan = await run('--rescan');
    expect(rescan.szz).toMatchObject({ blamed: grown.szz.fixes, skipped: 0 });
    expect(rescan.added).toEqual({ commit: 0, deployment: 0 });
    expect(rescan.counts).toEqual(grown.counts);
  });
});
