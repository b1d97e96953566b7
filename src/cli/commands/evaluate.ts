// deployrisk evaluate: scores a labelled file with an existing model (no training) and reports how
// well it ranks and how well it is calibrated on that file.
import { existsSync } from 'node:fs';
import { AppError } from '../../errors.ts';
import { evaluateModel, type Evaluation } from '../../service/evaluate-model.ts';
import { resolveModelRef } from '../../service/model-ref.ts';
import type { Store } from '../../store/db.ts';
import { DATASET_FORMATS, type DatasetFormat } from '../../train/dataset.ts';
import { round } from '../../train/evaluate.ts';
import { importCsvFile } from '../../train/import.ts';
import { parseFlags, requireFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

const help = `Usage: deployrisk evaluate --model VERSION|DIR --data FILE.csv [--format F] [--db URL] [--json]

Scores every labelled row of FILE.csv with an existing model, without training, and reports
ROC-AUC, PR-AUC, ECE (10 bins), Brier and the share of failures captured when gating the
riskiest 5 %, 10 % and 50 % of rows, beside the rows, the failure rate, the model version and
the file's sha256.

Which level is evaluated follows the file, and the output says it ("evaluated"):
  commit-level rows (kamei, apachejit, a commit-level export)  the model's commit part alone,
      each row one commit, ranked within its own repository's rows when the model reads
      percentiles (as training ranked them); the deploy layer is not applied
  build- or deploy-level rows (travis, a deploy-level export)   the whole model, as score
      answers: the commit part on the row's change plus the deploy layer
A file that is one of the model's training files (same sha256) is flagged: not held-out.

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

function text(e: Evaluation): string {
  const c = e.metrics.capture;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${round(x * 100, 1)} %`);
  return [
    `model ${e.model.version} (${e.model.source}: ${e.model.dir})`,
    `evaluated: ${e.evaluated.part} level, ${e.evaluated.how}`,
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
    const ev = await evaluateModel({ dir: resolved.dir, source: resolved.source, dataset: ds });
    const { probabilities: _, ...shown } = ev;
    ctx.io.stdout((values.json ? JSON.stringify(shown) : text(ev)) + '\n');
    const { rows, failed } = ev.data;
    if (failed === 0 || failed === rows)
      throw new AppError(
        'bad_input',
        `${file}: all ${rows} rows have label ${failed === 0 ? 0 : 1}; ROC-AUC needs both classes (the figures that can be computed are printed above)`,
      );
    return EXIT.ok;
  },
};
