// The change group of the feature vector: per-commit Kamei metrics and file changes folded into
// one deploy range. Pure. The aggregation rules are stated in schema.ts next to each feature.
import { classifyPath, directoryOf, isDependencyManifest, isMigration, subsystemOf } from './paths.ts';
import { isRevertMessage } from './messages.ts';
import { shannonEntropy } from './kamei.ts';
import { KAMEI_METRICS, type KameiMetrics } from './schema.ts';
import type { RawCommit } from './commit-types.ts';

export interface RangeCommit {
  commit: RawCommit;
  metrics: KameiMetrics; // of this commit against its history
  linesBefore: number[]; // aligned with commit.files
}

// The change group: the 14 Kamei metrics, then the range's own counts and flags (schema order).
const CHANGE_NAMES = [
  ...KAMEI_METRICS,
  'commits',
  'filesAdded',
  'filesDeleted',
  'filesRenamed',
  'churnTests',
  'churnSource',
  'churnConfig',
  'churnDocs',
  'depsTouched',
  'migrationsTouched',
  'revertPresent',
  'authors',
] as const;

export type ChangeFeatures = Record<(typeof CHANGE_NAMES)[number], number>;

/** An empty range is "no change" (all zeros), not "unknown". */
export function changeFeatures(range: readonly RangeCommit[]): ChangeFeatures {
  const out = Object.fromEntries(CHANGE_NAMES.map((n) => [n, 0])) as ChangeFeatures;
  if (range.length === 0) return out;

  // Files keyed by where they end up: a rename inside the range moves what was gathered so far.
  const files = new Map<string, { churn: number; linesBefore: number }>();
  const authors = new Set<string>();
  const churnByClass = { tests: 0, source: 0, config: 0, docs: 0 };
  let ageSum = 0;
  let ndev = 0;
  let nuc = 0;
  let exp = Infinity;
  let rexp = Infinity;
  let sexp = Infinity;
  for (const { commit, metrics, linesBefore } of range) {
    authors.add((commit.authorEmail || commit.authorName).toLowerCase());
    out.la += metrics.la;
    out.ld += metrics.ld;
    out.fix = Math.max(out.fix, metrics.fix);
    ndev = Math.max(ndev, metrics.ndev);
    nuc = Math.max(nuc, metrics.nuc);
    ageSum += metrics.age;
    exp = Math.min(exp, metrics.exp);
    rexp = Math.min(rexp, metrics.rexp);
    sexp = Math.min(sexp, metrics.sexp);
    if (isRevertMessage(commit.message)) out.revertPresent = 1;
    commit.files.forEach((f, i) => {
      const churn = f.added + f.deleted;
      if (f.status === 'A') out.filesAdded += 1;
      if (f.status === 'D') out.filesDeleted += 1;
      if (f.status === 'R') out.filesRenamed += 1;
      churnByClass[classifyPath(f.path)] += churn;
      if (isDependencyManifest(f.path) || (f.oldPath !== null && isDependencyManifest(f.oldPath)))
        out.depsTouched = 1;
      if (isMigration(f.path)) out.migrationsTouched = 1;
      let entry = f.oldPath !== null ? files.get(f.oldPath) : undefined;
      if (entry && f.oldPath !== null && f.status === 'R') files.delete(f.oldPath);
      entry ??= files.get(f.path);
      if (!entry) entry = { churn: 0, linesBefore: linesBefore[i] ?? 0 };
      entry.churn += churn;
      files.set(f.path, entry);
    });
  }
  const paths = [...files.keys()];
  out.nf = paths.length;
  out.ns = new Set(paths.map(subsystemOf)).size;
  out.nd = new Set(paths.map(directoryOf)).size;
  out.entropy = shannonEntropy([...files.values()].map((e) => e.churn));
  out.lt = [...files.values()].reduce((a, e) => a + e.linesBefore, 0);
  out.ndev = ndev;
  out.nuc = nuc;
  out.age = ageSum / range.length;
  out.exp = exp;
  out.rexp = rexp;
  out.sexp = sexp;
  out.commits = range.length;
  out.authors = authors.size;
  out.churnTests = churnByClass.tests;
  out.churnSource = churnByClass.source;
  out.churnConfig = churnByClass.config;
  out.churnDocs = churnByClass.docs;
  return out;
}
