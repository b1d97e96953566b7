// The store side of `deployrisk train --from-store` and `learn`: labelled store rows as datasets
// (commit level from SZZ/reverts, deploy level from outcomes when there are enough), and the
// registration of every trained model with its card.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { registerModel } from '../store/models.ts';
import { openGitRepo } from '../collect/git-repo.ts';
import type { TrainConfig } from '../train/config.ts';
import type { Dataset } from '../train/dataset.ts';
import { addFeatureBinsToCard, trainingBins } from '../train/feature-bins.ts';
import type { CliContext } from './command.ts';
import { openStoreFor } from './store-option.ts';
import {
  commitRows,
  deployRows,
  enoughDeployRows,
  storeDataset,
  type StoreRowQuery,
} from '../train/from-store.ts';

const STORE_LEVELS = ['auto', 'commit', 'deploy'] as const;
export type StoreLevel = (typeof STORE_LEVELS)[number];

/** The --level flag of the commands that read store rows (default auto). */
export function storeLevelFlag(value: string | undefined): StoreLevel {
  const level = value ?? 'auto';
  if (!(STORE_LEVELS as readonly string[]).includes(level))
    throw new AppError('bad_input', `--level must be ${STORE_LEVELS.join(', ')}`);
  return level as StoreLevel;
}

export async function storeDatasets(
  store: Store,
  level: StoreLevel,
  q: StoreRowQuery,
): Promise<{ datasets: Dataset[]; level: 'commit' | 'deploy'; why: string }> {
  const deploys = level === 'commit' ? [] : await deployRows(store, q);
  if (level === 'deploy' || (level === 'auto' && enoughDeployRows(deploys))) {
    if (deploys.length === 0)
      throw new AppError('bad_input', 'the store has no deploys with recorded outcomes');
    return {
      datasets: [storeDataset(deploys, 'deploy', `${store.description} deploys`)],
      level: 'deploy',
      why: `${deploys.length} deploys with outcomes`,
    };
  }
  const commits = await commitRows(store, q);
  const pos = commits.filter((r) => r.label === 1).length;
  if (commits.length === 0)
    throw new AppError('bad_input', 'the store has no mined commits; run deployrisk collect and label first');
  if (pos === 0)
    throw new AppError(
      'bad_input',
      `none of the ${commits.length} mined commits is labelled; run deployrisk label first`,
    );
  const why =
    level === 'auto'
      ? `only ${deploys.length} deploys with outcomes (deploy level needs ≥ 200 with ≥ 20 per class)`
      : 'asked';
  return {
    datasets: [storeDataset(commits, 'commit', `${store.description} commits`)],
    level: 'commit',
    why,
  };
}

export async function registerArtifact(store: Store, dir: string, now: number): Promise<string> {
  const card = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8')) as {
    version: string;
    createdAt: string;
  };
  await registerModel(store.db, {
    version: card.version,
    card: JSON.stringify(card),
    artifact_dir: dir,
    created_at: Date.parse(card.createdAt) || now,
    registered_at: now,
  });
  return card.version;
}

/** m-<UTC timestamp>, the pipeline's own default, fixed before training so --out can name it. */
export const defaultVersion = (now = new Date()): string =>
  `m-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;

export async function storeTrainingData(
  ctx: CliContext,
  values: { level?: string | undefined; repo?: string | undefined; db?: string | undefined },
): Promise<Dataset[]> {
  const level = storeLevelFlag(values.level);
  const repos = values.repo !== undefined ? [(await openGitRepo(values.repo)).root] : undefined;
  const store = await openStoreFor(ctx, values.db);
  try {
    const got = await storeDatasets(store, level, repos ? { repos } : {});
    ctx.log.info(`store: ${got.level} level (${got.why}); ${got.datasets[0]!.rows.length} rows`);
    return got.datasets;
  } finally {
    await store.close();
  }
}

/** Writes the training distribution into the card and registers the model when asked. */
export async function afterTraining(
  ctx: CliContext,
  o: { dir: string; datasets: Dataset[]; config: TrainConfig; register: boolean; db?: string | undefined },
): Promise<{ version: string; artifactDir: string } | null> {
  await addFeatureBinsToCard(o.dir, trainingBins(o.datasets, o.config));
  if (!o.register) return null;
  const store = await openStoreFor(ctx, o.db);
  try {
    const version = await registerArtifact(store, o.dir, Date.now());
    ctx.log.info(
      `registered model ${version} (${o.dir}); activate it with deployrisk models activate ${version}`,
    );
    return { version, artifactDir: o.dir };
  } finally {
    await store.close();
  }
}
