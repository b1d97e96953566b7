// Turns signed contributions into plain-language factors: "420 lines added (la) raises the risk".
// Pure: the wording comes from the feature schema and the values of this one request.
import { featureDef, type FeatureValue } from '../features/schema.ts';
import type { Contribution } from '../model/scorer-types.ts';

export interface Factor {
  feature: string;
  value: FeatureValue;
  contribution: number;
  message: string;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function num(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toFixed(2)));
}
const pct = (v: number) => `${Number((v * 100).toFixed(1))} %`;
const yes = (v: number | string) => v === 1 || v === '1';

type Phrase = (v: number | string) => string;
// The nouns the count phrases put after a number; a count of exactly 1 takes the singular.
const PLURAL =
  /\b(subsystems|directories|files|lines|developers|days|commits|authors|tests|bits|incidents|minutes|deploys)\b/;
const singular = (w: string) => (w === 'directories' ? 'directory' : w.slice(0, -1));
const n =
  (f: (x: string) => string): Phrase =>
  (v) => {
    if (typeof v !== 'number') return f(v);
    const shown = num(v);
    const text = f(shown);
    if (shown !== '1') return text; // as shown: 1.003 minutes reads "1 minute"
    const end = text.indexOf(shown) + shown.length;
    return text.slice(0, end) + text.slice(end).replace(PLURAL, singular);
  };

const PHRASES: Record<string, Phrase> = {
  ns: n((x) => `${x} subsystems touched`),
  nd: n((x) => `${x} directories touched`),
  nf: n((x) => `${x} files touched`),
  entropy: n((x) => `changes spread with ${x} bits of entropy across files`),
  la: n((x) => `${x} lines added`),
  ld: n((x) => `${x} lines deleted`),
  lt: n((x) => `${x} lines in the touched files before the change`),
  fix: (v) => (yes(v) ? 'a commit says it fixes a bug' : 'no bug-fix commit'),
  ndev: n((x) => `${x} earlier developers of the touched files`),
  age: n((x) => `touched files last changed ${x} days ago on average`),
  nuc: n((x) => `${x} earlier commits to the touched files`),
  exp: n((x) => `author with ${x} earlier commits`),
  rexp: n((x) => `author's recent experience ${x} weighted commits`),
  sexp: n((x) => `author with ${x} earlier commits in these subsystems`),
  commits: n((x) => `${x} commits`),
  filesAdded: n((x) => `${x} files added`),
  filesDeleted: n((x) => `${x} files deleted`),
  filesRenamed: n((x) => `${x} files renamed`),
  churnTests: n((x) => `${x} lines changed in tests`),
  churnSource: n((x) => `${x} lines changed in source files`),
  churnConfig: n((x) => `${x} lines changed in config/infra files`),
  churnDocs: n((x) => `${x} lines changed in docs`),
  depsTouched: (v) => (yes(v) ? 'dependencies changed' : 'no dependency change'),
  migrationsTouched: (v) => (yes(v) ? 'a database migration changed' : 'no database migration'),
  revertPresent: (v) => (yes(v) ? 'the range contains a revert' : 'no revert in the range'),
  authors: n((x) => `${x} authors`),
  testsTotal: n((x) => `${x} tests run`),
  testsFailed: n((x) => `${x} tests failed`),
  testsErrored: n((x) => `${x} tests errored`),
  testsSkipped: n((x) => `${x} tests skipped`),
  testsFlaky: n((x) => `${x} flaky tests`),
  testDurationSeconds: n((x) => `tests ran for ${x} s`),
  testsAdded: n((x) => `${x} tests added since the last deploy`),
  testsRemoved: n((x) => `${x} tests removed since the last deploy`),
  environment: (v) => `deploying to ${v}`,
  hourOfWeek: (v) => {
    const h = Number(v);
    return `starts ${DAYS[Math.floor(h / 24)] ?? '?'} ${String(h % 24).padStart(2, '0')}:00 UTC`;
  },
  peakTraffic: (v) => (yes(v) ? 'during peak traffic' : 'outside peak traffic'),
  errorBudgetRemaining: (v) => `${pct(Number(v))} of the error budget left`,
  errorRate: (v) => `current error rate ${pct(Number(v))}`,
  openIncidents: n((x) => `${x} open incidents`),
  minutesSinceLastDeploy: n((x) => `${x} minutes since the previous deploy`),
  prevDeployOutcome: (v) => `previous deploy ${String(v).replace('_', ' ')}`,
  recentFailureRate: (v) => `${pct(Number(v))} of recent deploys failed`,
  // Counted over deploys with a recorded outcome, so not always the one just before (that is
  // prevDeployOutcome, which may be unknown while the streak is not).
  failureStreak: n((x) => `${x} failed deploys in a row before this one (of those with a known outcome)`),
};

export function describeValue(feature: string, value: FeatureValue): string {
  if (value === null) {
    const def = featureDef(feature);
    return `${def ? def.description.replace(/\.$/, '').toLowerCase() : feature}: unknown`;
  }
  const phrase = PHRASES[feature];
  if (phrase) return phrase(value);
  const def = featureDef(feature);
  const shown = typeof value === 'number' ? num(value) : value;
  return def ? `${shown} ${def.unit}` : `${feature} = ${shown}`;
}

export function factorMessage(c: Contribution): string {
  const direction =
    c.contribution > 0 ? 'raises the risk' : c.contribution < 0 ? 'lowers the risk' : 'has no effect';
  if (c.message) return `${c.message} ${direction}`;
  return `${describeValue(c.feature, c.value)} (${c.feature}${c.note ? `; ${c.note}` : ''}) ${direction}`;
}

/** The top `k` contributions by magnitude (the scorer already sorts them), worded. */
export function topFactors(contributions: readonly Contribution[], k = 5): Factor[] {
  return [...contributions]
    .filter((c) => Number.isFinite(c.contribution))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, k)
    .map((c) => ({
      feature: c.feature,
      value: c.value,
      contribution: Number(c.contribution.toFixed(4)),
      message: factorMessage(c),
    }));
}
