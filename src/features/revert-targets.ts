// What a revert commit reverts: the shas git writes ("This reverts commit <sha>.") and, for
// messages without one, the quoted subject of `Revert "<subject>"`. Pure.
import { revertedShas } from './messages.ts';

export interface RevertTarget {
  /** Lower-case hex, possibly abbreviated (7..40 chars). */
  shas: string[];
  /** The subject inside Revert "…", or null. */
  subject: string | null;
}

export function revertTarget(message: string): RevertTarget {
  const first = message.split('\n', 1)[0]!.trim();
  let subject: string | null = null;
  if (first.startsWith('Revert "') && first.endsWith('"') && first.length > 9) subject = first.slice(8, -1);
  return { shas: [...new Set(revertedShas(message))], subject };
}

export interface CandidateCommit {
  sha: string;
  subject: string;
  /** Position in history order (smaller = older). */
  seq: number;
}

/**
 * Resolves a revert's targets among known commits older than the revert: an abbreviated sha
 * matches when exactly one known sha starts with it; a subject matches the newest older commit
 * with exactly that subject. Unresolvable targets are dropped.
 */
export function resolveRevertTargets(
  target: RevertTarget,
  revertSeq: number,
  bySha: ReadonlyMap<string, CandidateCommit>,
  bySubject: ReadonlyMap<string, readonly CandidateCommit[]>,
): string[] {
  const out = new Set<string>();
  for (const s of target.shas) {
    const exact = bySha.get(s);
    if (exact) {
      if (exact.seq < revertSeq) out.add(exact.sha);
      continue;
    }
    if (s.length >= 40) continue;
    const hits = [...bySha.keys()].filter((k) => k.startsWith(s));
    if (hits.length === 1 && bySha.get(hits[0]!)!.seq < revertSeq) out.add(hits[0]!);
  }
  if (out.size === 0 && target.subject !== null) {
    const cands = (bySubject.get(target.subject) ?? []).filter((c) => c.seq < revertSeq);
    const newest = cands.reduce<CandidateCommit | null>(
      (b, c) => (b === null || c.seq > b.seq ? c : b),
      null,
    );
    if (newest) out.add(newest.sha);
  }
  return [...out];
}
