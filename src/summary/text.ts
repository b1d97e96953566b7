import { headline, planLine, type SummaryInput } from './types.ts';

export function textSummary(s: SummaryInput): string {
  const lines = [
    `deployrisk: ${headline(s)}`,
    `percentile ${s.risk.percentile.toFixed(0)} of validation deploys${s.insufficientData ? '; few signals collected, treat with care' : ''}`,
  ];
  if (s.factors.length > 0) {
    lines.push('top factors:');
    for (const f of s.factors) lines.push(`  ${f.contribution >= 0 ? '+' : '-'} ${f.message}`);
  }
  lines.push(`plan: ${planLine(s.rollout)}`);
  for (const r of s.rollout.reasons) lines.push(`  because ${r}`);
  lines.push(
    `model ${s.model.version}${s.model.auc === null ? '' : ` (test AUC ${s.model.auc.toFixed(3)})`} · deployment ${s.id}`,
  );
  return lines.join('\n');
}
