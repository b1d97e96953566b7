import type { Command } from '../command.ts';
import { openGitRepo } from '../../collect/git-repo.ts';
import { parseFlags, requireFlag } from '../args.ts';
import { mineRepository } from '../../collect/git-miner.ts';
import { progressBar } from '../progress.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

export const collectCommand: Command = {
  name: 'collect',
  summary: "Mine a repository's history (HEAD) into the store, incrementally",
  help: `Usage: deployrisk collect --repo PATH [--db URL] [--json]

Reads the history of HEAD once with git log and stores every commit with its files and its
Kamei just-in-time metrics (a commit's history metrics count its ancestors only). A second run
on an unchanged repository does only a rev check; new commits are added incrementally; a
rewritten history is mined again. A shallow clone is refused: fetch full history first
(\`fetch-depth: 0\` in GitHub Actions, \`GIT_DEPTH: 0\` in GitLab CI).

Options:
  --repo PATH     the git work tree to mine (required)
${dbFlagHelp()}
  --json          print {"commits", "added", "seconds", "head", "mode"} on stdout
  -h, --help      this help

Exit codes: 0 done, 2 bad input (no such repo, not a git work tree, a shallow clone), 4 internal error.
`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      repo: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    const repo = requireFlag(values.repo, '--repo');
    // A bad repository path must not leave a new, empty store behind: check it before opening one.
    await openGitRepo(repo);
    const store = await openStoreFor(ctx, values.db);
    const bar = progressBar(ctx.io, 'collect');
    const waits = new Set<string>();
    try {
      const s = await mineRepository(store, repo, {
        onProgress: (p) => bar.update(p.done, p.total, p.phase),
        // Said once each: a runner may retry many times while another holds the store.
        onWait: (why) => {
          if (!waits.has(why)) ctx.log.info(why);
          waits.add(why);
        },
      });
      bar.end();
      if (values.json) {
        ctx.io.stdout(
          JSON.stringify({
            commits: s.commits,
            added: s.added,
            seconds: Number(s.seconds.toFixed(3)),
            head: s.head,
            mode: s.mode,
          }) + '\n',
        );
      } else {
        ctx.io.stdout(
          `${s.repo}: ${s.added} commits added (${s.mode}), ${s.commits} stored, HEAD ${s.head.slice(0, 12)}, ${s.seconds.toFixed(2)} s\n`,
        );
      }
      return 0;
    } finally {
      bar.end();
      await store.close();
    }
  },
};
