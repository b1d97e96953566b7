// The answer a user gets on real releases: for the last N release ranges of a repository (previous
// release tag..release tag, by tag date), runs the CLI exactly as a user would
//   node bin/deployrisk.mjs score --repo PATH --base A --head B --format json --observe [--junit F] [--env F]
// and prints one row per range: commits, probability, level, decision, top 3 factors, warnings.
// Only the CLI's JSON answer is read (risk.probability, risk.level, rollout.decision,
// factors[].message, warnings), each defensively: the model and scorer behind it may change.
//   node bin/run-ts.mjs scripts/release-risk.ts --repo PATH [--tags N] [--all-tags] [--junit FILE]
//                                              [--env FILE] [--json]
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = resolve(ROOT, 'bin/deployrisk.mjs');
const MAX_BUFFER = 1 << 26;

export interface ReleaseTag {
  name: string;
  sha: string;
  /** Tag date (tagger date of an annotated tag, else the commit's), epoch seconds. */
  date: number;
}

export interface ReleaseRange {
  base: ReleaseTag;
  head: ReleaseTag;
}

export interface RangeRow {
  range: string;
  base: string;
  head: string;
  commits: number;
  probability: number | null;
  level: string | null;
  decision: string | null;
  factors: string[];
  warnings: string[];
  /** Set when the CLI did not answer with JSON (its exit code and first stderr line). */
  error?: string;
}

// rc, beta, alpha, pre, dev, preview, snapshot, canary, nightly, next; and PEP 440's 1.0a1 / 2.0b3.
const PRE_RE = /(^|[\d.\-_+])(rc|beta|alpha|pre|preview|dev|snapshot|canary|nightly|next)/i;
const PEP440_PRE_RE = /\d(a|b|c)\d+$/i;

/** A pre-release tag (skipped unless --all-tags). */
export function isPreRelease(tag: string): boolean {
  return PRE_RE.test(tag) || PEP440_PRE_RE.test(tag);
}

async function git(repo: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', repo, ...args], { maxBuffer: MAX_BUFFER });
  return stdout;
}

/** Tags that name a commit and look like a version (a digit in the name), oldest first. */
export async function releaseTags(repo: string, allTags = false): Promise<ReleaseTag[]> {
  const out = await git(repo, [
    'for-each-ref',
    '--sort=creatordate',
    '--format=%(refname:strip=2)%09%(creatordate:unix)%09%(objectname)%09%(*objectname)%09%(objecttype)%09%(*objecttype)',
    'refs/tags',
  ]);
  const tags: ReleaseTag[] = [];
  for (const line of out.split('\n')) {
    const [name, date, obj, peeled, type, peeledType] = line.split('\t');
    // A version has a digit; "2.3.x" names a maintenance line, not a release.
    if (!name || name.startsWith('-') || !/\d/.test(name) || /\.x$/i.test(name)) continue;
    const isCommit = type === 'commit' || (type === 'tag' && peeledType === 'commit');
    if (!isCommit) continue;
    if (!allTags && isPreRelease(name)) continue;
    tags.push({ name, sha: type === 'tag' ? peeled! : obj!, date: Number(date) });
  }
  return tags;
}

async function isAncestor(repo: string, a: string, b: string): Promise<boolean> {
  try {
    await run('git', ['-C', repo, 'merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}

async function countRange(repo: string, base: string, head: string): Promise<number> {
  return Number((await git(repo, ['rev-list', '--count', `${base}..${head}`])).trim());
}

/** Earlier tags looked at for a release's base (the newest by date first). */
const BASE_CANDIDATES = 12;

/**
 * The last `n` release ranges. A release's base is the closest earlier release among its
 * ancestors (fewest commits between): on a maintenance branch, the previous release of that
 * branch; after a maintenance line was merged back, still the previous release of this line.
 */
export async function releaseRanges(repo: string, n: number, allTags = false): Promise<ReleaseRange[]> {
  const tags = await releaseTags(repo, allTags);
  const out: ReleaseRange[] = [];
  const seen = new Set<string>(); // "4.22.2" and "v4.22.2" on one commit are one release
  for (let i = tags.length - 1; i > 0 && out.length < n; i--) {
    const head = tags[i]!;
    if (seen.has(head.sha)) continue;
    seen.add(head.sha);
    let best: { base: ReleaseTag; commits: number } | null = null;
    const tried = new Set<string>([head.sha]);
    for (let j = i - 1; j >= 0 && tried.size <= BASE_CANDIDATES; j--) {
      const base = tags[j]!;
      if (tried.has(base.sha)) continue; // two names for one commit, or the release itself
      tried.add(base.sha);
      if (!(await isAncestor(repo, base.sha, head.sha))) continue;
      const commits = await countRange(repo, base.sha, head.sha);
      if (best === null || commits < best.commits) best = { base, commits };
    }
    if (best) out.push({ base: best.base, head });
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What the rows need from `score --format json`, read without assuming more than these keys. */
export function readAnswer(
  json: unknown,
): Pick<RangeRow, 'probability' | 'level' | 'decision' | 'factors' | 'warnings'> {
  const a = isObj(json) ? json : {};
  const risk = isObj(a.risk) ? a.risk : {};
  const rollout = isObj(a.rollout) ? a.rollout : {};
  const factors = Array.isArray(a.factors) ? a.factors : [];
  const warnings = Array.isArray(a.warnings) ? a.warnings : [];
  return {
    probability: typeof risk.probability === 'number' ? risk.probability : null,
    level: str(risk.level),
    decision: str(rollout.decision),
    factors: factors
      .map((f) => (isObj(f) ? (str(f.message) ?? str(f.feature)) : str(f)))
      .filter((m): m is string => m !== null)
      .slice(0, 3),
    warnings: warnings
      .map((w) => (isObj(w) ? (str(w.message) ?? JSON.stringify(w)) : String(w)))
      .filter((m) => m.length > 0),
  };
}

export interface ScoreOptions {
  junit?: string;
  env?: string;
}

export async function scoreRange(repo: string, r: ReleaseRange, opts: ScoreOptions = {}): Promise<RangeRow> {
  const commits = await countRange(repo, r.base.sha, r.head.sha);
  const args = [CLI, 'score', '--repo', repo, '--base', r.base.name, '--head', r.head.name];
  args.push('--format', 'json', '--observe');
  if (opts.junit) args.push('--junit', opts.junit);
  if (opts.env) args.push('--env', opts.env);
  const row = {
    range: `${r.base.name}..${r.head.name}`,
    base: r.base.name,
    head: r.head.name,
    commits,
  };
  let stdout = '';
  let stderr = '';
  let code = 0;
  try {
    ({ stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: MAX_BUFFER }));
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    stdout = err.stdout ?? '';
    stderr = err.stderr ?? '';
    code = typeof err.code === 'number' ? err.code : -1;
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const first = stderr.split('\n').find((l) => l.trim().length > 0) ?? '';
    return {
      ...row,
      probability: null,
      level: null,
      decision: null,
      factors: [],
      warnings: [],
      error: `exit ${code}: ${first.slice(0, 300)}`,
    };
  }
  const answer = readAnswer(json);
  // Until the answer carries its warnings, the CLI's logged warnings stand in for them.
  if (!(isObj(json) && Array.isArray(json.warnings))) {
    for (const l of stderr.split('\n')) {
      const m = /^\[deployrisk\] warn (.*)$/.exec(l);
      if (m) answer.warnings.push(`(stderr) ${m[1]}`);
    }
  }
  return { ...row, ...answer };
}

function table(rows: RangeRow[]): string {
  const cols = ['range', 'commits', 'probability', 'level', 'decision'] as const;
  const cells = rows.map((r) => [
    r.range,
    String(r.commits),
    r.probability === null ? '-' : `${(r.probability * 100).toFixed(1)} %`,
    r.level ?? '-',
    r.decision ?? '-',
  ]);
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: readonly string[]) =>
    vals
      .map((v, i) => v.padEnd(width[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(cols), line(width.map((w) => '-'.repeat(w)))];
  rows.forEach((r, i) => {
    out.push(line(cells[i]!));
    if (r.error) out.push(`    error: ${r.error}`);
    r.factors.forEach((f, k) => out.push(`    ${k + 1}. ${f}`));
    for (const w of r.warnings) out.push(`    warning: ${w}`);
  });
  return out.join('\n') + '\n';
}

function usage(msg: string): never {
  process.stderr.write(
    `release-risk: ${msg}\nusage: release-risk.ts --repo PATH [--tags N] [--all-tags] [--junit FILE] [--env FILE] [--json]\n`,
  );
  process.exit(2);
}

function existingFile(path: string | undefined, flag: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    if (statSync(path).isFile()) return resolve(path);
  } catch {
    // reported below
  }
  usage(`${flag} ${path}: no such file`);
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        repo: { type: 'string' },
        tags: { type: 'string', default: '10' },
        'all-tags': { type: 'boolean' },
        junit: { type: 'string' },
        env: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  if (!values.repo) usage('--repo is required');
  const repo = resolve(values.repo);
  try {
    if (!statSync(repo).isDirectory()) throw new Error();
    await git(repo, ['rev-parse', '--git-dir']);
  } catch {
    usage(`--repo ${values.repo}: not a git repository`);
  }
  const n = Number(values.tags);
  if (!Number.isInteger(n) || n < 1) usage(`--tags ${values.tags}: a whole number ≥ 1`);
  const opts: ScoreOptions = {};
  const junit = existingFile(values.junit, '--junit');
  const env = existingFile(values.env, '--env');
  if (junit) opts.junit = junit;
  if (env) opts.env = env;

  const ranges = await releaseRanges(repo, n, values['all-tags'] === true);
  if (ranges.length === 0)
    usage(`no release ranges in ${repo} (no two release tags where one is the other's ancestor)`);
  const rows: RangeRow[] = [];
  for (const r of ranges) {
    rows.push(await scoreRange(repo, r, opts));
    if (!values.json)
      process.stderr.write(`scored ${rows.length}/${ranges.length}: ${r.base.name}..${r.head.name}\n`);
  }
  process.stdout.write(values.json ? JSON.stringify(rows, null, 2) + '\n' : table(rows));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
