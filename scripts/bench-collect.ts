// npm run bench:collect [-- --repo PATH] [-- --commits N]
// One run, one machine: full `collect` vs the raw `git log` it is built on, and the p50 latency of
// `features` for 50-commit ranges on the mined repository. Ratios, not absolute promises.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mineRepository } from '../src/collect/git-miner.ts';
import { collectDeployFeatures } from '../src/collect/deploy-features.ts';
import { gitLogArgs } from '../src/collect/git-log-parser.ts';
import { openStore } from '../src/store/db.ts';
import { buildRepo, cachedBenchRepo, mulberry32 } from './bench-repo.ts';

// The generator lives in bench-repo.ts (importable without running this benchmark).
export { buildRepo, mulberry32 };

const { values } = parseArgs({
  options: { repo: { type: 'string' }, commits: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' } },
});
const nCommits = Number(values.commits);
const runs = Number(values.runs);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (s: number) => `${s.toFixed(1)} ms`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'deployrisk-bench-'));
  try {
    let repo = values.repo;
    if (!repo) {
      // The generated repository is deterministic, so it is cached between runs.
      repo = cachedBenchRepo(nCommits);
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
