import { headline, modelLine, percentileLine, planLine, type SummaryInput } from './types.ts';

export function textSummary(s: SummaryInput): string {
  const lines = [
    `deployrisk: ${headline(s)}`,
    `${percentileLine(s)}${s.insufficientData ? '; few signals collected, treat with care' : ''}`,
  ];
  for (const w of s.warnings ?? []) lines.push(`warning: ${w}`);
  if (s.factors.length > 0) {
    lines.push('top factors:');
    for (const f of s.factors) lines.push(`  ${f.contribution >= 0 ? '+' : '-'} ${f.message}`);
  }
  lines.push(`plan: ${planLine(s.rollout)}`);
  for (const r of s.rollout.reasons) lines.push(`  because ${r}`);
  lines.push(modelLine(s));
  return lines.join('\n');
}
