import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openGitRepo } from '../../collect/git-repo.ts';
import { AppError } from '../../errors.ts';
import { commitRows, deployRows, type StoreRow, type StoreRowQuery } from '../../train/from-store.ts';
import { toNativeCsv } from '../../train/native-csv.ts';
import { dateFlag, parseFlags, requireFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

const help = `Usage: deployrisk dataset export --out FILE.csv [--from DATE --to DATE] [--service S] [--repo PATH] [--level L] [--db URL] [--json]

Writes the store's labelled rows in the native layout that \`deployrisk train --data\` reads back:
one column per feature of the schema (empty = unknown), failed (0/1), time (ISO-8601 UTC), and
labelSource / level / id / service (provenance; the trainer lists them as ignored columns).

  commit rows  every mined non-merge commit: the change features of that commit alone; failed = 1
               when SZZ or a revert labelled it (run deployrisk label first); labelSource szz,
               revert, szz+revert or none
  deploy rows  every scored deploy with a recorded outcome (or a revert label); labelSource
               outcome, revert or outcome+revert

Options:
  --out FILE      CSV to write (required)
  --from DATE     keep rows at or after DATE (ISO-8601)
  --to DATE       keep rows before DATE
  --service S     deploy rows of this service only
  --repo PATH     commit rows of this mined repository only (default: every mined repository)
  --level L       commit | deploy | all (default all)
${dbFlagHelp()}
  --json          print {"out", "rows", "failed", "bySource", "levels"}
`;

export async function exportRows(
  ctx: Parameters<Command['run']>[1],
  opts: { db?: string | undefined; repo?: string | undefined; level: string; query: StoreRowQuery },
): Promise<StoreRow[]> {
  const q: StoreRowQuery = { ...opts.query };
  if (opts.repo !== undefined) q.repos = [(await openGitRepo(opts.repo)).root];
  const store = await openStoreFor(ctx, opts.db);
  try {
    const rows: StoreRow[] = [];
    if (opts.level !== 'deploy') rows.push(...(await commitRows(store, q)));
    if (opts.level !== 'commit') rows.push(...(await deployRows(store, q)));
    return rows.sort((a, b) => a.time - b.time);
  } finally {
    await store.close();
  }
}

export const datasetCommand: Command = {
  name: 'dataset',
  summary: "Export the store's labelled rows (commits, deploys) as a CSV that train --data reads",
  help,
  async run(argv, ctx) {
    const { values, positionals } = parseFlags(
      argv,
      {
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        service: { type: 'string' },
        repo: { type: 'string' },
        level: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals[0] !== 'export' || positionals.length !== 1)
      throw new AppError('bad_input', 'usage: deployrisk dataset export --out FILE.csv (see --help)');
    const out = resolve(requireFlag(values.out, '--out'));
    const level = values.level ?? 'all';
    if (!['commit', 'deploy', 'all'].includes(level))
      throw new AppError('bad_input', '--level must be commit, deploy or all');
    const from = dateFlag(values.from, '--from');
    const to = dateFlag(values.to, '--to');
    const rows = await exportRows(ctx, {
      db: values.db,
      repo: values.repo,
      level,
      query: {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(values.service !== undefined ? { service: values.service } : {}),
      },
    });
    await writeFile(out, toNativeCsv(rows));
    const bySource: Record<string, number> = {};
    for (const r of rows) bySource[r.labelSource] = (bySource[r.labelSource] ?? 0) + 1;
    const summary = {
      out,
      rows: rows.length,
      failed: rows.filter((r) => r.label === 1).length,
      bySource,
      levels: {
        commit: rows.filter((r) => r.level === 'commit').length,
        deploy: rows.filter((r) => r.level === 'deploy').length,
      },
    };
    ctx.io.stdout(
      values.json
        ? JSON.stringify(summary) + '\n'
        : `${out}: ${summary.rows} rows (${summary.failed} failed; ${summary.levels.commit} commits, ${summary.levels.deploy} deploys)\n`,
    );
    return 0;
  },
};
