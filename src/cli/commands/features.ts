import type { Command } from '../command.ts';
import { openGitRepo } from '../../collect/git-repo.ts';
import { parseFlags, requireFlag } from '../args.ts';
import { collectDeployFeatures } from '../../collect/deploy-features.ts';
import { readEnvFile } from '../../collect/env-file.ts';
import { FEATURE_SCHEMA_VERSION } from '../../features/schema.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

export const featuresCommand: Command = {
  name: 'features',
  summary: 'Print the feature vector of a deploy range (git, JUnit, environment)',
  help: `Usage: deployrisk features --repo PATH --base REF --head REF [--junit FILE_OR_GLOB ...]
                           [--env FILE] [--service NAME] [--db URL] --json

Computes the feature vector of deploying head over base: the Kamei metrics of each non-merge
commit in base..head and their aggregate, test results from JUnit XML, and environment state.
History metrics come from the store when the repository was mined with \`deployrisk collect\`,
and are computed on the fly otherwise (same values, slower on large histories).

Options:
  --repo PATH          git work tree (required)
  --base REF           last deployed commit (required)
  --head REF           commit to deploy (required)
  --junit PATTERN      test report (JUnit, NUnit, xUnit.net, TRX): file, directory or glob
                       (*, ?, **, [ab], {a,b}); repeatable
  --env FILE           environment state as JSON (environment, at, errorBudgetRemaining, errorRate,
                       openIncidents, trafficLevel|peakTraffic, lastDeployAt, lastDeployOutcome,
                       recentOutcomes|recentFailureRate)
  --service NAME       service name; with it, tests added/removed are compared with the previous
                       recorded run of the same service (and this run is recorded)
${dbFlagHelp(23)}
  --json               print JSON (the only output format)
  -h, --help           this help

Output: {"schemaVersion", "features": {...}, "commits": [{"sha", "metrics": {...}}], "warnings": [...]}
A malformed or refused JUnit file is a warning, not an error.
Exit codes: 0 done, 2 bad input (bad ref, no repo, bad env file), 4 internal error.
`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      junit: { type: 'string', multiple: true },
      env: { type: 'string' },
      service: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    const repoPath = requireFlag(values.repo, '--repo');
    const base = requireFlag(values.base, '--base');
    const head = requireFlag(values.head, '--head');
    const environment = values.env
      ? await readEnvFile(values.env, { maxBytes: ctx.config.DEPLOYRISK_MAX_REPORT_BYTES })
      : undefined;
    // A bad repository path must not leave a new, empty store behind: check it before opening one.
    await openGitRepo(repoPath);
    const store = await openStoreFor(ctx, values.db);
    try {
      const out = await collectDeployFeatures({
        repoPath,
        base,
        head,
        junitFiles: values.junit ?? [],
        ...(environment ? { environment } : {}),
        ...(values.service ? { service: values.service } : {}),
        store,
        maxReportBytes: ctx.config.DEPLOYRISK_MAX_REPORT_BYTES,
        now: new Date(),
      });
      for (const w of out.warnings) ctx.log.warn(w);
      ctx.io.stdout(
        JSON.stringify(
          {
            schemaVersion: FEATURE_SCHEMA_VERSION,
            features: out.features,
            commits: out.commits,
            warnings: out.warnings,
          },
          null,
          values.json ? 0 : 2,
        ) + '\n',
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
