// SZZ blames code, not typos: each planted fix below is built with the git CLI in a temp repo, and
// `deployrisk label` runs end to end on it. Before these rules, the submodule fix ended the run
// (exit 4: "git blame failed: no such path") and the others labelled the commit they touched.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGitRepo } from '../../src/collect/git-repo.ts';
import { szzForFix } from '../../src/collect/szz.ts';
import { findRepo } from '../../src/store/commits.ts';
import { openStore } from '../../src/store/db.ts';
import { insertCommitLabels } from '../../src/store/labels.ts';
import { runCli } from '../helpers/cli.ts';
import { TempRepo, gitEnvFor } from '../helpers/git-repo.ts';
import { alice, bob, carol } from '../helpers/szz-history.ts';

interface LabelJson {
  counts: { szz: number };
  labels: { sha: string | null; source: string; fixedBy: string | null }[];
  skipped: { fixes: Record<string, number>; files: Record<string, number>; cosmeticLines: number };
  warnings: string[];
}

const app = (limit: string, note = '// the limit of one page', indent = '  ') =>
  [
    'export function page(items: number[]): number[] {',
    `${indent}${note}`,
    `${indent}const limit = ${limit};`,
    `${indent}return items.slice(0, limit);`,
    '}',
    '',
  ].join('\n');

// The comment trails the code: re-wording it changes a line that holds code.
const py = (expr: string, note = '# the ratio') =>
  ['def ratio(a, b):', `    return ${expr}  ${note}`, ''].join('\n');

interface Planted {
  repo: TempRepo;
  sub: TempRepo;
  initial: string;
  /** Commits whose lines the cosmetic fixes touch: none may be labelled. */
  readme: string;
  linkBump: string;
  wsBase: string;
  pyBase: string;
  /** The real bug and its fix. */
  bug: string;
  fix: string;
  /** Fix commits that must label nothing. */
  typoFix: string;
  submoduleFix: string;
  wsFix: string;
  commentFix: string;
  docBase: string;
  docstringFix: string;
}

const doc = (word: string) =>
  ['def area(w, h):', '    """', `    The ${word} of a rectangle.`, '    """', '    return w * h', ''].join(
    '\n',
  );

function plant(): Planted {
  const sub = new TempRepo();
  sub.commit({ author: carol, date: '2024-01-01T10:00:00Z', message: 'lib', write: { 'lib.rb': 'x = 1\n' } });
  const repo = new TempRepo();
  const initial = repo.commit({
    author: alice,
    date: '2024-01-02T12:00:00Z',
    message: 'initial app',
    write: {
      'src/app.ts': app('10'),
      'src/ratio.py': py('a / b'),
      'src/sum.ts': 'export const sum = (a: number, b: number) => a - b;\n',
    },
  });
  const readme = repo.commit({
    author: carol,
    date: '2024-01-03T12:00:00Z',
    message: 'write the readme',
    write: { 'README.md': '# App\n\nIt pages teh items.\n', 'package-lock.json': '{"v": 1}\n' },
  });
  // A vendored library as a submodule (a gitlink, mode 160000), as express had lib/support/haml.
  const env = gitEnvFor(bob, '2024-01-04T12:00:00Z');
  repo.git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib'], env);
  repo.git(['commit', '-q', '-m', 'vendor lib as a submodule'], env);
  sub.commit({
    author: carol,
    date: '2024-01-05T10:00:00Z',
    message: 'lib 2',
    write: { 'lib.rb': 'x = 2\n' },
  });
  repo.git(['-C', 'vendor/lib', 'pull', '-q', 'origin', 'main']);
  repo.git(['add', 'vendor/lib']);
  repo.git(['commit', '-q', '-m', 'bump vendored lib'], gitEnvFor(bob, '2024-01-05T12:00:00Z'));
  const linkBump = repo.head();
  const bug = repo.commit({
    author: bob,
    date: '2024-01-06T12:00:00Z',
    message: 'raise the page size',
    write: { 'src/app.ts': app('1000') },
  });
  const wsBase = bug;
  const docBase = repo.commit({
    author: carol,
    date: '2024-01-06T18:00:00Z',
    message: 'area helper',
    write: { 'src/doc.py': doc('aera') },
  });
  const pyBase = repo.commit({
    author: carol,
    date: '2024-01-07T12:00:00Z',
    message: 'ratio rounds',
    write: { 'src/ratio.py': py('round(a / b, 2)', '# teh ratio') },
  });
  // Fix commits ("fix" in the subject makes each one a fix for SZZ).
  const typoFix = repo.commit({
    author: alice,
    date: '2024-01-10T12:00:00Z',
    message: 'Fix typo in README',
    write: { 'README.md': '# App\n\nIt pages the items.\n', 'package-lock.json': '{"v": 2}\n' },
  });
  sub.commit({
    author: carol,
    date: '2024-01-11T10:00:00Z',
    message: 'lib 3',
    write: { 'lib.rb': 'x = 3\n' },
  });
  repo.git(['-C', 'vendor/lib', 'pull', '-q', 'origin', 'main']);
  repo.git(['add', 'vendor/lib']);
  repo.git(
    ['commit', '-q', '-m', 'fix: bump vendored lib for its crash fix'],
    gitEnvFor(alice, '2024-01-11T12:00:00Z'),
  );
  const submoduleFix = repo.head();
  const wsFix = repo.commit({
    author: alice,
    date: '2024-01-12T12:00:00Z',
    message: 'fix indentation',
    write: { 'src/app.ts': app('1000', '// the limit of one page', '    ') },
  });
  const commentFix = repo.commit({
    author: alice,
    date: '2024-01-13T12:00:00Z',
    message: 'fix comments',
    write: {
      'src/app.ts': app('1000', '// the limit of one page (items)', '    '),
      'src/ratio.py': py('round(a / b, 2)', '# the ratio'),
    },
  });
  const docstringFix = repo.commit({
    author: alice,
    date: '2024-01-13T18:00:00Z',
    message: 'Fix a docstring typo',
    write: { 'src/doc.py': doc('area') },
  });
  const fix = repo.commit({
    author: alice,
    date: '2024-01-14T12:00:00Z',
    message: 'Fix oversized pages',
    write: { 'src/app.ts': app('50', '// the limit of one page (items)', '    ') },
  });
  return {
    repo,
    sub,
    initial,
    readme,
    linkBump,
    wsBase,
    pyBase,
    bug,
    fix,
    typoFix,
    submoduleFix,
    wsFix,
    commentFix,
    docBase,
    docstringFix,
  };
}

describe('SZZ labels bugs, not typos, and finishes', () => {
  let p: Planted;
  let dir: string;
  let out: LabelJson;

  beforeAll(async () => {
    p = plant();
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-szz-'));
    const r = await runCli(['label', '--repo', p.repo.dir, '--db', join(dir, 's.db'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    out = JSON.parse(r.stdout) as LabelJson;
  });
  afterAll(() => {
    p.repo.remove();
    p.sub.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const labelsOf = (fix: string) =>
    out.labels.filter((l) => l.source === 'szz' && l.fixedBy === fix).map((l) => l.sha);

  it('a real code fix labels the commit that wrote the wrong line', () => {
    expect(labelsOf(p.fix)).toEqual([p.bug]);
  });

  it('a fix that moves a submodule (gitlink) is skipped, not a crash', () => {
    expect(labelsOf(p.submoduleFix)).toEqual([]);
    expect(out.skipped.files.gitlink).toBe(1);
  });

  it('a typo fix in a README (and its lockfile) labels nothing', () => {
    expect(labelsOf(p.typoFix)).toEqual([]);
    expect(out.labels.map((l) => l.sha)).not.toContain(p.readme);
    expect(out.skipped.files).toMatchObject({ docs: 1, lockfile: 1 });
  });

  it('a whitespace-only fix labels nothing', () => {
    expect(labelsOf(p.wsFix)).toEqual([]);
  });

  it('a fix that only rewords comments (whole-line and trailing) labels nothing', () => {
    expect(labelsOf(p.commentFix)).toEqual([]);
    expect(out.labels.map((l) => l.sha)).not.toContain(p.pyBase);
  });

  it('a typo fix in a Python docstring labels nothing', () => {
    expect(p.docstringFix).toMatch(/^[0-9a-f]{40}$/);
    expect(labelsOf(p.docstringFix)).toEqual([]);
    expect(out.labels.map((l) => l.sha)).not.toContain(p.docBase);
  });

  it('counts what it left out by reason; no blame failed', () => {
    // typo fix and submodule fix: nothing but non-code; whitespace, comment, docstring: cosmetic.
    expect(out.skipped.fixes).toMatchObject({ 'not-code': 2, cosmetic: 3, 'blame-failed': 0 });
    expect(out.skipped.files.cosmetic).toBeGreaterThanOrEqual(4);
    expect(out.warnings).toEqual([]);
    expect(out.counts.szz).toBe(1);
  });

  it('a fix blamed again under these rules loses the labels an older rule gave it', async () => {
    // As a store labelled before these rules holds it: the README typo fix blamed the README.
    const db = join(dir, 's.db');
    const store = await openStore(db);
    const repo = await findRepo(store.db, realpathSync(p.repo.dir));
    await insertCommitLabels(store.db, [
      { repo_id: repo!.id, sha: p.readme, source: 'szz', fixed_by: p.typoFix, detail: '{}', created_at: 1 },
    ]);
    await store.close();
    const r = await runCli(['label', '--repo', p.repo.dir, '--db', db, '--json', '--rescan']);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(r.stdout) as LabelJson & { removed: number };
    expect(again.removed).toBe(1);
    expect(again.labels.filter((l) => l.source === 'szz')).toEqual(
      out.labels.filter((l) => l.source === 'szz'),
    );
  });

  it('a blame that fails is a warning naming the fix and the path; the other files still count', async () => {
    const git = await openGitRepo(p.repo.dir);
    // A GitRepo whose blame fails for one path, as git does for a path it cannot blame.
    const failing = {
      ...git,
      blameLines: async (rev: string, path: string, ranges: readonly [number, number][]) => {
        if (path === 'src/app.ts') throw new Error('git blame failed: fatal: no such path src/app.ts');
        return git.blameLines(rev, path, ranges);
      },
    };
    const both = p.repo.commit({
      author: alice,
      date: '2024-01-20T12:00:00Z',
      message: 'Fix both',
      write: {
        'src/app.ts': app('60', '// the limit of one page (items)', '    '),
        'src/sum.ts': 'export const sum = (a: number, b: number) => a + b;\n',
      },
    });
    const r = await szzForFix(failing, {
      sha: both,
      parents: [p.fix],
      message: 'Fix both',
      authorTime: Date.parse('2024-01-20T12:00:00Z'),
    });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('src/app.ts');
    expect(r.warnings[0]).toContain(both.slice(0, 12));
    expect(r.files['blame-failed']).toBe(1);
    expect(r.pairs.map((x) => x.bugSha)).toEqual([p.initial]);
    expect(r.skipped).toBeNull();
  });
});
