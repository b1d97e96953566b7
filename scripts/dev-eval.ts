// Choosing a training config without looking at test: run the whole training job on the part a
// real run may learn from (train + validation, the oldest 80 %), so its "test" is the newest rows
// of that prefix and the real test part is never read. Each file is trained separately; prints
// the per-file and mean dev AUC for each config, as JSON last.
//   node bin/run-ts.mjs scripts/dev-eval.ts --config training/default.json [--config B.json] [--drop f1,f2] FILE.csv...
import { createLogger } from '../src/log.ts';
import { initBackend } from '../src/model/backend.ts';
import { loadTrainConfig } from '../src/train/config.ts';
import { importCsvFile } from '../src/train/import.ts';
import { runTraining } from '../src/train/pipeline.ts';
import { timeSplit } from '../src/train/split.ts';

const args = process.argv.slice(2);
const configs: string[] = [];
const files: string[] = [];
// Ablation: these schema features are set to missing on every row before training.
const drop: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--config') configs.push(args[++i]!);
  else if (args[i] === '--drop') drop.push(...args[++i]!.split(','));
  else files.push(args[i]!);
}
if (configs.length === 0 || files.length === 0) {
  console.error('usage: dev-eval.ts --config CONFIG.json [--config ...] [--drop FEATURE,...] FILE.csv...');
  process.exit(2);
}
const log = createLogger('warn');
const backend = await initBackend(log);
const out: Record<string, { files: Record<string, { dev: number | null; logistic: number | null; validAuc: number | null; alpha: number }>; mean: number }> = {};
for (const c of configs) {
  const config = await loadTrainConfig(c);
  const per: (typeof out)[string]['files'] = {};
  for (const f of files) {
    const imported = await importCsvFile(f);
    const blank = Object.fromEntries(drop.map((d) => [d, null]));
    const ds = { ...imported, rows: imported.rows.map((r) => ({ ...r, features: { ...r.features, ...blank } })) };
    const { train, valid } = timeSplit(ds.rows, config.split);
    const { result } = await runTraining({ datasets: [{ ...ds, rows: [...train, ...valid] }], config, backend, log: createLogger('silent') });
    per[f] = { dev: result.test.auc, logistic: result.baselines.logistic.auc, validAuc: result.model.validAuc, alpha: result.model.alpha };
    process.stderr.write(`${c} ${f}: dev ${result.test.auc} (logistic ${result.baselines.logistic.auc}, alpha ${result.model.alpha})\n`);
  }
  const aucs = Object.values(per).map((p) => p.dev ?? 0.5);
  out[c] = { files: per, mean: Math.round((aucs.reduce((s, a) => s + a, 0) / aucs.length) * 10000) / 10000 };
  process.stderr.write(`${c}: mean dev AUC ${out[c].mean}\n`);
}
process.stdout.write(JSON.stringify(out) + '\n');
