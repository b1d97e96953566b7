// npm run bench:collect [-- --repo PATH] [-- --commits N]
// One run, one machine: full `collect` vs the raw `git log` it is built on, and the p50 latency of
// `features` for 50-commit ranges on the mined repository. Ratios, not absolute promises.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mineRepository } from '../src/collect/git-miner.ts';
import { collectDeployFeatures } from '../src/collect/deploy-features.ts';
import { gitLogArgs } from '../src/collect/git-log-parser.ts';
import { openStore } from '../src/store/db.ts';

const { values } = parseArgs({
  options: { repo: { type: 'string' }, commits: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' } },
});
const nCommits = Number(values.commits);
const runs = Number(values.runs);

// Seeded so every run builds the same repository.
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic but git-real history, written with git fast-import (seconds, not minutes). */
function buildRepo(dir: string, n: number): void {
  const rnd = mulberry32(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const dirs = ['src/api', 'src/core', 'src/ui', 'lib/util', 'test/unit', 'docs', 'deploy/k8s', 'migrations'];
  const exts: Record<string, string> = { 'test/unit': '.test.ts', docs: '.md', 'deploy/k8s': '.yaml', migrations: '.sql' };
  const authors = Array.from({ length: 25 }, (_, i) => `Dev ${i} <dev${i}@example.com>`);
  const files = new Map<string, string[]>();
  const chunks: string[] = [];
  let t = Date.UTC(2019, 0, 1) / 1000;
  let serial = 0;
  const newPath = () => {
    const d = pick(dirs);
    return `${d}/file${serial++}${exts[d] ?? '.ts'}`;
  };
  for (let i = 1; i <= n; i++) {
    t += Math.floor(rnd() * 20_000) + 60;
    const author = authors[Math.min(authors.length - 1, Math.floor(-Math.log(1 - rnd()) * 5))]!;
    const ops: string[] = [];
    const touches = 1 + Math.floor(-Math.log(1 - rnd()) * 2.5);
    const touched = new Set<string>();
    for (let k = 0; k < touches; k++) {
      const r = rnd();
      const existing = [...files.keys()];
      if (existing.length < 30 || r < 0.15) {
        const p = newPath();
        const lines = Array.from({ length: 10 + Math.floor(rnd() * 60) }, (_, j) => `line ${j} of ${p} ${rnd().toString(36).slice(2, 8)}`);
        files.set(p, lines);
        touched.add(p);
        ops.push(`M 100644 inline ${p}\ndata <<EOF\n${lines.join('\n')}\nEOF`);
      } else if (r < 0.18 && existing.length > 60) {
        const p = pick(existing);
        if (touched.has(p)) continue;
        files.delete(p);
        touched.add(p);
        ops.push(`D ${p}`);
      } else if (r < 0.2) {
        const p = pick(existing);
        if (touched.has(p)) continue;
        const q = newPath();
        files.set(q, files.get(p)!);
        files.delete(p);
        touched.add(p).add(q);
        ops.push(`R ${p} ${q}`);
      } else {
        const p = pick(existing);
        if (touched.has(p)) continue;
        const lines = files.get(p)!;
        const edits = 1 + Math.floor(rnd() * 12);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rnd() * (lines.length + 1));
          if (rnd() < 0.6) lines.splice(at, 0, `added ${i}.${e} ${rnd().toString(36).slice(2, 10)}`);
          else if (lines.length > 5) lines.splice(at, 1);
        }
        touched.add(p);
        ops.push(`M 100644 inline ${p}\ndata <<EOF\n${lines.join('\n')}\nEOF`);
      }
    }
    const msg = rnd() < 0.25 ? `Fix bug #${i}` : `Change ${i}`;
    chunks.push(
      `commit refs/heads/main\nmark :${i}\nauthor ${author} ${t} +0000\ncommitter ${author} ${t} +0000\ndata <<EOF\n${msg}\nEOF\n${i > 1 ? `from :${i - 1}\n` : ''}${ops.join('\n')}\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('\n'), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (s: number) => `${s.toFixed(1)} ms`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'deployrisk-bench-'));
  try {
    let repo = values.repo;
    if (!repo) {
      // The generated repository is deterministic, so it is cached between runs.
      repo = join(tmpdir(), `deployrisk-bench-repo-${nCommits}-v1`);
      if (!existsSync(join(repo, '.git'))) {
        const t0 = performance.now();
        buildRepo(`${repo}.partial`, nCommits);
        renameSync(`${repo}.partial`, repo);
        console.log(`built ${nCommits}-commit repository with git fast-import in ${ms(performance.now() - t0)}`);
      }
    } else if (!existsSync(repo)) {
      throw new Error(`--repo ${repo} does not exist`);
    }
    const count = Number(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim());
    console.log(`repository: ${repo} (${count} commits)`);

    const gitTimes: number[] = [];
    const plainTimes: number[] = [];
    const collectTimes: number[] = [];
    let dbFile = '';
    for (let r = 0; r < runs; r++) {
      let t0 = performance.now();
      execFileSync('git', gitLogArgs(['HEAD']), { cwd: repo, maxBuffer: 1 << 30 });
      gitTimes.push(performance.now() - t0);
      t0 = performance.now();
      execFileSync('git', ['log', '--numstat', 'HEAD'], { cwd: repo, maxBuffer: 1 << 30 });
      plainTimes.push(performance.now() - t0);
      dbFile = join(work, `store-${r}.db`);
      const store = await openStore(dbFile);
      t0 = performance.now();
      const s = await mineRepository(store, repo);
      collectTimes.push(performance.now() - t0);
      if (s.added !== count) throw new Error(`collect stored ${s.added} commits, expected ${count}`);
      await store.close();
    }
    const git = median(gitTimes);
    const collect = median(collectTimes);
    console.log(`\nfull collect vs raw git log (median of ${runs} runs each, same run)`);
    console.log(`  raw git log --raw --numstat -M (the command collect runs): ${ms(git)}`);
    console.log(`  raw git log --numstat (plain, for reference):              ${ms(median(plainTimes))}`);
    console.log(`  deployrisk collect (log + parse + metrics + SQLite write):  ${ms(collect)}`);
    console.log(`  ratio collect / git log: ${(collect / git).toFixed(2)}  (goal ≤ 2.0)`);

    // features for 50-commit ranges on the mined store
    const store = await openStore(dbFile);
    const shas = execFileSync('git', ['rev-list', '--first-parent', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim().split('\n');
    const samples: number[] = [];
    const rnd = mulberry32(7);
    for (let i = 0; i < 30; i++) {
      const k = Math.floor(rnd() * Math.max(1, shas.length - 60));
      const head = shas[k]!;
      const base = shas[k + 50]!;
      const t0 = performance.now();
      const out = await collectDeployFeatures({ repoPath: repo, base, head, store, maxReportBytes: 1 << 20, now: new Date() });
      samples.push(performance.now() - t0);
      if (out.history !== 'store' || out.commits.length !== 50) throw new Error(`unexpected features result: ${out.history}, ${out.commits.length} commits`);
    }
    await store.close();
    console.log(`\nfeatures for a 50-commit range on the mined repository (${samples.length} ranges)`);
    console.log(`  p50 ${ms(median(samples))}, max ${ms(Math.max(...samples))}  (goal p50 ≤ 100 ms)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
