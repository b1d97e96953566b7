// failureStreak for imported CI builds, from the labels of earlier builds only.
//
// At scoring time the streak counts the service's latest deploys with a known outcome, so every
// result it reads was known. In build data a "previous" build may still have been running when
// this one started: BF-Detector rows carry the start hour only, and 25–49 % of builds start in the
// same clock hour as the one before (up to 30 in one hour). Reading those labels leaks outcomes that
// were not yet known (a variant that did lifted vagrant's test AUC from 0.77 to 0.96). So the
// streak here ends at the latest build that started at least two clock hours earlier, i.e. more
// than 60 minutes before. Travis CI stops each job at 50 minutes on public repositories, so such a
// build had almost always finished; one of several jobs that queued could still run longer, which
// the start hour alone cannot rule out. On the dev split a 2-hour gap kept the whole gain of a
// 1-hour one (mean dev AUC 0.7187 vs 0.7183) and a 3-hour gap kept less (0.7142): the signal is a
// broken period lasting hours, not neighbouring builds (training/RESULTS.md). Counted up to
// FAILURE_STREAK_CAP, as the server does.
import { FAILURE_STREAK_CAP } from '../features/schema.ts';
import type { LabelledRow } from './dataset.ts';

export const KNOWN_RESULT_GAP_MS = 2 * 3_600_000;

/**
 * Sets `failureStreak` on each row: consecutive failed builds ending at the latest build whose time
 * is at least `gapMs` before this row's (null when there is none). Rows keep their order; the
 * streak follows time order (stable, ties in row order). Without a time on every row nothing is
 * derived: row order alone cannot show which results were known.
 */
export function withFailureStreak(
  rows: readonly LabelledRow[],
  gapMs: number = KNOWN_RESULT_GAP_MS,
): LabelledRow[] {
  if (rows.length === 0 || rows.some((r) => r.time === null)) return [...rows];
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.time! - rows[b]!.time!);
  const streak = new Array<number | null>(rows.length);
  // endingAt[k]: failures in a row ending at the k-th build in time order (its own label included).
  const endingAt: number[] = [];
  let known = -1; // position (in time order) of the latest build at least gapMs earlier
  order.forEach((i, k) => {
    const t = rows[i]!.time!;
    while (known + 1 < k && rows[order[known + 1]!]!.time! <= t - gapMs) known++;
    streak[i] = known >= 0 ? Math.min(FAILURE_STREAK_CAP, endingAt[known]!) : null;
    // Only now is this row's label read, for the rows after it.
    endingAt.push(rows[i]!.label === 1 ? (k > 0 ? endingAt[k - 1]! : 0) + 1 : 0);
  });
  return rows.map((r, i) => ({ ...r, features: { ...r.features, failureStreak: streak[i]! } }));
}
