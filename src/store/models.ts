// Queries of the model registry. Activation flips the active flag in one transaction, so at every
// moment at most one row is active.
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';
import type { ModelTable } from './tables-models.ts';
import { serializeWriters } from './dialect.ts';

export type ModelRow = ModelTable;

/** Registers (or re-registers, same version) a model; keeps its active flag. */
export async function registerModel(
  db: Kysely<Database>,
  row: Omit<ModelRow, 'active' | 'activated_at'>,
): Promise<void> {
  await db
    .insertInto('models')
    .values({ ...row, active: 0, activated_at: null })
    .onConflict((oc) =>
      oc
        .column('version')
        .doUpdateSet({ card: row.card, artifact_dir: row.artifact_dir, created_at: row.created_at }),
    )
    .execute();
}

export async function listModels(db: Kysely<Database>): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().orderBy('created_at', 'desc').orderBy('version').execute();
}

export async function getModel(db: Kysely<Database>, version: string): Promise<ModelRow | undefined> {
  return db.selectFrom('models').selectAll().where('version', '=', version).executeTakeFirst();
}

/** The active row's version and directory only: cheap enough to poll every few seconds. */
export async function activeModelRef(
  db: Kysely<Database>,
): Promise<{ version: string; artifactDir: string } | null> {
  const r = await db
    .selectFrom('models')
    .select(['version', 'artifact_dir'])
    .where('active', '=', 1)
    .executeTakeFirst();
  return r ? { version: r.version, artifactDir: r.artifact_dir } : null;
}

export async function activateModel(db: Kysely<Database>, version: string, at: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await serializeWriters(tx, 'models');
    const found = await tx
      .selectFrom('models')
      .select('version')
      .where('version', '=', version)
      .executeTakeFirst();
    if (!found) throw new AppError('not_found', `model ${version} is not registered`);
    await tx.updateTable('models').set({ active: 0 }).where('active', '=', 1).execute();
    await tx
      .updateTable('models')
      .set({ active: 1, activated_at: at })
      .where('version', '=', version)
      .execute();
  });
}
