import { describe, expect, it } from 'vitest';
import { parseGitLog } from '../../src/collect/git-log-parser.ts';
import { unquoteGitPath } from '../../src/features/diff-hunks.ts';
import { validateRef } from '../../src/collect/git-refs.ts';

// Literal output of the miner's git log command (RS/US/GS separators written out).
const RS = '\x1e';
const US = '\x1f';
const GS = '\x1d';
const sample =
  `${RS}3396cea9189983edbd0fd3d24201b9c2c14116d5${US}e3e7aeb6c74095d0c6a1dfeacc94bec3a47dff76${US}A Person${US}a@x${US}1795785372${US}1795785400${US}second\n\nbody line\n${GS}\n\n` +
  ':000000 100644 0000000000000000000000000000000000000000 bdc955b7b2e610ad5a72302b139a2e6cb325519a A\tbin.dat\n' +
  ':100644 100644 422c2b7ab3b3c668038da977e4e93a5fc623169c de980441c3ab03a8c07dda1ad27b8a11f39deb1e R066\tf.txt\th.txt\n' +
  ':000000 100644 0000000000000000000000000000000000000000 b4785957bc986dc39c629de9fac9df46972c00fc A\t"sp ace\\"q.txt"\n' +
  '-\t-\tbin.dat\n1\t0\tf.txt => h.txt\n1\t0\t"sp ace\\"q.txt"\n' +
  `${RS}37116f44810140eac6fb860d4dc145cc9348fc7c${US}16655a2023fa9edced2163a3b711080d673af0ef 96a5579390468ffdeb999e5e80c6878a85e5ae86${US}A Person${US}a@x${US}1795785372${US}1795785372${US}Merge branch 'side'\n${GS}\n`;

describe('parseGitLog', () => {
  it('parses headers, raw statuses, numstat counts, binaries, renames and quoted paths', () => {
    const [c, m] = parseGitLog(sample);
    expect(c).toMatchObject({
      sha: '3396cea9189983edbd0fd3d24201b9c2c14116d5',
      parents: ['e3e7aeb6c74095d0c6a1dfeacc94bec3a47dff76'],
      authorName: 'A Person',
      authorEmail: 'a@x',
      authorTime: 1795785372000,
      committerTime: 1795785400000,
      subject: 'second',
      message: 'second\n\nbody line',
    });
    expect(c!.files).toEqual([
      { path: 'bin.dat', oldPath: null, status: 'A', added: 0, deleted: 0, binary: true },
      { path: 'h.txt', oldPath: 'f.txt', status: 'R', added: 1, deleted: 0, binary: false },
      { path: 'sp ace"q.txt', oldPath: null, status: 'A', added: 1, deleted: 0, binary: false },
    ]);
    expect(m!.parents).toHaveLength(2);
    expect(m!.files).toEqual([]);
  });

  it('unquotes octal escapes as UTF-8 bytes', () => {
    expect(unquoteGitPath('"caf\\303\\251.txt"')).toBe('café.txt');
    expect(unquoteGitPath('plain.txt')).toBe('plain.txt');
  });
});

describe('validateRef', () => {
  it.each([
    'main',
    'HEAD',
    'HEAD~3',
    'main^2',
    'v1.2.3',
    'feature/x-y',
    'refs/heads/main',
    '3396cea9',
    '@',
    'HEAD^^',
  ])('accepts %s', (r) => {
    expect(validateRef(r)).toBe(r);
  });
  it.each([
    '',
    '-x',
    '--upload-pack=touch /tmp/x',
    'a..b',
    'a b',
    'x:y',
    'a@{1}',
    'ref.lock',
    '.hidden',
    'a//b',
    'a\\b',
    'tab\tname',
    'star*',
    'end/',
    'x~y',
  ])('refuses %j', (r) => {
    expect(() => validateRef(r)).toThrowError(expect.objectContaining({ code: 'bad_input' }));
  });
});
