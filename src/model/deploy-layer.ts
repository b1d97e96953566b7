// The deploy level (issue #13, GUIDE "Two levels of risk"): the probability that deploying
// base..head fails, from the per-commit probabilities of a commit model and the deploy's own
// signals. Pure arithmetic on parameters read from deploy-layer.json:
//
//   log-odds(code) = logit(r)                                       reference deploy failure rate
//                  + wc · (C − Cref)                                commits: C = max commit log-odds
//                  + Σ w_t · h_t(x)                                 environment, history, flaky tests
//   P(deploy fails) = 1 − (1 − P(code)) · (1 − P(red tests))        failing/erroring tests
//
// A red test run is evidence of a defect whatever the size of the change, so it is a cause of its
// own (noisy-OR), not a multiplier of the change's odds: a one-line change with failing tests is
// risky too. P(red tests) = σ(logit(p1) + wf · log2(failing + erroring)), 0 when every test passed.
//
// Every h_t is non-decreasing in the features the issue lists (failing and erroring tests, error
// rate, open incidents, error budget spent, failed deploys in a row) and 0 when they are unknown;
// every weight is ≥ 0 (the schema refuses others); the commit model is non-decreasing in lines
// added/deleted and files touched (training constrains it) and the max is non-decreasing in each
// commit. So the risk never goes down when any of them goes up (test/model/monotone.test.ts).
import { z } from 'zod';
import type { FeatureVector } from '../features/schema.ts';

const num = (v: FeatureVector, k: string): number | null => {
  const x = v[k];
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
};

export interface DeployTerm {
  name: string;
  /** Schema features it reads (attribution, monotonicity test). */
  features: readonly string[];
  /** Non-decreasing in each feature it reads; null when nothing it reads is known. */
  h(v: FeatureVector): number | null;
  /** The factor message, from the values of this request. */
  message(v: FeatureVector): string;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const pct = (x: number) => `${Number((x * 100).toFixed(1))} %`;

export const DEPLOY_TERMS = [
  {
    name: 'flakyTests',
    features: ['testsFlaky'],
    h: (v) => {
      const n = num(v, 'testsFlaky');
      return n === null ? null : Math.log2(1 + n);
    },
    message: (v) => `${plural(num(v, 'testsFlaky') ?? 0, 'test', 'tests')} passed only on a rerun (flaky)`,
  },
  {
    name: 'errorRate',
    features: ['errorRate'],
    // A healthy service fails a few requests: nothing up to 0.1 %, then one unit per doubling,
    // capped at 6 units (6.4 %).
    h: (v) => {
      const r = num(v, 'errorRate');
      return r === null ? null : Math.min(6, Math.max(0, Math.log2(r / 0.001)));
    },
    message: (v) => `the service's current error rate is ${pct(num(v, 'errorRate') ?? 0)}`,
  },
  {
    name: 'openIncidents',
    features: ['openIncidents'],
    h: (v) => {
      const n = num(v, 'openIncidents');
      return n === null ? null : Math.log2(1 + n);
    },
    message: (v) => `${plural(num(v, 'openIncidents') ?? 0, 'incident', 'incidents')} open on the service`,
  },
  {
    name: 'errorBudgetSpent',
    features: ['errorBudgetRemaining'],
    // Read as "budget spent" (1 − remaining). A healthy service spends some of it: nothing until
    // half is spent, then rising to 1 when it is exhausted.
    h: (v) => {
      const r = num(v, 'errorBudgetRemaining');
      return r === null ? null : Math.max(0, 1 - 2 * Math.min(1, Math.max(0, r)));
    },
    message: (v) => {
      const r = num(v, 'errorBudgetRemaining') ?? 0;
      return r <= 0 ? 'the error budget is exhausted' : `${pct(1 - r)} of the error budget is spent`;
    },
  },
  {
    name: 'failureStreak',
    features: ['failureStreak'],
    h: (v) => {
      const n = num(v, 'failureStreak');
      return n === null ? null : Math.log1p(Math.min(20, n));
    },
    message: (v) => `${plural(num(v, 'failureStreak') ?? 0, 'failed deploy', 'failed deploys')} in a row before this one`,
  },
  {
    name: 'recentFailureRate',
    features: ['recentFailureRate'],
    h: (v) => num(v, 'recentFailureRate'),
    message: (v) => `${pct(num(v, 'recentFailureRate') ?? 0)} of the service's recent deploys failed`,
  },
  {
    name: 'prevDeployFailed',
    features: ['prevDeployOutcome'],
    h: (v) => {
      const o = v.prevDeployOutcome;
      return typeof o === 'string' ? (o === 'succeeded' ? 0 : 1) : null;
    },
    message: (v) =>
      v.prevDeployOutcome === 'succeeded'
        ? 'the previous deploy succeeded'
        : `the previous deploy ${v.prevDeployOutcome === 'rolled_back' ? 'was rolled back' : 'failed'}`,
  },
] as const satisfies readonly DeployTerm[];

export type DeployTermName = (typeof DEPLOY_TERMS)[number]['name'];

/** Failing and erroring tests: a cause of failure of their own (noisy-OR with the rest). */
export function failingTestsOf(v: FeatureVector): number | null {
  const f = num(v, 'testsFailed'),
    e = num(v, 'testsErrored');
  if (f === null && e === null) return null;
  return (f ?? 0) + (e ?? 0);
}

export function failingTestsMessage(v: FeatureVector): string {
  const f = num(v, 'testsFailed') ?? 0,
    e = num(v, 'testsErrored') ?? 0;
  if (f + e === 0) return 'every reported test passed';
  const parts = [
    f > 0 ? plural(f, 'failing test', 'failing tests') : '',
    e > 0 ? plural(e, 'erroring test', 'erroring tests') : '',
  ];
  return `${parts.filter(Boolean).join(' and ')} in the deploy's reports`;
}
const TERM_NAMES = DEPLOY_TERMS.map((t) => t.name) as [DeployTermName, ...DeployTermName[]];

const weight = z.object({
  /** Log-odds per unit of h; ≥ 0 is what makes the deploy level monotone. */
  weight: z.number().min(0),
  /** 'prior' (set by argument, no public data fits it) or 'fitted'. */
  source: z.enum(['prior', 'fitted']),
  why: z.string(),
});

export const deployLayerSchema = z.object({
  layerVersion: z.literal(1),
  /** The deploy failure rate of a reference deploy (10 typical commits, nothing else known). */
  referenceFailureRate: z.number().gt(0).lt(1),
  referenceWhy: z.string(),
  commits: z.object({
    combiner: z.literal('max'),
    /** Log-odds of the deploy per log-odds of its riskiest commit, above the reference. */
    weight: z.number().min(0),
    /** The commits of the reference deploy: Cref is the median riskiest of this many. */
    referenceCommits: z.number().int().min(1),
    why: z.string(),
  }),
  terms: z.record(z.enum(TERM_NAMES), weight),
  failingTests: z.object({
    /** P(deploy fails | its test run is red), from the first failing or erroring test. */
    firstFailure: z.number().gt(0).lt(1),
    /** Log-odds added per doubling of failing + erroring tests beyond the first (≥ 0). */
    perDoubling: z.number().min(0),
    source: z.literal('prior'),
    why: z.string(),
  }),
  /** What each part was fitted on, in words (shown in the card and report). */
  provenance: z.array(z.string()),
});
export type DeployLayer = z.infer<typeof deployLayerSchema>;

export const logit = (p: number) => Math.log(p / (1 - p));
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Cref: the median log-odds of the riskiest of k independent commits, read from the commit
 * model's quantiles of single-commit probabilities (the max of k draws is below the u-quantile
 * with probability u^k, so its median is the 0.5^(1/k) quantile).
 */
export function commitReference(commitQuantiles: readonly number[], k: number): number {
  const u = Math.pow(0.5, 1 / k);
  const pos = u * (commitQuantiles.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(commitQuantiles.length - 1, lo + 1);
  const p = commitQuantiles[lo]! + (commitQuantiles[hi]! - commitQuantiles[lo]!) * (pos - lo);
  return logit(Math.min(1 - 1e-6, Math.max(1e-6, p)));
}

export interface DeployParts {
  /** log-odds of the deploy. */
  logit: number;
  /** wc · (C − Cref), or null when the deploy has no commit with metrics. */
  commits: number | null;
  terms: { name: string; features: readonly string[]; contribution: number; message: string }[];
}

/** The deploy's log-odds from its riskiest commit's log-odds (null = no commits) and its signals. */
export function deployLogit(
  layer: DeployLayer,
  cref: number,
  maxCommitLogit: number | null,
  v: FeatureVector,
): DeployParts {
  let code = logit(layer.referenceFailureRate);
  const commits = maxCommitLogit === null ? null : layer.commits.weight * (maxCommitLogit - cref);
  if (commits !== null) code += commits;
  const terms: DeployParts['terms'] = [];
  for (const t of DEPLOY_TERMS) {
    const w = layer.terms[t.name]?.weight ?? 0;
    const h = t.h(v);
    if (h === null || w === 0) continue;
    const c = w * h;
    code += c;
    terms.push({ name: t.name, features: t.features, contribution: c, message: t.message(v) });
  }
  const bad = failingTestsOf(v);
  if (bad === null || bad === 0) return { logit: code, commits, terms };
  const ft = layer.failingTests;
  const pRed = sigmoid(logit(ft.firstFailure) + ft.perDoubling * Math.log2(bad));
  const p = 1 - (1 - sigmoid(code)) * (1 - pRed);
  const total = logit(Math.min(1 - 1e-12, p));
  terms.push({
    name: 'failingTests',
    features: ['testsFailed', 'testsErrored'],
    contribution: total - code,
    message: failingTestsMessage(v),
  });
  return { logit: total, commits, terms };
}
