// Cross-project evaluation of the commit model (issue #13): leave one project out over every
// project in data/kamei2013 and data/apachejit (see cross-project-lib.ts). Prints one JSON line
// per project on stderr as it goes and the summary on stdout.
//
//   npm run eval:cross-project [-- --config training/commit-model.json] [--only jdt,flink]
import { parseArgs } from 'node:util';
import { createLogger } from '../src/log.ts';
import { initBackend } from '../src/model/backend.ts';
import { loadTrainConfig } from '../src/train/config.ts';
import { crossProject, loadProjects } from './cross-project-lib.ts';

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'training/commit-model.json' },
    only: { type: 'string' },
    'data-dir': { type: 'string', default: 'data' },
  },
});
const backend = await initBackend(createLogger('warn'));
const cfg = await loadTrainConfig(values.config!);
const projects = await loadProjects(values['data-dir']!);
const only = values.only ? new Set(values.only.split(',')) : undefined;
const summary = await crossProject(projects, cfg, backend, (r) => process.stderr.write(JSON.stringify(r) + '\n'), only);
process.stdout.write(JSON.stringify({ config: values.config, ...summary }, null, 2) + '\n');
