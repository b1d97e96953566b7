import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { walkHistory } from '../../src/features/kamei.ts';
import { changeFeatures } from '../../src/features/change.ts';
import { parseFeatureVector, KAMEI_METRICS } from '../../src/features/schema.ts';
import type { FileChange, RawCommit } from '../../src/features/commit-types.ts';

// Random histories: a pool of paths, authors and times; commits add, modify, rename, delete and
// sometimes merge. Statuses are made consistent with what exists, as git would report them.
const historyArb = fc
  .array(
    fc.record({
      author: fc.integer({ min: 0, max: 3 }),
      gapHours: fc.integer({ min: 0, max: 24 * 800 }),
      merge: fc.boolean(),
      msg: fc.constantFrom('fix bug', 'add feature', 'Revert "x"', 'refactor', 'patch defect'),
      ops: fc.array(
        fc.record({
          path: fc.constantFrom(
            'a.ts',
            'src/b.ts',
            'src/c/d.ts',
            'lib/e.py',
            'docs/f.md',
            'test/g.test.ts',
            'img.png',
          ),
          kind: fc.constantFrom('write', 'write', 'write', 'delete', 'rename'),
          added: fc.integer({ min: 0, max: 500 }),
          deleted: fc.integer({ min: 0, max: 500 }),
          to: fc.constantFrom('moved/x.ts', 'moved/y.ts', 'z.ts'),
        }),
        { minLength: 1, maxLength: 5 },
      ),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((specs) => {
    const live = new Set<string>();
    let t = Date.UTC(2020, 0, 1);
    const commits: RawCommit[] = [];
    specs.forEach((s, i) => {
      t += s.gapHours * 3_600_000;
      const parents = i === 0 ? [] : s.merge && i > 1 ? [`c${i - 1}`, `c${i - 2}`] : [`c${i - 1}`];
      const files: FileChange[] = [];
      const touched = new Set<string>();
      if (parents.length < 2) {
        for (const op of s.ops) {
          if (touched.has(op.path) || touched.has(op.to)) continue;
          const binary = op.path.endsWith('.png');
          const add = binary ? 0 : op.added;
          if (op.kind === 'delete' && live.has(op.path)) {
            files.push({
              path: op.path,
              oldPath: null,
              status: 'D',
              added: 0,
              deleted: binary ? 0 : op.deleted,
              binary,
            });
            live.delete(op.path);
          } else if (op.kind === 'rename' && live.has(op.path) && !live.has(op.to)) {
            files.push({ path: op.to, oldPath: op.path, status: 'R', added: add, deleted: 0, binary });
            live.delete(op.path);
            live.add(op.to);
            touched.add(op.to);
          } else {
            const exists = live.has(op.path);
            files.push({
              path: op.path,
              oldPath: null,
              status: exists ? 'M' : 'A',
              added: add,
              deleted: exists && !binary ? op.deleted : 0,
              binary,
            });
            live.add(op.path);
          }
          touched.add(op.path);
        }
      }
      commits.push({
        sha: `c${i}`,
        parents,
        authorName: `dev${s.author}`,
        authorEmail: `dev${s.author}@x`,
        authorTime: t,
        committerTime: t,
        subject: s.msg,
        message: s.msg,
        files,
      });
    });
    return commits;
  });

describe('Kamei metrics: properties over generated histories', () => {
  it('entropy lies within [0, log2(nf)] and counts are non-negative', () => {
    fc.assert(
      fc.property(historyArb, (commits) => {
        for (const m of walkHistory(commits)) {
          if (!m.result) continue;
          const { entropy, nf } = m.result.metrics;
          expect(entropy).toBeGreaterThanOrEqual(0);
          expect(entropy).toBeLessThanOrEqual(Math.log2(Math.max(1, nf)) + 1e-9);
          for (const k of KAMEI_METRICS) expect(m.result.metrics[k]).toBeGreaterThanOrEqual(0);
          expect(m.result.metrics.sexp).toBeLessThanOrEqual(m.result.metrics.exp);
          expect(m.result.metrics.rexp).toBeLessThanOrEqual(m.result.metrics.exp + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('metrics are deterministic', () => {
    fc.assert(
      fc.property(historyArb, (commits) => {
        expect(walkHistory(commits)).toEqual(walkHistory(structuredClone(commits)));
      }),
      { numRuns: 100 },
    );
  });

  it('the aggregated feature vector is schema-valid for any history and range', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), (commits, cut) => {
        const mined = walkHistory(commits).filter((m) => m.result !== null);
        const start = mined.length === 0 ? 0 : cut % mined.length;
        const range = mined
          .slice(start)
          .map((m) => ({ commit: m.commit, metrics: m.result!.metrics, linesBefore: m.result!.linesBefore }));
        const features = changeFeatures(range);
        const parsed = parseFeatureVector(features);
        expect(parsed.success).toBe(true);
        expect(features.entropy as number).toBeLessThanOrEqual(
          Math.log2(Math.max(1, features.nf as number)) + 1e-9,
        );
      }),
      { numRuns: 300 },
    );
  });
});
