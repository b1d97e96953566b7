import { resolve, join } from 'node:path';
import { mineRepository } from '../../collect/git-miner.ts';
import { labelRepository } from '../../collect/labeller.ts';
import { initBackend } from '../../model/backend.ts';
import { loadTrainConfig, parseTrainConfig } from '../../train/config.ts';
import { runTraining } from '../../train/pipeline.ts';
import { writeReport } from '../../train/report.ts';
import { numberFlag, parseFlags, regexFlag, requireFlag } from '../args.ts';
import { openGitRepo } from '../../collect/git-repo.ts';
import type { Command } from '../command.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';
import { afterTraining, defaultVersion, storeDatasets } from '../train-store.ts';
import { baselineWarnings } from '../../service/model-activation.ts';

const help = `Usage: deployrisk learn --repo PATH [--db URL] [--out DIR] [--report DIR] [--seed N] [--config FILE] [--json]

History to model in one command: collect (mine the repository, incrementally) → label (reverts,
SZZ from fix commits, recorded outcomes) → train on the store's rows (train --from-store: commit
level unless there are enough deploy outcomes) → report, and register the model (not activated;
use deployrisk models compare / activate). Prints the held-out AUC of the latest time window:
rows are ordered by time, the newest 20 % are never seen in training.

When the model does not beat the logistic baseline fitted in the same run on that window (a tie
included), or its AUC is below 0.55, learn says so loudly (WARNING lines on stderr, "warnings"
in --json). The model is still registered, for the record, and models activate refuses it
without --force when it lost or is below 0.55. The baseline is not registered instead: it is a
yardstick fitted on the training part only and never saved as a model, and picking between the
two on the held-out rows would make those rows a selection set (their figure would no longer be
held out). The model already weighs its own logistic path against the network on the
validation part (blend alpha 0 = logistic alone).

Options:
  --repo PATH       git work tree (required)
${dbFlagHelp(20)}
  --out DIR         artifact directory (default ./deployrisk-models/<version>)
  --report DIR      report.html + report.md (default <out>/report)
  --issue-pattern R a message matching R is a fix too (issue keys)
  --config FILE     training config JSON; --seed N overrides its seed
  --json            {"repo","commits","labels","rows","test","baselines","model","report","warnings"}
`;

export const learnCommand: Command = {
  name: 'learn',
  summary: 'History to model in one command: collect → label → train → report on a local repository',
  help,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      repo: { type: 'string' },
      db: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      'issue-pattern': { type: 'string' },
      config: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    });
    const repoPath = requireFlag(values.repo, '--repo');
    const base = values.config ? await loadTrainConfig(values.config) : parseTrainConfig({});
    const seed = numberFlag(values.seed, '--seed', { min: 0, integer: true });
    const config = seed === undefined ? base : { ...base, seed };
    const issuePattern = regexFlag(values['issue-pattern'], '--issue-pattern');
    await openGitRepo(repoPath); // a wrong --repo is exit 2 before the store is created

    const store = await openStoreFor(ctx, values.db);
    let mined, labelled, data;
    try {
      mined = await mineRepository(store, repoPath);
      ctx.log.info(`collect: ${mined.commits} commits (${mined.added} new, ${mined.seconds.toFixed(1)} s)`);
      labelled = await labelRepository(store, repoPath, issuePattern ? { issuePattern } : {});
      ctx.log.info(
        `label: szz ${labelled.counts.szz}, revert ${labelled.counts.revert}, outcome ${labelled.counts.outcome} (${labelled.seconds.toFixed(1)} s)`,
      );
      for (const w of labelled.warnings) ctx.log.warn(w);
      data = await storeDatasets(store, 'auto', { repos: [mined.repo] });
      ctx.log.info(`train: ${data.level} level (${data.why})`);
    } finally {
      await store.close();
    }
    const version = defaultVersion();
    const out = values.out ? resolve(values.out) : resolve('deployrisk-models', version);
    const reportDir = values.report ? resolve(values.report) : join(out, 'report');
    const backend = await initBackend(ctx.log);
    const { result, report } = await runTraining({
      datasets: data.datasets,
      config,
      backend,
      log: ctx.log,
      out,
      version,
    });
    await writeReport(report, reportDir);
    const registered = await afterTraining(ctx, {
      dir: out,
      datasets: data.datasets,
      config,
      register: true,
      db: values.db,
    });
    const labelsOut = { counts: labelled.counts, fixCommits: labelled.fixCommits };
    const warnings = baselineWarnings(registered?.version ?? version, {
      metrics: { test: result.test, baselines: result.baselines },
    });
    for (const w of warnings) ctx.io.stderr(`WARNING: ${w}\n`);
    const view = {
      repo: mined.repo,
      commits: mined.commits,
      labels: labelsOut,
      level: data.level,
      rows: result.rows,
      failureRate: result.drift.failureRate,
      test: {
        auc: result.test.auc,
        prAuc: result.test.prAuc,
        brier: result.test.brier,
        ece: result.test.ece,
      },
      baselines: result.baselines,
      model: registered,
      report: reportDir,
      warnings,
    };
    if (values.json) ctx.io.stdout(JSON.stringify(view) + '\n');
    else {
      ctx.io.stdout(
        [
          `${mined.repo}: ${mined.commits} commits; labels szz ${labelled.counts.szz}, revert ${labelled.counts.revert}, outcome ${labelled.counts.outcome}`,
          `${data.level} level, rows train ${result.rows.train} / valid ${result.rows.valid} / test ${result.rows.test}; failure rate ${result.drift.failureRate.train} / ${result.drift.failureRate.valid} / ${result.drift.failureRate.test}`,
          `held-out AUC (latest ${result.rows.test} rows) ${result.test.auc ?? 'n/a (one class only)'}; logistic ${result.baselines.logistic.auc ?? 'n/a'}, lines added ${result.baselines.linesAdded.auc ?? 'n/a'}`,
          `model ${registered?.version} registered (${out}); report ${reportDir}`,
          warnings.length > 0
            ? `WARNING: its held-out figures do not vouch for it (see the WARNING lines on stderr); think twice before activating it`
            : `it beats its logistic baseline: deployrisk models activate ${registered?.version}`,
        ].join('\n') + '\n',
      );
    }
    return 0;
  },
};
