// GitHub-flavoured markdown for a PR comment or a check run summary.
import {
  headline,
  LEVEL_UNICODE,
  levelShown,
  modelLine,
  percentileLine,
  planLine,
  type SummaryInput,
} from './types.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownSummary(s: SummaryInput): string {
  const out = [`### ${LEVEL_UNICODE[levelShown(s)]} ${headline(s)}`, ''];
  out.push(`${cell(percentileLine(s)).replace(/^p/, 'P')}.`);
  const warnings = [
    ...(s.insufficientData ? ['Few signals were collected; treat this score with care.'] : []),
    ...(s.warnings ?? []),
  ];
  if (warnings.length > 0) out.push('', '> [!WARNING]', ...warnings.map((w) => `> - ${cell(w)}`));
  if (s.factors.length > 0) {
    out.push('', '| | Factor | Contribution |', '|---|---|---:|');
    for (const f of s.factors) {
      out.push(
        `| ${f.contribution >= 0 ? '⬆️' : '⬇️'} | ${cell(f.message)} | ${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(3)} |`,
      );
    }
  }
  out.push('', `**Rollout plan:** ${cell(planLine(s.rollout))}`);
  for (const r of s.rollout.reasons) out.push(`- ${cell(r)}`);
  out.push(
    '',
    `<sub>${cell(modelLine(s))}</sub>`,
  );
  return out.join('\n');
}
