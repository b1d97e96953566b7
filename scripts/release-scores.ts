// The deploy-level risk distribution the rollout simulator and policy search draw from: the shipped
// model's answers on real release ranges of real repositories, in a healthy environment.
// A commit model's validation scores are per-commit probabilities, not deploy risks, so they
// cannot stand in for it (src/collect/rollout-files.ts reads this file first).
//   node bin/run-ts.mjs scripts/release-scores.ts --repo PATH [--repo PATH …] [--tags N]
//        [--env FILE] --out models/<version>/release-scores.json
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { releaseRanges, scoreRange } from './release-risk.ts';

const { values } = parseArgs({
  options: {
    repo: { type: 'string', multiple: true },
    tags: { type: 'string', default: '10' },
    env: { type: 'string', default: 'training/healthy-env.json' },
    out: { type: 'string' },
  },
});
const repos = values.repo ?? [];
const n = Number(values.tags);
if (repos.length === 0 || !values.out || !Number.isInteger(n) || n < 1) {
  process.stderr.write(
    'usage: release-scores.ts --repo PATH [--repo PATH …] [--tags N] [--env FILE] --out FILE\n',
  );
  process.exit(2);
}

const ranges: {
  repository: string;
  range: string;
  commits: number;
  probability: number;
  level: string | null;
}[] = [];
for (const repo of repos.map((r) => resolve(r))) {
  const list = await releaseRanges(repo, n);
  for (const r of list) {
    const row = await scoreRange(repo, r, { env: resolve(values.env!) });
    process.stderr.write(
      `${basename(repo)} ${row.range}: ${row.probability === null ? row.error : `${(row.probability * 100).toFixed(1)} % ${row.level}`}\n`,
    );
    if (row.probability === null) continue;
    ranges.push({
      repository: basename(repo),
      range: row.range,
      commits: row.commits,
      probability: row.probability,
      level: row.level,
    });
  }
}
if (ranges.length < 10) {
  process.stderr.write(`only ${ranges.length} ranges scored; at least 10 are needed\n`);
  process.exit(1);
}
const out = {
  generatedBy: 'scripts/release-scores.ts',
  what: `deploy risk of the last ${n} release ranges of ${repos.length} public repositories, environment ${values.env}`,
  repositories: [...new Set(ranges.map((r) => r.repository))],
  ranges,
  values: ranges.map((r) => r.probability),
};
await writeFile(values.out, JSON.stringify(out, null, 2) + '\n');
process.stderr.write(`wrote ${values.out} (${ranges.length} ranges)\n`);
