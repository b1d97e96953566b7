import { describe, expect, it } from 'vitest';
import { planRollout } from '../../src/rollout/index.ts';
import { buildSummaries, SLACK_LIMITS, type SummaryInput } from '../../src/summary/index.ts';

function input(over: Partial<SummaryInput> = {}): SummaryInput {
  const risk = { probability: 0.91, level: 'critical' as const, percentile: 99.2 };
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
    rollout: planRollout(risk, { environment: 'production', at: new Date('2024-06-04T10:00:00Z') }),
    ...over,
  };
}

describe('Slack summary', () => {
  it('keeps to the Block Kit limits with a 200-character service name and long reasons', () => {
    const long = input({ service: 's'.repeat(200) });
    long.rollout = {
      ...long.rollout,
      reasons: Array.from({ length: 200 }, (_, i) => `reason ${i} `.repeat(5)),
    };
    const { slack } = buildSummaries(long);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = slack.blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe('header');
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerChars);
    for (const b of slack.blocks)
      if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionChars);
    expect(slack.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionChars);
  });

  it('escapes request text in every mrkdwn field, the notification fallback included', () => {
    const { slack } = buildSummaries(input({ service: '<!channel> & co' }));
    expect(slack.text).toContain('&lt;!channel&gt; &amp; co');
    expect(slack.text).not.toContain('<!channel>');
    const mrkdwn = slack.blocks.flatMap((b) =>
      b.type === 'section' ? [b.text] : b.type === 'context' ? b.elements : [],
    );
    for (const t of mrkdwn) if (t.type === 'mrkdwn') expect(t.text).not.toContain('<!channel>');
  });
});
