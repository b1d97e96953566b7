// The recipe of the shipped model: `npm run train:default`. Two levels (training/RESULTS.md):
//  1. the commit model, trained with TensorFlow.js on the commit-level data committed under data/
//     (Kamei 2013: 4 projects; ApacheJIT sample: 15 Apache projects), inputs ranked within each
//     project, monotone in lines added/deleted and files touched; its headline figure is
//     leave-one-project-out (every project held out once, the model trained on the others);
//  2. the deploy layer (deploy-layer.json): history terms fitted on the CI-build data (data/ci-builds,
//     BF-Detector), tests and environment terms as documented priors, commits combined by max.
// Writes models/<version>/ with its report and points models/DEFAULT at it. Same data + config +
// backend → same figures (seeded; only createdAt differs).
//
//   npm run train:default [-- --skip-cross-project]   (cross-project takes ~15 min on 2 cores)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../src/log.ts';
import { initBackend } from '../src/model/backend.ts';
import { DEPLOY_LAYER_FILE } from '../src/model/scorer.ts';
import { loadTrainConfig } from '../src/train/config.ts';
import type { Dataset } from '../src/train/dataset.ts';
import { buildDeployLayer, fitHistory } from '../src/train/deploy-layer-fit.ts';
import { importCsvFile } from '../src/train/import.ts';
import { runTraining } from '../src/train/pipeline.ts';
import { writeReport } from '../src/train/report.ts';
import { addFeatureBinsToCard, trainingBins } from '../src/train/feature-bins.ts';
import { crossProject, loadProjects, type CrossProject } from './cross-project-lib.ts';

const VERSION = 'deploy-jit19-v1';
const { values } = parseArgs({
  options: {
    'skip-cross-project': { type: 'boolean', default: false },
    // The summary `npm run eval:cross-project` printed for the same data and config (seeded: the
    // same figures this script would compute), to save the ~20 minutes of a second run.
    'cross-project-from': { type: 'string' },
  },
});

const log = createLogger('info');
const backend = await initBackend(log);
const config = await loadTrainConfig('training/commit-model.json');
const projects = await loadProjects('data');
const out = join('models', VERSION);

// Level 2 first (cheap): the deploy layer's history terms on the CI builds.
const ciFiles = (await readdir('data/ci-builds')).filter((f) => f.endsWith('.csv')).sort();
const ci: Dataset[] = [];
for (const f of ciFiles) ci.push(await importCsvFile(join('data/ci-builds', f)));
const history = fitHistory(ci);
log.info(`deploy layer: history weights ${JSON.stringify(history.weights)}, held-out mean AUC ${history.meanHeldOutAuc}`);
const layer = buildDeployLayer(history, `data/ci-builds (BF-Detector, ${ciFiles.length} projects)`);

// Level 1: the commit model on every project pooled (time split 60/20/20 for its own test figure).
const commits = projects.reduce((s, d) => s + d.rows.length, 0);
const { result, report } = await runTraining({
  datasets: projects,
  config,
  backend,
  log,
  out,
  version: VERSION,
  levelNote:
    `Two levels. Commit level: one model trained on ${commits} commits of ${projects.length} open-source projects ` +
    '(Kamei 2013: bugzilla, columba, jdt, postgres; ApacheJIT sample: 15 Apache projects), label = the commit induced a defect (SZZ), ' +
    'inputs = each metric\'s percentile within its own repository plus the fix flag, non-decreasing in lines added/deleted and files touched by construction. ' +
    'Deploy level (deploy-layer.json): log-odds = logit(10 %) + (riskiest commit\'s log-odds − the median riskiest of 10 commits) + tests, environment and history terms; ' +
    'history terms fitted on CI builds (data/ci-builds, BF-Detector), tests and environment terms are documented priors.',
});
await writeFile(join(out, DEPLOY_LAYER_FILE), JSON.stringify(layer, null, 2) + '\n');
await addFeatureBinsToCard(out, trainingBins(projects, config));

const cardPath = join(out, 'card.json');
const card = JSON.parse(await readFile(cardPath, 'utf8')) as { metrics: Record<string, unknown> };
if (values['cross-project-from']) {
  const cp = JSON.parse(await readFile(values['cross-project-from'], 'utf8')) as CrossProject & { config?: string };
  if (cp.config !== undefined && cp.config !== 'training/commit-model.json')
    throw new Error(`${values['cross-project-from']} was computed with ${cp.config}, not training/commit-model.json`);
  card.metrics.crossProject = cp;
  report.crossProject = cp;
} else if (!values['skip-cross-project']) {
  log.info('cross-project: leave one project out (every project with both classes)…');
  const cp = await crossProject(projects, config, backend, (row) => log.info(JSON.stringify(row)));
  card.metrics.crossProject = cp;
  report.crossProject = cp;
}
card.metrics.deployLayer = { history };
await writeFile(cardPath, JSON.stringify(card, null, 2) + '\n');
report.deployLayer = layer;
await writeReport(report, out);
await writeFile(join('models', 'DEFAULT'), VERSION + '\n');
process.stdout.write(
  JSON.stringify({ ...result, crossProject: card.metrics.crossProject ?? null, deployLayer: { history } }) + '\n',
);
