// Test inventories: what the previous deploy of a service ran, for testsAdded / testsRemoved.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';

const idsSchema = z.array(z.string());

export interface TestRunInput {
  service: string;
  headSha: string;
  testIds: readonly string[];
  /** When the run was recorded, UTC epoch ms. */
  at: number;
}

/**
 * Stores the test ids of a deploy. Recording the same service + head again replaces the ids and the
 * time (a re-run pipeline of the same build), so the call is idempotent and never duplicates rows.
 */
export async function recordTestRun(db: Kysely<Database>, run: TestRunInput): Promise<void> {
  if (run.service.length === 0) throw new AppError('bad_input', 'service name is empty');
  if (run.headSha.length === 0) throw new AppError('bad_input', 'head sha is empty');
  if (!Number.isFinite(run.at)) throw new AppError('bad_input', 'recorded-at time is not a finite number');
  const testIds = JSON.stringify([...new Set(run.testIds)].sort());
  const at = Math.trunc(run.at);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('test_runs')
      .values({
        id: undefined,
        service: run.service,
        head_sha: run.headSha,
        recorded_at: at,
        test_ids: testIds,
      })
      .onConflict((oc) =>
        oc.columns(['service', 'head_sha']).doUpdateSet({ recorded_at: at, test_ids: testIds }),
      )
      .execute();
  });
}

/**
 * Test ids of the latest recorded run of `service` whose head differs from `headSha`; null when
 * there is none (testsAdded/testsRemoved are then unknown). `before` (epoch ms) limits the search to
 * runs recorded earlier, for computing features of a past deploy.
 */
export async function previousTestIds(
  db: Kysely<Database>,
  service: string,
  headSha: string,
  opts: { before?: number } = {},
): Promise<string[] | null> {
  let q = db
    .selectFrom('test_runs')
    .select(['id', 'test_ids'])
    .where('service', '=', service)
    .where('head_sha', '<>', headSha);
  if (opts.before !== undefined) q = q.where('recorded_at', '<', opts.before);
  const row = await q.orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (row === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.test_ids);
  } catch {
    parsed = undefined;
  }
  const ids = idsSchema.safeParse(parsed);
  if (!ids.success) throw new AppError('internal', `test_runs row ${row.id} holds malformed test ids`);
  return ids.data;
}
