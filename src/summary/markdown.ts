// GitHub-flavoured markdown for a PR comment or a check run summary.
import { headline, LEVEL_UNICODE, levelShown, planLine, type SummaryInput } from './types.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownSummary(s: SummaryInput): string {
  const out = [`### ${LEVEL_UNICODE[levelShown(s)]} ${headline(s)}`, ''];
  out.push(`Percentile **${s.risk.percentile.toFixed(0)}** of validation deploys.`);
  if (s.insufficientData)
    out.push('', '> [!WARNING]', '> Few signals were collected; treat this score with care.');
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
    `<sub>model \`${s.model.version}\`${s.model.auc === null ? '' : ` · test AUC ${s.model.auc.toFixed(3)}`} · deployment \`${s.id}\`</sub>`,
  );
  return out.join('\n');
}
