import type { Kysely } from 'kysely';

// Schema builder only, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commit_labels')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fixed_by', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('commit_labels_unique', ['repo_id', 'sha', 'source', 'fixed_by'])
    .execute();
  await db.schema
    .createIndex('commit_labels_fixed_by')
    .on('commit_labels')
    .columns(['repo_id', 'fixed_by'])
    .execute();

  await db.schema
    .createTable('deployment_labels')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deployment_labels_unique', ['deployment_id', 'source'])
    .execute();

  await db.schema
    .createTable('models')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('card', 'text', (c) => c.notNull())
    .addColumn('artifact_dir', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('activated_at', 'bigint')
    .execute();
  await db.schema.createIndex('models_active').on('models').columns(['active']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('models').execute();
  await db.schema.dropTable('deployment_labels').execute();
  await db.schema.dropTable('commit_labels').execute();
}
