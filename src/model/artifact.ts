// A model artifact directory: model.json + weights.bin (tfjs layers format) + card.json.
// Loading is tfjs-free (see model-files.ts); saving lives in artifact-save.ts.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, isAppError } from '../errors.ts';
import { checkCardSchema, parseCard, type ModelCard } from './card.ts';
import { buildForwardNet, type ForwardNet } from './forward.ts';
import { decodeWeights, readModelFiles } from './model-files.ts';

export const CARD_FILE = 'card.json';
export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export interface LoadedArtifact {
  card: ModelCard;
  net: ForwardNet;
}

/** Reads and verifies an artifact; refuses corrupted files and cards that do not fit this build. */
export async function loadArtifact(dir: string): Promise<LoadedArtifact> {
  let cardJson: unknown;
  try {
    cardJson = JSON.parse(await readFile(join(dir, CARD_FILE), 'utf8'));
  } catch (e) {
    throw new AppError(
      'bad_input',
      `cannot read model card ${join(dir, CARD_FILE)}: ${(e as Error).message}`,
    );
  }
  const card = parseCard(cardJson, dir);
  inDir(dir, () => checkCardSchema(card));
  const { modelJson, text, weights } = await readModelFiles(dir);
  if (sha256(weights) !== card.files.weightsSha256)
    throw new AppError('bad_input', `${dir}: weights.bin does not match the card (corrupted or replaced)`);
  if (sha256(text) !== card.files.modelJsonSha256)
    throw new AppError('bad_input', `${dir}: model.json does not match the card`);
  const net = inDir(dir, () =>
    buildForwardNet(
      decodeWeights(modelJson, weights),
      card.network.inputs,
      card.network.hidden,
      card.network.members,
    ),
  );
  return { card, net };
}

/** Names the artifact in a refusal: `models compare` loads two and must say which one failed. */
function inDir<T>(dir: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isAppError(e)) throw new AppError(e.code, `${dir}: ${e.message}`, e.details, { cause: e });
    throw e;
  }
}
