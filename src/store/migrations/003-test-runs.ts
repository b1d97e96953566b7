import type { Kysely } from 'kysely';

// Schema builder only, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('test_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('test_ids', 'text', (c) => c.notNull())
    // One inventory per service and head: recording the same deploy again replaces it.
    .addUniqueConstraint('test_runs_service_head', ['service', 'head_sha'])
    .execute();
  await db.schema
    .createIndex('test_runs_latest')
    .on('test_runs')
    .columns(['service', 'recorded_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('test_runs').execute();
}
