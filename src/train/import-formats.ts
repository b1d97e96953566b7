// Column mappings of the public datasets in ../shared/data onto the feature schema. A source
// column either maps to a schema feature (with a conversion that restores the schema's raw
// meaning), is the label or time, or is listed as ignored — never used silently.
import { FEATURE_NAMES, emptyFeatureVector, type FeatureVector } from '../features/schema.ts';
import type { DatasetFormat, DatasetLevel, LabelledRow } from './dataset.ts';
import { withFailureStreak } from './failure-streak.ts';

export type Cells = Record<string, string>;

export interface FormatSpec {
  format: DatasetFormat;
  level: DatasetLevel;
  /** Columns whose presence identifies the format. */
  signature: string[];
  label: string;
  time: string | null;
  /** The columns the time is read from, when more than `time` (for messages). */
  timeColumns?: string;
  /** Source columns consumed by `map` (reported as mapped, not ignored). */
  consumes: Record<string, string>;
  map(c: Cells): FeatureVector;
  parseTime?(c: Cells): number | null;
  /** The repository a row comes from, for files that pool several. */
  groupOf?(c: Cells): string | null;
  /** Features computed from earlier rows' labels (a row's own label is never read). */
  fromEarlierRows?(rows: readonly LabelledRow[]): LabelledRow[];
  notes: string[];
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '' || /^(na|nan|null|none)$/i.test(s.trim())) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};
const bool = (s: string | undefined): number | null => {
  if (s === undefined) return null;
  const t = s.trim().toLowerCase();
  if (t === 'true' || t === '1') return 1;
  if (t === 'false' || t === '0') return 0;
  return null;
};
const nonNeg = (n: number | null): number | null => (n === null ? null : Math.max(0, n));

export function parseLabel(s: string | undefined): 0 | 1 | null {
  const b = bool(s);
  return b === null ? null : (b as 0 | 1);
}

const kamei: FormatSpec = {
  format: 'kamei',
  level: 'commit',
  signature: ['ns', 'nm', 'nf', 'entropy', 'la', 'ld', 'lt', 'npt', 'pd', 'bug'],
  label: 'bug',
  time: 'commitdate',
  consumes: {
    ns: 'ns',
    nm: 'nd',
    nf: 'nf',
    entropy: 'entropy',
    la: 'la',
    ld: 'ld',
    lt: 'lt',
    fix: 'fix',
    ndev: 'ndev',
    pd: 'age',
    npt: 'nuc',
    exp: 'exp',
    rexp: 'rexp',
    sexp: 'sexp',
  },
  map(c) {
    const v = emptyFeatureVector();
    const nf = num(c.nf);
    const ltPerFile = num(c.lt);
    const lt = nf !== null && ltPerFile !== null ? Math.round(ltPerFile * nf) : null;
    v.ns = num(c.ns);
    v.nd = num(c.nm);
    v.nf = nf;
    v.entropy = nonNeg(num(c.entropy));
    v.lt = lt;
    // la/ld were divided by lt (total lines): undo it. With lt = 0 the raw value is lost.
    const back = (s: string | undefined) => {
      const r = num(s);
      return r === null || lt === null || lt === 0 ? null : Math.round(r * lt);
    };
    v.la = back(c.la);
    v.ld = back(c.ld);
    v.fix = bool(c.fix);
    v.ndev = num(c.ndev);
    v.age = nonNeg(num(c.pd));
    const npt = num(c.npt);
    v.nuc = npt !== null && nf !== null ? Math.round(npt * nf) : null;
    v.exp = num(c.exp);
    v.rexp = nonNeg(num(c.rexp));
    v.sexp = num(c.sexp);
    v.commits = 1;
    return v;
  },
  parseTime(c) {
    // "2004/12/31 16:58", taken as UTC (the source gives no zone).
    const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?/.exec((c.commitdate ?? '').trim());
    if (!m) return null;
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0));
  },
  notes: [
    'Kamei 2013 files are pre-normalised: lt and npt are per file, la and ld are divided by lt. Restored: lt = lt×nf, la = la×lt, ld = ld×lt (null when lt = 0, the raw value is lost), nuc = npt×nf.',
    'nm is ND (directories) → nd; pd is AGE → age; each row is one commit → commits = 1.',
  ],
};

const apachejit: FormatSpec = {
  format: 'apachejit',
  level: 'commit',
  signature: ['commit_id', 'buggy', 'author_date', 'la', 'ld', 'nf', 'ent', 'aexp'],
  label: 'buggy',
  time: 'author_date',
  consumes: {
    la: 'la',
    ld: 'ld',
    nf: 'nf',
    nd: 'nd',
    ns: 'ns',
    ent: 'entropy',
    ndev: 'ndev',
    age: 'age',
    nuc: 'nuc',
    aexp: 'exp',
    arexp: 'rexp',
    asexp: 'sexp',
    fix: 'fix',
    project: '(repository)',
  },
  map(c) {
    const v = emptyFeatureVector();
    v.la = num(c.la);
    v.ld = num(c.ld);
    v.nf = num(c.nf);
    v.nd = num(c.nd);
    v.ns = num(c.ns);
    v.entropy = nonNeg(num(c.ent));
    v.ndev = num(c.ndev);
    v.age = nonNeg(num(c.age));
    v.nuc = num(c.nuc);
    v.exp = num(c.aexp);
    v.rexp = nonNeg(num(c.arexp));
    v.sexp = num(c.asexp);
    v.fix = bool(c.fix);
    v.commits = 1;
    return v;
  },
  parseTime(c) {
    const s = num(c.author_date);
    return s === null ? null : s * 1000;
  },
  groupOf: (c) => (c.project ?? '').trim() || null,
  notes: [
    'ApacheJIT: raw counts; author_date is epoch seconds; ent → entropy, aexp/arexp/asexp → exp/rexp/sexp; lt is not in the data (missing).',
  ],
};

const travis: FormatSpec = {
  format: 'travis',
  level: 'build',
  signature: ['build_failed', 'git_diff_src_churn', 'gh_num_commits_on_files_touched', 'prev_build_result'],
  label: 'build_failed',
  time: 'year_of_start',
  timeColumns: 'year_of_start, month_of_start, day_of_start, hour_of_start',
  consumes: {
    git_diff_src_churn: 'churnSource',
    git_diff_test_churn: 'churnTests',
    gh_diff_files_added: 'filesAdded',
    gh_diff_files_deleted: 'filesDeleted',
    num_files_edited: 'nf',
    gh_num_commits_on_files_touched: 'nuc',
    num_distinct_authors: 'authors',
    git_num_all_built_commits: 'commits',
    prev_build_result: 'prevDeployOutcome',
    proj_fail_rate_recent: 'recentFailureRate',
    comm_fail_rate_recent: 'authorRecentFailureRate',
    proj_fail_rate_history: 'historicalFailureRate',
    elapsed_days_last_build: 'minutesSinceLastDeploy',
    hour_of_start: 'hourOfWeek',
    day_week: 'hourOfWeek',
    gh_diff_tests_added: 'testsAdded',
    gh_diff_tests_deleted: 'testsRemoved',
    month_of_start: '(time)',
    day_of_start: '(time)',
  },
  map(c) {
    const v = emptyFeatureVector();
    v.churnSource = num(c.git_diff_src_churn);
    v.churnTests = num(c.git_diff_test_churn);
    v.filesAdded = num(c.gh_diff_files_added);
    v.filesDeleted = num(c.gh_diff_files_deleted);
    v.nf = num(c.num_files_edited);
    v.nuc = num(c.gh_num_commits_on_files_touched);
    v.authors = num(c.num_distinct_authors);
    v.commits = num(c.git_num_all_built_commits);
    const prev = num(c.prev_build_result);
    v.prevDeployOutcome = prev === null ? null : prev === 1 ? 'failed' : 'succeeded';
    const frac = (x: string | undefined) => {
      const r = num(x);
      return r === null ? null : Math.min(1, Math.max(0, r));
    };
    v.recentFailureRate = frac(c.proj_fail_rate_recent);
    v.authorRecentFailureRate = frac(c.comm_fail_rate_recent);
    v.historicalFailureRate = frac(c.proj_fail_rate_history);
    // -1 marks "no earlier build".
    const days = num(c.elapsed_days_last_build);
    v.minutesSinceLastDeploy = days === null || days < 0 ? null : days * 1440;
    // day_week is 1 = Sunday … 7 = Saturday (checked against the dates); the schema counts from Monday.
    const dw = num(c.day_week);
    const hour = num(c.hour_of_start);
    v.hourOfWeek = dw === null || hour === null || dw < 1 || dw > 7 ? null : ((dw + 5) % 7) * 24 + hour;
    v.testsAdded = num(c.gh_diff_tests_added);
    v.testsRemoved = num(c.gh_diff_tests_deleted);
    return v;
  },
  parseTime(c) {
    const y = num(c.year_of_start);
    const m = num(c.month_of_start);
    const d = num(c.day_of_start);
    const h = num(c.hour_of_start);
    // No hour, no time: placed at midnight, a build could be read by failureStreak of builds that
    // started before it did (the importer refuses a file with some rows untimed).
    return y === null || m === null || d === null || h === null ? null : Date.UTC(y, m - 1, d, h);
  },
  fromEarlierRows: (rows) => withFailureStreak(rows),
  notes: [
    'BF-Detector/TravisTorrent builds: time = year/month/day/hour_of_start (UTC; ties keep file order); elapsed_days_last_build × 1440 → minutesSinceLastDeploy (−1 → missing); prev_build_result 1/0 → prevDeployOutcome failed/succeeded; day_week (1 = Sunday) + hour_of_start → hourOfWeek.',
    'failureStreak = failed builds in a row (any branch) ending at the latest build that started at least two clock hours earlier (src/train/failure-streak.ts: a build of the same or the previous hour may still have been running; Travis jobs stop at 50 minutes).',
    'proj_fail_rate_recent → recentFailureRate, comm_fail_rate_recent → authorRecentFailureRate, proj_fail_rate_history → historicalFailureRate (the last two appended to the schema for this data). Leakage check: a rate that counted the current build would jump at a failed build; instead the rates move more after a failed build than at it (Graylog2: +0.081 vs +0.038 per failure), consistent with being computed over earlier builds only. comm_fail_rate_history (near-duplicate of the recent one) stays ignored.',
  ],
};

/** The native layout: columns named after schema features, a `failed` (or `label`) column, optional `time`. */
const native: FormatSpec = {
  format: 'native',
  level: 'deploy',
  signature: ['failed'],
  label: 'failed',
  time: 'time',
  consumes: Object.fromEntries(FEATURE_NAMES.map((n) => [n, n])),
  map(c) {
    const v = emptyFeatureVector();
    for (const name of FEATURE_NAMES) {
      const s = c[name];
      if (s === undefined || s.trim() === '') continue;
      const n = num(s);
      v[name] = n !== null ? n : s.trim();
    }
    return v;
  },
  parseTime(c) {
    const s = c.time;
    if (s === undefined || s.trim() === '') return null;
    const n = Number(s);
    if (Number.isFinite(n)) return n;
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : null;
  },
  notes: ['native: columns named after schema features.'],
};

export const FORMAT_SPECS: Record<DatasetFormat, FormatSpec> = { kamei, apachejit, travis, native };

export function detectFormat(header: string[]): DatasetFormat | null {
  const cols = new Set(header);
  for (const spec of [kamei, apachejit, travis]) {
    if (spec.signature.every((c) => cols.has(c))) return spec.format;
  }
  const schemaCols = header.filter((h) => FEATURE_NAMES.includes(h)).length;
  if (schemaCols > 0 && (cols.has('failed') || cols.has('label'))) return 'native';
  return null;
}
