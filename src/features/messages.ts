// Commit-message rules shared by the change features and the labeller.

// Kamei's FIX: the message mentions a fix, bug, defect or patch.
const FIX_RE = /\b(fix(e[sd]|ing)?|hotfix(es)?|bugs?|bugfix(es)?|defects?|patch(e[sd])?)\b/i;

export const isFixMessage = (message: string): boolean => FIX_RE.test(message);

// git revert writes `Revert "subject"` and `This reverts commit <sha>.`
const REVERT_SUBJECT_RE = /^Revert "/;
const REVERTS_SHA_RE = /This reverts commit ([0-9a-f]{7,40})/gi;

export const isRevertMessage = (message: string): boolean =>
  REVERT_SUBJECT_RE.test(message) || /This reverts commit [0-9a-f]{7,40}/i.test(message);

export function revertedShas(message: string): string[] {
  return [...message.matchAll(REVERTS_SHA_RE)].map((m) => m[1]!.toLowerCase());
}
