// Slack Block Kit message. Limits from Slack's docs: header text ≤ 150 chars, ≤ 50 blocks per
// message, section text ≤ 3000 chars; `text` is the fallback shown in notifications.
import {
  headline,
  LEVEL_EMOJI,
  levelShown,
  modelLine,
  pctText,
  percentileLine,
  planLine,
  type SummaryInput,
} from './types.ts';

export const SLACK_LIMITS = { headerChars: 150, blocks: 50, sectionChars: 3000 } as const;

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const clip = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackSummary(s: SummaryInput): SlackMessage {
  const level = levelShown(s);
  const emoji = LEVEL_EMOJI[level];
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(`${headline(s)}`, SLACK_LIMITS.headerChars), emoji: true },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `${emoji} *${level}* risk: *${pctText(s.risk.probability)}* chance of failure, ${esc(percentileLine(s))}` +
            (s.insufficientData ? '\n:warning: few signals collected, treat with care' : '') +
            (s.warnings ?? []).map((w) => `\n:warning: ${esc(w)}`).join(''),
          SLACK_LIMITS.sectionChars,
        ),
      },
    },
  ];
  if (s.factors.length > 0) {
    const lines = s.factors.map(
      (f) => `${f.contribution >= 0 ? ':arrow_up:' : ':arrow_down:'} ${esc(f.message)}`,
    );
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*Top factors*\n${lines.join('\n')}`, SLACK_LIMITS.sectionChars) },
    });
  }
  const reasons = s.rollout.reasons.map((r) => `• ${esc(r)}`).join('\n');
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: clip(
        `*Rollout plan:* ${esc(planLine(s.rollout))}${reasons ? `\n${reasons}` : ''}`,
        SLACK_LIMITS.sectionChars,
      ),
    },
  });
  blocks.push({ type: 'divider' });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: esc(modelLine(s)) }],
  });
  return {
    // The fallback is mrkdwn too: escaped, so a service named "<!channel>" notifies nobody.
    text: clip(esc(`${headline(s)}: ${planLine(s.rollout)}`), SLACK_LIMITS.sectionChars),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}
