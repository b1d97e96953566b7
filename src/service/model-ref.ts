// One answer to "which model does VERSION|DIR name?" for every command that takes a model:
// a version in the store's registry, the shipped default by its version (models/DEFAULT), or an
// artifact directory. Nothing else guesses paths.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import { MODELS_DIR } from '../model/scorer.ts';
import type { Store } from '../store/db.ts';
import { getModel } from '../store/models.ts';

export interface ShippedModel {
  version: string;
  dir: string;
  card: Record<string, unknown>;
}

/** The shipped default named by models/DEFAULT, with its card; null when there is none. */
export async function shippedDefaultModel(modelsDir: string = MODELS_DIR): Promise<ShippedModel | null> {
  let name: string;
  try {
    name = (await readFile(join(modelsDir, 'DEFAULT'), 'utf8')).trim();
  } catch {
    return null;
  }
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return null;
  const dir = join(modelsDir, name);
  try {
    const card = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8')) as Record<string, unknown>;
    return { version: typeof card.version === 'string' ? card.version : name, dir, card };
  } catch {
    return null;
  }
}

export type ModelSource = 'registry' | 'shipped' | 'directory';

/** The artifact directory of `ref`: registry first, then the shipped default, then a path. */
export async function resolveModelRef(
  store: Store | null,
  ref: string,
): Promise<{ dir: string; source: ModelSource }> {
  const row = store ? await getModel(store.db, ref) : undefined;
  if (row) return { dir: row.artifact_dir, source: 'registry' };
  const shipped = await shippedDefaultModel();
  if (shipped && shipped.version === ref) return { dir: shipped.dir, source: 'shipped' };
  const dir = resolve(ref);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDir) return { dir, source: 'directory' };
  throw new AppError(
    'not_found',
    `unknown model "${ref}": not a registered version${shipped ? `, not the shipped default (${shipped.version})` : ''}, not an artifact directory`,
  );
}
