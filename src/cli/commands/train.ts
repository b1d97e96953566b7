// deployrisk train: imports labelled CSVs, trains, evaluates on the most recent part, writes the
// artifact (--out) and a report (--report). Progress on stderr, --json result last on stdout.
import { resolve } from 'node:path';
import { AppError } from '../../errors.ts';
import { initBackend } from '../../model/backend.ts';
import { loadTrainConfig, parseTrainConfig } from '../../train/config.ts';
import { DATASET_FORMATS, type DatasetFormat } from '../../train/dataset.ts';
import { importCsvFile } from '../../train/import.ts';
import { FORMAT_SPECS } from '../../train/import-formats.ts';
import { runTraining } from '../../train/pipeline.ts';
import { writeReport } from '../../train/report.ts';
import { numberFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { afterTraining, defaultVersion, storeTrainingData } from '../train-store.ts';

const help = `deployrisk train — train and evaluate the failure model on labelled data

Usage: deployrisk train --data FILE.csv [--data FILE2.csv ...] [options]
       deployrisk train --from-store [--db URL] [--repo PATH] [--level auto|commit|deploy] [options]

Options:
  --data FILE      labelled CSV (repeatable). Layout detected by its columns: kamei (Kamei 2013 JIT),
                   apachejit, travis (BF-Detector / TravisTorrent CI builds), native (schema names,
                   a "failed" column and optional "time").
  --format F       force the layout: ${DATASET_FORMATS.join('|')}
  --label COL      label column (1/0 or True/False), overriding the layout's
  --time COL       time column (epoch ms or ISO-8601), overriding the layout's
  --config FILE    training config JSON (see training/*.json); flags below override it
  --seed N         random seed (default 42)
  --out DIR        write model.json + weights.bin + card.json to DIR
  --report DIR     write report.html + report.md to DIR
  --version NAME   model version recorded in the card (default m-<UTC timestamp>)
  --json           print the result as one JSON document (last on stdout)
  --from-store     train on the store's labelled rows instead of CSVs: commit level (one row per
                   mined commit, labels from SZZ/reverts; run deployrisk label first), or deploy
                   level (recorded outcomes) when there are enough (≥ 200, ≥ 20 per class)
  --level L        with --from-store: auto (default), commit or deploy
  --repo PATH      with --from-store: commits of this mined repository only
  --db URL         store for --from-store and --register (default $DEPLOYRISK_DB)
  --register       register the model in the store's registry (always with --from-store);
                   the artifact goes to --out, default ./deployrisk-models/<version>

Every written artifact's card also gets featureBins: the training distribution per feature,
which the drift check (deployrisk models health, GET /v1/models/active/health) compares to
recent requests.

Rows are sorted by time and split 60/20/20 (train/validation/test) unless the config says
otherwise; scaling, settings and calibration come from the earlier parts only. The figures are
for the test part, which the model never saw. Columns that are not mapped onto the feature schema
are listed as ignoredColumns and never used.
`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train and evaluate the failure model on labelled CSV data',
  help,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      data: { type: 'string', multiple: true },
      format: { type: 'string' },
      label: { type: 'string' },
      time: { type: 'string' },
      config: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      version: { type: 'string' },
      json: { type: 'boolean' },
      'from-store': { type: 'boolean' },
      level: { type: 'string' },
      repo: { type: 'string' },
      db: { type: 'string' },
      register: { type: 'boolean' },
    });
    const fromStore = values['from-store'] === true;
    const files = values.data ?? [];
    if (files.length === 0 && !fromStore)
      throw new AppError('bad_input', '--data FILE is required (see --help)');
    if (values.format !== undefined && !DATASET_FORMATS.includes(values.format as DatasetFormat)) {
      throw new AppError('bad_input', `--format must be one of ${DATASET_FORMATS.join(', ')}`);
    }
    const base = values.config ? await loadTrainConfig(values.config) : parseTrainConfig({});
    const seed = numberFlag(values.seed, '--seed', { min: 0, integer: true });
    const config = seed === undefined ? base : { ...base, seed };

    const datasets = fromStore ? await storeTrainingData(ctx, values) : [];
    for (const f of files) {
      const ds = await importCsvFile(f, {
        ...(values.format ? { format: values.format as DatasetFormat } : {}),
        ...(values.label ? { label: values.label } : {}),
        ...(values.time ? { time: values.time } : {}),
      });
      ctx.log.info(
        `${f}: ${ds.format} layout, ${ds.rows.length} rows, ignored columns: ${ds.ignoredColumns.join(', ') || 'none'}`,
      );
      // What this file's import had to do beyond the layout's fixed conversions (skipped rows,
      // unreadable cells): worth a look before trusting the figures.
      const layoutNotes = new Set(FORMAT_SPECS[ds.format].notes);
      for (const note of ds.notes) if (!layoutNotes.has(note)) ctx.log.warn(`${f}: ${note}`);
      datasets.push(ds);
    }
    const backend = await initBackend(ctx.log);
    const register = fromStore || values.register === true;
    const version = values.version ?? defaultVersion();
    const out = values.out
      ? resolve(values.out)
      : register
        ? resolve('deployrisk-models', version)
        : undefined;
    const { result, report } = await runTraining({
      datasets,
      config,
      backend,
      log: ctx.log,
      ...(out ? { out } : {}),
      version,
    });
    if (values.report) await writeReport(report, resolve(values.report));
    const registered = result.out
      ? await afterTraining(ctx, { dir: result.out, datasets, config, register, db: values.db })
      : null;
    if (values.json) ctx.io.stdout(JSON.stringify({ ...result, registered }) + '\n');
    else {
      const t = result.test;
      ctx.io.stdout(
        [
          `backend ${result.backend}; rows train ${result.rows.train} / valid ${result.rows.valid} / test ${result.rows.test}`,
          `test AUC ${t.auc}  PR-AUC ${t.prAuc}  Brier ${t.brier}  ECE ${t.ece}  F1 ${t.f1} @ ${t.threshold}`,
          `baselines: logistic AUC ${result.baselines.logistic.auc}, lines added AUC ${result.baselines.linesAdded.auc}`,
          `failure rate train ${result.drift.failureRate.train} / valid ${result.drift.failureRate.valid} / test ${result.drift.failureRate.test}`,
          `ignored columns: ${result.ignoredColumns.join(', ') || 'none'}`,
          `${result.seconds} s${result.out ? `; model written to ${result.out}` : ''}`,
        ].join('\n') + '\n',
      );
    }
    return EXIT.ok;
  },
};
