import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff, toRanges, unquoteGitPath } from '../../src/features/diff-hunks.ts';
import {
  codeOf,
  docstringLines,
  isCommentOnly,
  isTrivialLine,
  isWhitespaceOnly,
} from '../../src/features/trivial-lines.ts';
import { notCodeReason } from '../../src/features/paths.ts';
import { resolveRevertTargets, revertTarget } from '../../src/features/revert-targets.ts';

// Literal `git show -U0 --no-color --format= -M` output (git 2.39).
const SHOW = `diff --git a/src/calc.ts b/src/calc.ts
index 1b2c3d4..5e6f7a8 100644
--- a/src/calc.ts
+++ b/src/calc.ts
@@ -2,2 +2 @@ export function total(price: number): number {
-    // discount: applied once per order
-    const discount = price * 2;
+    const discount = price * 0.2;
@@ -4 +2,0 @@ export function total(price: number): number {
-
diff --git a/old name.txt b/new name.txt
similarity index 90%
rename from old name.txt
rename to new name.txt
index 1111111..2222222 100644
--- a/old name.txt
+++ b/new name.txt
@@ -3 +3 @@ x
-three
\\ No newline at end of file
+THREE
diff --git a/img.png b/img.png
new file mode 100644
index 0000000..3333333
Binary files /dev/null and b/img.png differ
diff --git a/gone.ts b/gone.ts
deleted file mode 100644
index 4444444..0000000
--- a/gone.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
`;

describe('parseUnifiedDiff', () => {
  it('numbers deleted lines on the old side and added lines on the new side', () => {
    const files = parseUnifiedDiff(SHOW);
    expect(files.map((f) => [f.oldPath, f.newPath, f.binary])).toEqual([
      ['src/calc.ts', 'src/calc.ts', false],
      ['old name.txt', 'new name.txt', false],
      [null, 'img.png', true],
      ['gone.ts', null, false],
    ]);
    expect(files[0]!.deleted).toEqual([
      { line: 2, text: '    // discount: applied once per order', hunk: 0 },
      { line: 3, text: '    const discount = price * 2;', hunk: 0 },
      { line: 4, text: '', hunk: 1 },
    ]);
    expect(files[0]!.added).toEqual([{ line: 2, text: '    const discount = price * 0.2;', hunk: 0 }]);
    expect(files[1]!.deleted).toEqual([{ line: 3, text: 'three', hunk: 0 }]);
    expect(files[3]!.deleted.map((l) => l.line)).toEqual([1, 2]);
  });

  it('unquotes C-style paths and merges line runs', () => {
    expect(unquoteGitPath('"a/t\\303\\244st \\"q\\".ts"')).toBe('a/täst "q".ts');
    expect(toRanges([5, 1, 2, 3, 9, 10, 3])).toEqual([
      [1, 3],
      [5, 5],
      [9, 10],
    ]);
  });
});

describe('trivial lines', () => {
  it('whitespace-only', () => {
    expect(isWhitespaceOnly(' \t ')).toBe(true);
    expect(isWhitespaceOnly('  x')).toBe(false);
  });
  it('comment-only by extension', () => {
    expect(isCommentOnly('  // note', 'a.ts')).toBe(true);
    expect(isCommentOnly(' * continued', 'a.java')).toBe(true);
    expect(isCommentOnly('/* a */ call()', 'a.c')).toBe(false);
    expect(isCommentOnly('# note', 'a.py')).toBe(true);
    expect(isCommentOnly('# heading', 'README')).toBe(false); // unknown extension: never a comment
    expect(isCommentOnly('x = 1  # trailing', 'a.py')).toBe(false);
    expect(isCommentOnly('-- drop', 'm.sql')).toBe(true);
    expect(isCommentOnly('# note', 'Dockerfile')).toBe(true);
    expect(isTrivialLine('const a = 1;', 'a.ts')).toBe(false);
  });
  it('codeOf drops layout and comments, never code or strings', () => {
    expect(codeOf('  if (a &&  b) {', 'a.js')).toBe(codeOf('if (a && b) {', 'a.js'));
    expect(codeOf('x = 1  # teh value', 'a.py')).toBe(codeOf('x = 1 # the value', 'a.py'));
    expect(codeOf('x = 1  # teh value', 'a.py')).toBe('x=1');
    expect(codeOf('x = 1', 'a.py')).not.toBe(codeOf('x = 2', 'a.py'));
    expect(codeOf('url = "http://a.b" // c', 'a.ts')).toBe('url="http://a.b"');
    expect(codeOf('s = "a # b"', 'a.rb')).toBe('s="a#b"'); // the # is inside the string
    expect(codeOf('"#{x}" # note', 'a.rb')).toBe('"#{x}"');
    expect(codeOf('  // only a note', 'a.ts')).toBe('');
    expect(codeOf('# pin for the CI image', 'Gemfile')).toBe('');
    expect(codeOf('# heading', 'README')).toBe('#heading'); // unknown extension: text as it is
  });
});

describe('Python docstrings', () => {
  it('marks standalone triple-quoted strings, not strings inside expressions', () => {
    const src = [
      '"""Module doc."""', // 1
      'X = """', // 2 code string
      'not a doc', // 3
      '"""', // 4 closes the code string
      'def f():', // 5
      "    r'''", // 6
      '    Doc of f.', // 7
      "    '''", // 8
      '    return 1  # """ in a comment', // 9
    ].join('\n');
    expect([...docstringLines(src, 'm.py')]).toEqual([1, 6, 7, 8]);
    expect(docstringLines(src, 'm.rb').size).toBe(0);
  });
});

describe('files SZZ does not blame', () => {
  it('names docs, lockfiles and generated files; code is null', () => {
    expect(notCodeReason('README.md')).toBe('docs');
    expect(notCodeReason('Readme.md')).toBe('docs');
    expect(notCodeReason('test/README.md')).toBe('docs');
    expect(notCodeReason('docs/api.rst')).toBe('docs');
    expect(notCodeReason('README.de.rdoc')).toBe('docs'); // sinatra's translated READMEs
    expect(notCodeReason('CHANGELOG-2.x.md')).toBe('docs');
    expect(notCodeReason('LICENSE-MIT')).toBe('docs');
    expect(notCodeReason('package-lock.json')).toBe('lockfile');
    expect(notCodeReason('sub/yarn.lock')).toBe('lockfile');
    expect(notCodeReason('Gemfile.lock')).toBe('lockfile');
    expect(notCodeReason('dist/app.min.js')).toBe('generated');
    expect(notCodeReason('api/v1/service.pb.go')).toBe('generated');
    expect(notCodeReason('test/__snapshots__/a.test.ts.snap')).toBe('generated');
    for (const p of ['lib/router.js', 'src/flask/app.py', 'package.json', 'test/app.test.js', 'Makefile'])
      expect(notCodeReason(p)).toBeNull();
  });
});

describe('revert targets', () => {
  const known = [
    { sha: 'a'.repeat(40), subject: 'add x', seq: 1 },
    { sha: 'ab' + 'c'.repeat(38), subject: 'add y', seq: 2 },
    { sha: 'd'.repeat(40), subject: 'add y', seq: 3 },
  ];
  const bySha = new Map(known.map((k) => [k.sha, k]));
  const bySubject = new Map<string, typeof known>();
  for (const k of known) bySubject.set(k.subject, [...(bySubject.get(k.subject) ?? []), k]);

  it('reads git revert messages and the subject-only form', () => {
    expect(revertTarget(`Revert "add x"\n\nThis reverts commit ${'a'.repeat(40)}.\n`)).toEqual({
      shas: ['a'.repeat(40)],
      subject: 'add x',
    });
    expect(revertTarget('Revert "add y"')).toEqual({ shas: [], subject: 'add y' });
    expect(revertTarget('fix y')).toEqual({ shas: [], subject: null });
  });

  it('resolves abbreviated shas uniquely and subjects to the newest older commit', () => {
    expect(resolveRevertTargets({ shas: ['abccccc'], subject: null }, 9, bySha, bySubject)).toEqual([
      'ab' + 'c'.repeat(38),
    ]);
    expect(resolveRevertTargets({ shas: ['aaaaaaa'], subject: null }, 0, bySha, bySubject)).toEqual([]); // not older
    expect(resolveRevertTargets({ shas: [], subject: 'add y' }, 9, bySha, bySubject)).toEqual([
      'd'.repeat(40),
    ]);
    expect(resolveRevertTargets({ shas: [], subject: 'add y' }, 3, bySha, bySubject)).toEqual([
      'ab' + 'c'.repeat(38),
    ]);
  });
});
