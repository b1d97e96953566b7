import type { Kysely } from 'kysely';

// History metrics mined before this migration counted every commit earlier in `git log` order,
// parallel branches included; from now on they count a commit's ancestors only. Stored metrics
// cannot be recomputed in SQL, so the mined history (derived data: git holds it all) is dropped and
// the next `deployrisk collect` mines it again. Labels, deploys and models are kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = db as Kysely<Record<string, Record<string, unknown>>>;
  await d.deleteFrom('commit_files').execute();
  await d.deleteFrom('commits').execute();
  await d.updateTable('repos').set({ head_sha: null, mined_at: null, commit_count: 0 }).execute();
}

export async function down(): Promise<void> {
  // Nothing to restore: the old metrics were wrong, and collect mines history again.
}
