import type { Kysely } from 'kysely';

// Which fix commits SZZ has already blamed, under which fix rule, so relabelling a grown history
// blames only the new fixes. Schema builder only: the same migration runs on both databases.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('szz_fixes')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('pairs', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('szz_fixes_pk', ['repo_id', 'rule', 'sha'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('szz_fixes').execute();
}
