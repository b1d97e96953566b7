// Summaries for people and chat bots, pure functions of a scored deployment.
import { markdownSummary } from './markdown.ts';
import { slackSummary, type SlackMessage } from './slack.ts';
import { textSummary } from './text.ts';
import type { SummaryInput } from './types.ts';

export { topFactors, describeValue, factorMessage, type Factor } from './factors.ts';
export { SLACK_LIMITS, type SlackMessage } from './slack.ts';
export type { SummaryInput } from './types.ts';
export { textSummary, markdownSummary, slackSummary };

export interface Summaries {
  text: string;
  markdown: string;
  slack: SlackMessage;
}

export function buildSummaries(s: SummaryInput): Summaries {
  return { text: textSummary(s), markdown: markdownSummary(s), slack: slackSummary(s) };
}
