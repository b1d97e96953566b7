// One deploy: its risk and factors, the rollout timeline, the gate's answer, the outcome and the
// Slack and markdown summaries as they would be posted.
import type { DeployDetailView } from '../../service/dashboard/deploy-detail.ts';
import { LEVEL_EMOJI, LEVEL_UNICODE } from '../../summary/types.ts';
import type { SlackMessage } from '../../summary/index.ts';
import { RISK_LEVELS } from '../../risk/scale.ts';
import { h, levelChip, page, when, type Html } from './html.ts';
import { rolloutTimeline, signedBars } from './svg.ts';

const EMOJI: [string, string][] = [
  ...RISK_LEVELS.map((l): [string, string] => [LEVEL_EMOJI[l], LEVEL_UNICODE[l]]),
  [':arrow_up:', '↑'],
  [':arrow_down:', '↓'],
  [':warning:', '⚠'],
];

/** Slack mrkdwn as plain text for the preview: entities back to characters, emoji codes drawn. */
function slackText(s: string): string {
  let out = s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const [code, glyph] of EMOJI) out = out.split(code).join(glyph);
  return out;
}

/** Slack text with its *bold* spans drawn bold (the rest escaped as text). */
function slackRich(s: string): Html[] {
  return slackText(s)
    .split(/\*([^*\n]+)\*/)
    .map((part, i) => (i % 2 === 1 ? h`<strong>${part}</strong>` : h`${part}`));
}

function slackPreview(m: SlackMessage): Html {
  const blocks = m.blocks.map((b) => {
    if (b.type === 'header') return h`<p class="hdr">${slackText(b.text.text)}</p>`;
    if (b.type === 'section') return h`<p>${slackRich(b.text.text)}</p>`;
    if (b.type === 'context')
      return h`<p class="ctx">${b.elements.map((e) => slackText(e.text)).join(' ')}</p>`;
    return h`<hr>`;
  });
  return h`<div class="slack" aria-label="Slack message preview">${blocks}</div>`;
}

export function deployPage(d: DeployDetailView, signedIn: boolean): Html {
  const factors = d.factors.map(
    (f) =>
      h`<tr><td>${f.message}</td><td><code>${f.feature}</code></td><td class="num">${f.contribution >= 0 ? '+' : '−'}${Math.abs(f.contribution).toFixed(3)}</td></tr>`,
  );
  const steps = d.timeline.map(
    (s) =>
      h`<li>${s.weight} % of traffic${s.minutes === null ? ' — manual gate: waits for a person to promote' : s.minutes === 0 ? ' — full rollout' : ` — bake ${s.minutes} min`}${s.gates.length ? h`; watch: ${s.gates.join(', ')}` : ''}</li>`,
  );
  const timelineDesc =
    d.timeline.length === 0
      ? 'No steps: the plan holds the deploy.'
      : d.timeline
          .map((s) => `${s.weight} % ${s.minutes === null ? 'manual gate' : `for ${s.minutes} min`}`)
          .join(', then ');
  const body = h`<h1>Deploy of ${d.service} to ${d.environment}</h1>
<dl class="facts">
<dt>Risk</dt><dd>${levelChip(d.level, `${d.level} ${d.probabilityText}`)} <span class="muted">${d.percentileText}</span></dd>
<dt>Decision</dt><dd>${d.plan.decision} (${d.plan.strategy})</dd>
<dt>Outcome</dt><dd>${d.outcome ? h`${d.outcome.status.replace('_', ' ')} at ${when(d.outcome.at)} <span class="muted">(from ${d.outcome.source}${d.outcome.reason ? `: ${d.outcome.reason}` : ''})</span>` : h`<span class="muted">pending: no outcome recorded yet</span>`}</dd>
<dt>Scored</dt><dd>${when(d.createdAt)}</dd>
<dt>Revision</dt><dd>${d.revision ? h`<code>${d.revision}</code>` : h`<span class="muted">not given</span>`}</dd>
<dt>Service</dt><dd><a href="/ui/services/${encodeURIComponent(d.service)}">${d.service}</a></dd>
<dt>Model</dt><dd><a href="/ui/models">${d.modelVersion}</a></dd>
<dt>Deployment id</dt><dd><code>${d.id}</code></dd>
</dl>
${d.insufficientData ? h`<p class="error">Few signals were collected: treat this score with care.</p>` : ''}
${d.warnings.length ? h`<ul>${d.warnings.map((w) => h`<li>${w}</li>`)}</ul>` : ''}
<h2 id="factors">Why this risk</h2>
${
  d.factors.length === 0
    ? h`<p>The model gave no factors for this deploy.</p>`
    : h`${signedBars(
        'factors-chart',
        'Factor contributions to the risk',
        d.factors
          .map((f) => `${f.feature} ${f.contribution >= 0 ? '+' : '−'}${Math.abs(f.contribution).toFixed(2)}`)
          .join(', '),
        d.factors.map((f) => ({ label: f.feature, value: f.contribution })),
      )}
<table><caption>The largest contributions, in log-odds (positive raises the risk)</caption>
<thead><tr><th scope="col">Factor</th><th scope="col">Feature</th><th scope="col" class="num">Contribution</th></tr></thead><tbody>${factors}</tbody></table>`
}
<h2 id="plan">Rollout plan</h2>
<p>${d.plan.decision === 'hold' ? 'The plan holds this deploy' : `${d.plan.strategy}, about ${d.plan.expectedMinutesToFull ?? '?'} min to full traffic`}${d.plan.nextAllowedAt ? `; next allowed start ${when(d.plan.nextAllowedAt)}` : ''}.</p>
${d.plan.reasons.length ? h`<ul>${d.plan.reasons.map((r) => h`<li>${r}</li>`)}</ul>` : ''}
${d.timeline.length ? h`${rolloutTimeline('timeline-chart', d.timeline, timelineDesc)}<ol>${steps}</ol>` : ''}
${d.plan.metricGates.length ? h`<p>Metric gates: ${d.plan.metricGates.join('; ')}</p>` : ''}
<h2 id="gate">Gate</h2>
<p>The store keeps no record of gate calls; shown is what <code>GET /v1/gate?id=${d.id}</code> answers now with the default <code>failOn=${d.gate.failOn}</code>:
<strong>${d.gate.proceed ? 'proceed' : 'hold'}</strong> — ${d.gate.reason}.</p>
<h2 id="summaries">Summaries</h2>
<div class="grid2"><section aria-labelledby="slack-h"><h3 id="slack-h">Slack</h3>${slackPreview(d.summaries.slack)}</section>
<section aria-labelledby="md-h"><h3 id="md-h">Markdown</h3><pre>${d.summaries.markdown}</pre></section></div>`;
  return page({ title: `Deploy ${d.service} → ${d.environment}`, signedIn, current: 'deploys' }, body);
}
