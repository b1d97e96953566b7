// Saving an artifact needs the tfjs model (its save handler); kept apart so loading stays tfjs-free.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { tf } from './backend.ts';
import { CARD_FILE, sha256 } from './artifact.ts';
import { parseCard, type ModelCard } from './card.ts';
import { saveModelFiles } from './io.ts';

/** Saves the model files and a card whose `files` hashes are filled in here. */
export async function saveArtifact(
  model: ReturnType<typeof tf.model>,
  card: Omit<ModelCard, 'files'>,
  dir: string,
): Promise<ModelCard> {
  const { modelJson, weights } = await saveModelFiles(model, dir);
  const full: ModelCard = {
    ...card,
    files: { modelJsonSha256: sha256(JSON.stringify(modelJson)), weightsSha256: sha256(weights) },
  };
  parseCard(full, dir);
  await writeFile(join(dir, CARD_FILE), JSON.stringify(full, null, 2) + '\n');
  return full;
}
