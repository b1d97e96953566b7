// deployrisk evaluate: scores a labelled file with an existing model (no training) and reports how
// well it ranks and how well it is calibrated on that file.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';
import { loadScorer } from '../../model/scorer.ts';
import { resolveModelRef, type ModelSource } from '../../service/model-ref.ts';
import type { Store } from '../../store/db.ts';
import { DATASET_FORMATS, type DatasetFormat } from '../../train/dataset.ts';
import { round } from '../../train/evaluate.ts';
import { FORMAT_SPECS } from '../../train/import-formats.ts';
import { importCsvFile } from '../../train/import.ts';
import { brier, captureAt, ece, prAuc, rocAuc } from '../../train/metrics.ts';
import { parseFlags, requireFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

const help = `Usage: deployrisk evaluate --model VERSION|DIR --data FILE.csv [--format F] [--db URL] [--json]

Scores every labelled row of FILE.csv with an existing model, without training, and reports
ROC-AUC, PR-AUC, ECE (10 bins), Brier and the share of failures captured when gating the
riskiest 5 %, 10 % and 50 % of rows, beside the rows, the failure rate, the model version and
the file's sha256.

Options:
  --model REF       a registered version, the shipped default's version (models/DEFAULT), or an
                    artifact directory (model.json + weights.bin + card.json)
  --data FILE       labelled CSV, read as train --data reads it: kamei, apachejit, travis or
                    native layout, detected by its columns
  --format F        force the layout: ${DATASET_FORMATS.join('|')}
${dbFlagHelp(20)}
                    (opened only when REF is neither the shipped default nor a directory)
  --json            one JSON document on stdout

Exit 2 for a missing file, an unknown model or layout, and for a file with one class only (AUC
is undefined then; what can be computed is still printed).
`;

export interface Evaluation {
  model: { version: string; source: ModelSource; dir: string; level: string | null };
  data: {
    file: string;
    sha256: string | null;
    format: DatasetFormat;
    level: string;
    rows: number;
    failed: number;
    failureRate: number;
    ignoredColumns: string[];
  };
  metrics: {
    auc: number | null;
    prAuc: number | null;
    ece: number;
    brier: number;
    meanProbability: number;
    capture: { '5': number | null; '10': number | null; '50': number | null };
  };
  warnings: string[];
}

async function cardLevel(dir: string): Promise<string | null> {
  try {
    const card = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8')) as { level?: unknown };
    return typeof card.level === 'string' ? card.level : null;
  } catch {
    return null;
  }
}

function text(e: Evaluation): string {
  const c = e.metrics.capture;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${round(x * 100, 1)} %`);
  return [
    `model ${e.model.version} (${e.model.source}: ${e.model.dir}; ${e.model.level ?? '?'} level)`,
    `data ${e.data.file} (${e.data.format} layout, ${e.data.level} level, sha256 ${e.data.sha256})`,
    `rows ${e.data.rows}, failed ${e.data.failed} (failure rate ${e.data.failureRate}); mean predicted ${e.metrics.meanProbability}`,
    `ROC-AUC ${e.metrics.auc ?? 'n/a (one class only)'}  PR-AUC ${e.metrics.prAuc ?? 'n/a'}  ECE ${e.metrics.ece}  Brier ${e.metrics.brier}`,
    `failures captured gating the riskiest 5 % ${pct(c['5'])}, 10 % ${pct(c['10'])}, 50 % ${pct(c['50'])}`,
    ...e.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Score a labelled CSV with an existing model: AUC, PR-AUC, ECE, Brier, failures captured',
  help,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      format: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    const ref = requireFlag(values.model, '--model');
    const file = requireFlag(values.data, '--data');
    if (values.format !== undefined && !DATASET_FORMATS.includes(values.format as DatasetFormat))
      throw new AppError('bad_input', `--format must be one of ${DATASET_FORMATS.join(', ')}`);
    const ds = await importCsvFile(file, values.format ? { format: values.format as DatasetFormat } : {});

    // The shipped default and directories need no store; a registry version does.
    let resolved: Awaited<ReturnType<typeof resolveModelRef>>;
    let store: Store | null = null;
    try {
      resolved = values.db
        ? await resolveModelRef((store = await openStoreFor(ctx, values.db)), ref)
        : await resolveModelRef(null, ref);
    } catch (e) {
      if (values.db || !(e instanceof AppError) || e.code !== 'not_found') throw e;
      // A typo must not create ./deployrisk.db: look in the default store only if it exists.
      const url = ctx.config.DEPLOYRISK_DB;
      if (!/^postgres(ql)?:/.test(url) && !existsSync(url.replace(/^sqlite:/, ''))) throw e;
      store = await openStoreFor(ctx, undefined);
      resolved = await resolveModelRef(store, ref);
    } finally {
      await store?.close();
    }
    const scorer = await loadScorer(resolved.dir);
    const level = await cardLevel(resolved.dir);

    const probs = scorer.scoreMany(ds.rows.map((r) => r.features)).map((s) => s.probability);
    const labels = ds.rows.map((r) => r.label);
    const failed = labels.reduce<number>((s, y) => s + y, 0);
    const r = (x: number | null) => (x === null ? null : round(x));
    const warnings: string[] = [];
    const layoutNotes = new Set(FORMAT_SPECS[ds.format].notes);
    for (const note of ds.notes) if (!layoutNotes.has(note)) warnings.push(note);
    if (level && level !== ds.level)
      warnings.push(
        `the model was trained on ${level}-level labels and the file holds ${ds.level}-level rows: its probabilities answer a different question`,
      );
    const oneClass = failed === 0 || failed === labels.length;
    if (oneClass)
      warnings.push(
        `every row is ${failed === 0 ? 'succeeded (0)' : 'failed (1)'}: ROC-AUC, and with no failures PR-AUC and capture, are undefined`,
      );
    const ev: Evaluation = {
      model: { version: scorer.info.version, source: resolved.source, dir: resolved.dir, level },
      data: {
        file,
        sha256: ds.sha256,
        format: ds.format,
        level: ds.level,
        rows: labels.length,
        failed,
        failureRate: round(failed / labels.length),
        ignoredColumns: ds.ignoredColumns,
      },
      metrics: {
        auc: r(rocAuc(probs, labels)),
        prAuc: r(prAuc(probs, labels)),
        ece: round(ece(probs, labels)),
        brier: round(brier(probs, labels)),
        meanProbability: round(probs.reduce((s, p) => s + p, 0) / probs.length),
        capture: {
          '5': r(captureAt(probs, labels, 0.05)),
          '10': r(captureAt(probs, labels, 0.1)),
          '50': r(captureAt(probs, labels, 0.5)),
        },
      },
      warnings,
    };
    ctx.io.stdout((values.json ? JSON.stringify(ev) : text(ev)) + '\n');
    if (oneClass)
      throw new AppError(
        'bad_input',
        `${file}: all ${labels.length} rows have label ${failed === 0 ? 0 : 1}; ROC-AUC needs both classes (the figures that can be computed are printed above)`,
      );
    return EXIT.ok;
  },
};
