import type { Kysely } from 'kysely';

// Written with kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('repos')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('head_sha', 'text')
    .addColumn('mined_at', 'bigint')
    .addColumn('commit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('commits')
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('parents', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('author_time', 'bigint', (c) => c.notNull())
    .addColumn('committer_time', 'bigint', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('is_merge', 'integer', (c) => c.notNull())
    .addColumn('ns', 'double precision')
    .addColumn('nd', 'double precision')
    .addColumn('nf', 'double precision')
    .addColumn('entropy', 'double precision')
    .addColumn('la', 'double precision')
    .addColumn('ld', 'double precision')
    .addColumn('lt', 'double precision')
    .addColumn('fix', 'double precision')
    .addColumn('ndev', 'double precision')
    .addColumn('age', 'double precision')
    .addColumn('nuc', 'double precision')
    .addColumn('exp', 'double precision')
    .addColumn('rexp', 'double precision')
    .addColumn('sexp', 'double precision')
    .addPrimaryKeyConstraint('commits_pk', ['repo_id', 'sha'])
    .execute();
  await db.schema.createIndex('commits_seq').on('commits').columns(['repo_id', 'seq']).execute();

  await db.schema
    .createTable('commit_files')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('old_path', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('binary', 'integer', (c) => c.notNull())
    .addColumn('lines_before', 'integer', (c) => c.notNull())
    .addForeignKeyConstraint(
      'commit_files_commit_fk',
      ['repo_id', 'sha'],
      'commits',
      ['repo_id', 'sha'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('commit_files_commit').on('commit_files').columns(['repo_id', 'sha']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('commit_files').execute();
  await db.schema.dropTable('commits').execute();
  await db.schema.dropTable('repos').execute();
}
