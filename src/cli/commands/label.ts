import { mineRepository } from '../../collect/git-miner.ts';
import { labelRepository } from '../../collect/labeller.ts';
import { AppError } from '../../errors.ts';
import { numberFlag, parseFlags, regexFlag, requireFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { progressBar } from '../progress.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

const help = `Usage: deployrisk label --repo PATH [--db URL] [--issue-pattern REGEX] [--no-keywords]
                      [--max-files N] [--rescan] [--json]

Labels the repository's mined history (mining it first, incrementally) and the store's deploys:
  revert   a commit whose message reverts another ("This reverts commit <sha>." or Revert "…")
           marks the reverted commit as failure-inducing, and every scored deploy whose pinned
           base..head range shipped it as failed;
  szz      for each fix commit (fix/bug/defect/patch keywords, and/or --issue-pattern), the code
           lines it deletes or modifies are blamed at its parent (git blame -w: whitespace
           ignored). Left out: files that hold no code (docs and READMEs, lockfiles, generated
           files, binaries), submodules and paths missing at the parent; blank and comment-only
           lines, Python docstrings, and hunks that only re-indent, re-wrap or re-word
           comments; blame dated after the fix. A fix whose changed code is all cosmetic or
           documentation labels nothing. A blame that fails is a warning naming the fix and the
           path; the run goes on;
  outcome  recorded deploy outcomes (deployrisk outcome, POST /v1/deployments/{id}/outcome).
Labels are stored with their source; a second run changes nothing. Fix commits blamed before
under the same fix rule (keywords, --issue-pattern, --max-files) are not blamed again, so a
nightly run on a grown history blames only the new fixes.

Options:
  --repo PATH            git work tree (required)
${dbFlagHelp(25)}
  --issue-pattern REGEX  a message matching it is a fix too, e.g. "\\b[A-Z]+-\\d+\\b" (issue keys)
  --no-keywords          only --issue-pattern marks fixes
  --max-files N          skip fixes that change more than N code files (default 100)
  --rescan               blame every fix commit again (after a change to the blame rules)
  --json                 print {"counts": {"szz","revert","outcome"}, "labels": [{"sha","source","fixedBy"}],
                         "szz": {"fixes","blamed","skipped"}, "skipped": {"fixes": {reason: n},
                         "files": {reason: n}, "cosmeticLines"}, "removed", "warnings": […], …}

Exit codes: 0 done, 2 bad input, 4 internal error.
`;

export const labelCommand: Command = {
  name: 'label',
  summary: 'Label history and deploys: reverts, SZZ from fix commits, recorded outcomes',
  help,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      repo: { type: 'string' },
      db: { type: 'string' },
      'issue-pattern': { type: 'string' },
      'no-keywords': { type: 'boolean' },
      'max-files': { type: 'string' },
      rescan: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const repoPath = requireFlag(values.repo, '--repo');
    const issuePattern = regexFlag(values['issue-pattern'], '--issue-pattern');
    if (values['no-keywords'] && !issuePattern)
      throw new AppError('bad_input', '--no-keywords needs --issue-pattern');
    const maxFiles = numberFlag(values['max-files'], '--max-files', { min: 1, integer: true }) ?? 100;
    const store = await openStoreFor(ctx, values.db);
    const bar = progressBar(ctx.io, 'label');
    try {
      await mineRepository(store, repoPath, { onProgress: (p) => bar.update(p.done, p.total, 'collect') });
      const s = await labelRepository(store, repoPath, {
        ...(issuePattern ? { issuePattern } : {}),
        keywords: !values['no-keywords'],
        maxFiles,
        rescan: values.rescan === true,
        onProgress: (d, t) => bar.update(d, t, 'szz'),
      });
      bar.end();
      if (values.json) {
        ctx.io.stdout(
          JSON.stringify({
            counts: s.counts,
            labels: s.labels,
            added: s.added,
            szz: s.szz,
            skipped: s.szzSkipped,
            removed: s.removed,
            warnings: s.warnings,
            repo: s.repo,
            seconds: Number(s.seconds.toFixed(3)),
          }) + '\n',
        );
      } else {
        for (const w of s.warnings) ctx.io.stderr(`warning: ${w}\n`);
        const byReason = (r: Record<string, number>) =>
          Object.entries(r)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || 'none';
        ctx.io.stdout(
          `${s.repo}: szz ${s.counts.szz}, revert ${s.counts.revert}, outcome ${s.counts.outcome} labels ` +
            `(${s.added.commit + s.added.deployment} new); ${s.szz.blamed} fix commits blamed, ${s.szz.skipped} blamed before; ${s.seconds.toFixed(2)} s\n` +
            `  fixes labelling nothing: ${byReason(s.szzSkipped.fixes)}\n` +
            `  files not blamed: ${byReason(s.szzSkipped.files)}; cosmetic lines: ${s.szzSkipped.cosmeticLines}\n` +
            (s.warnings.length > 0 ? `  ${s.warnings.length} warnings (above)\n` : ''),
        );
      }
      return 0;
    } finally {
      bar.end();
      await store.close();
    }
  },
};
