// Adds the training distribution per feature (quantile bins, see features/drift.ts) to a saved
// model card as `featureBins`, so drift can be measured later against what the model learnt
// from. The card schema does not know the field; loading ignores it, the registry and the health
// endpoint read it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fitFeatureBins, type FeatureBins } from '../features/drift.ts';
import type { Dataset } from './dataset.ts';
import type { TrainConfig } from './config.ts';
import { timeSplit } from './split.ts';

/** Bins over train + validation of the time split (the final model's rows when the config refits; never test). */
export function trainingBins(datasets: readonly Dataset[], cfg: TrainConfig): FeatureBins[] {
  const split = timeSplit(
    datasets.flatMap((d) => d.rows),
    cfg.split,
  );
  return fitFeatureBins([...split.train, ...split.valid].map((r) => r.features));
}

export async function addFeatureBinsToCard(
  dir: string,
  bins: FeatureBins[],
): Promise<Record<string, unknown>> {
  const path = join(dir, 'card.json');
  const card = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  card.featureBins = bins;
  await writeFile(path, JSON.stringify(card, null, 2) + '\n');
  return card;
}
