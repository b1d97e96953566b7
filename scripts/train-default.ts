// The recipe of the shipped model: `npm run train:default`. Trains on the CI-build data committed
// under data/ (build level, the closest public stand-in for deploy outcomes), writes
// models/<version>/ with its report, and points models/DEFAULT at it. Same data + config + backend
// → same metrics (seeded; only createdAt differs).
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../src/log.ts';
import { initBackend } from '../src/model/backend.ts';
import { loadTrainConfig } from '../src/train/config.ts';
import { importCsvFile } from '../src/train/import.ts';
import { runTraining } from '../src/train/pipeline.ts';
import { writeReport } from '../src/train/report.ts';
import { addFeatureBinsToCard, trainingBins } from '../src/train/feature-bins.ts';

const VERSION = 'build-ci7-v5';
const DATA_DIR = 'data/ci-builds';

const log = createLogger('info');
const files = (await readdir(DATA_DIR)).filter((f) => f.endsWith('.csv')).sort();
const datasets = [];
for (const f of files) datasets.push(await importCsvFile(join(DATA_DIR, f)));
const backend = await initBackend(log);
const out = join('models', VERSION);
const rows = datasets.reduce((s, d) => s + d.rows.length, 0);
const config = await loadTrainConfig('training/default.json');
const { result, report } = await runTraining({
  datasets,
  config,
  backend,
  log,
  out,
  version: VERSION,
  levelNote:
    `Build level: one model trained on ${rows} Travis CI builds of ${files.length} open-source projects (BF-Detector, ${DATA_DIR}/), ` +
    'label = the build failed; all projects pooled and split by build time. It reads the change-size, history and recent-outcome ' +
    'features a deploy also has; commit-level-only metrics (entropy, la/ld, developer experience) and JUnit counts were not in ' +
    'this data and are unused (see usedFeatures).',
});
await writeReport(report, out);
// The training distribution per feature, for the drift check of the serving side.
await addFeatureBinsToCard(out, trainingBins(datasets, config));
await writeFile(join('models', 'DEFAULT'), VERSION + '\n');
process.stdout.write(JSON.stringify(result) + '\n');
