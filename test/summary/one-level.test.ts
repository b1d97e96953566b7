// One answer, one level: the headline, the Slack section, the rollout reasons and the plan line
// of a summary name the same level — the probability's on the one risk scale — and the decision
// word (proceed/caution/hold) appears as the decision, not as a level.
import { describe, expect, it } from 'vitest';
import { planRollout, type RolloutContext } from '../../src/rollout/index.ts';
import { levelOf, levelRule, type RiskLevel } from '../../src/risk/scale.ts';
import { buildSummaries, type SummaryInput } from '../../src/summary/index.ts';

function input(
  probability: number,
  ctx: RolloutContext = {},
  level: RiskLevel = levelOf(probability),
): SummaryInput {
  const risk = { probability, level, percentile: 50 };
  return {
    id: 'dep-1',
    service: 'checkout',
    environment: 'production',
    risk,
    insufficientData: false,
    factors: [
      { feature: 'la', value: 420, contribution: 0.41, message: '420 lines added (la) raises the risk' },
    ],
    model: { version: 'm-1', createdAt: '2024-01-01T00:00:00.000Z', auc: 0.78 },
    rollout: planRollout(risk, { environment: 'production', at: new Date('2024-06-04T10:00:00Z'), ...ctx }),
  };
}

const levelWords = (text: string) =>
  new Set([...text.matchAll(/\b(low|medium|high|critical)\b/gi)].map((m) => m[1]!.toLowerCase()));
const allText = (s: ReturnType<typeof buildSummaries>) =>
  [s.text, s.markdown, JSON.stringify(s.slack)].join('\n');

describe('summaries speak one level', () => {
  it.each([
    [0.184, 'medium', '18.4 %'],
    [0.34, 'high', '34.0 %'],
    [0.03, 'low', '3.0 %'],
    [0.5, 'critical', '50.0 %'],
    [0.14996, 'low', '14.996 %'],
  ] as const)('%s → %s everywhere', (p, level, shown) => {
    const s = buildSummaries(input(p));
    expect(s.text.split('\n')[0]).toBe(
      `deployrisk: ${level.toUpperCase()} risk (${shown}) for checkout → production`,
    );
    expect(s.markdown).toContain(`${level.toUpperCase()} risk (${shown})`);
    expect(JSON.stringify(s.slack)).toContain(`*${level}* risk: *${shown}*`);
    expect(s.text).toContain(`because failure probability`);
    expect(s.text).toContain(`→ ${levelRule(level)}`);
    // No other level word anywhere in the three summaries of this answer.
    expect([...levelWords(allText(s))]).toEqual([level]);
  });

  it('the decision is shown as the decision', () => {
    const low = buildSummaries(input(0.03));
    expect(low.text).toMatch(/^plan: decision proceed: canary/m);
    const medium = buildSummaries(input(0.2));
    expect(medium.text).toMatch(/^plan: decision caution: canary/m);
    expect(medium.markdown).toContain('**Rollout plan:** decision caution: canary');
    const held = buildSummaries(input(0.2, { openIncidents: 1 }));
    expect(held.text).toMatch(/^plan: decision hold$/m);
  });

  it('a fix or revert rolled out at a careful pace still names only its own level', () => {
    const s = buildSummaries(input(0.03, { openIncidents: 1, fixOrRevert: true }));
    expect(s.text).toContain('careful pace for fixes');
    expect([...levelWords(allText(s))]).toEqual(['low']);
  });

  it('a level field that disagrees with the probability is not what the summaries show', () => {
    // 18.4 % is medium on the one scale, whatever level a caller attached to it.
    const s = buildSummaries(input(0.184, {}, 'low'));
    expect(s.text.split('\n')[0]).toContain('MEDIUM risk (18.4 %)');
    expect([...levelWords(allText(s))]).toEqual(['medium']);
  });
});
