// The deploy layer's parameters (model/deploy-layer.ts): which are fitted on public data, which
// are priors, and why. Written next to the shipped commit model as deploy-layer.json.
//
// - History (failed deploys in a row, recent failure rate, previous outcome): fitted on the CI-build
//   data (BF-Detector): a logistic regression of "the build failed" on the three history terms plus
//   one intercept per project (so a project's base rate is not read as a history effect), weights
//   held ≥ 0. Evidence: the same fit on each project's oldest 80 % ranks its newest 20 %.
// - Tests and environment: priors. No public dataset pairs test results, incidents, error rates or
//   error budgets with production outcomes; BF-Detector has no failing-test counts.
// - Commits: the riskiest commit's log-odds, weight 1 above the reference (10 commits). Chosen on
//   JIT windows (training/RESULTS.md): noisy-OR ranks windows that contain a bug-inducing commit
//   slightly better, but its odds grow in proportion to the number of commits.
import { fitLogisticNonNegative, logisticLogits } from '../model/logistic.ts';
import {
  DEPLOY_TERMS,
  deployLayerSchema,
  type DeployLayer,
  type DeployTermName,
} from '../model/deploy-layer.ts';
import type { Dataset } from './dataset.ts';
import { rocAuc } from './metrics.ts';
import { round } from './evaluate.ts';
import { sortByTime } from './split.ts';
import { LEVEL_CUTS, REFERENCE_FAILURE_RATE } from '../risk/scale.ts';

const HISTORY: readonly DeployTermName[] = ['failureStreak', 'recentFailureRate', 'prevDeployFailed'];
const term = (n: DeployTermName) => DEPLOY_TERMS.find((t) => t.name === n)!;

export interface HistoryFit {
  weights: Record<string, number>;
  rows: number;
  /** Per project: AUC of the history terms alone on its newest 20 %, fitted on the oldest 80 %. */
  heldOut: { project: string; auc: number | null }[];
  meanHeldOutAuc: number;
}

function design(datasets: readonly Dataset[], pick: (d: Dataset) => Dataset['rows']) {
  const P = datasets.length;
  const d = HISTORY.length + P;
  const xs: number[] = [];
  const ys: number[] = [];
  datasets.forEach((ds, p) => {
    for (const r of pick(ds)) {
      for (const n of HISTORY) xs.push(term(n).h(r.features) ?? 0);
      for (let q = 0; q < P; q++) xs.push(q === p ? 1 : 0);
      ys.push(r.label);
    }
  });
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), d };
}

/** History weights on CI-build datasets (one per project), with held-out evidence. */
export function fitHistory(datasets: readonly Dataset[]): HistoryFit {
  const nonNeg = HISTORY.map((_, i) => i);
  const all = design(datasets, (d) => d.rows);
  const m = fitLogisticNonNegative(all.x, all.y, all.d, nonNeg, { l2: 1 });
  const weights = Object.fromEntries(HISTORY.map((n, i) => [n, round(m.weights[i]!, 4)]));
  const heldOut = datasets.map((ds) => {
    const sorted = sortByTime(ds.rows).rows;
    const cut = Math.round(sorted.length * 0.8);
    const others = datasets.map((o) => (o === ds ? { ...o, rows: sorted.slice(0, cut) } : o));
    const fit = design(others, (o) => o.rows);
    const mm = fitLogisticNonNegative(fit.x, fit.y, fit.d, nonNeg, { l2: 1 });
    const test = design([{ ...ds, rows: sorted.slice(cut) }], (o) => o.rows);
    // Only the history weights rank within one project (its intercept is a constant there).
    const w = { weights: [...mm.weights.slice(0, HISTORY.length), 0], bias: 0 };
    const logits = logisticLogits(w, test.x, test.d);
    return { project: ds.source.replace(/^.*\//, ''), auc: rocAuc(logits, test.y) };
  });
  const aucs = heldOut.flatMap((h) => (h.auc === null ? [] : [h.auc]));
  return {
    weights,
    rows: all.y.length,
    heldOut: heldOut.map((h) => ({ ...h, auc: h.auc === null ? null : round(h.auc) })),
    meanHeldOutAuc: round(aucs.reduce((s, a) => s + a, 0) / aucs.length),
  };
}

export function buildDeployLayer(history: HistoryFit, sources: string): DeployLayer {
  const fitted = (n: DeployTermName) => ({
    weight: history.weights[n]!,
    source: 'fitted' as const,
    why: `logistic regression on ${history.rows} CI builds (${sources}) with one intercept per project, weight held ≥ 0; history terms alone rank each project's newest 20 % at mean AUC ${history.meanHeldOutAuc}`,
  });
  const prior = (weight: number, why: string) => ({ weight, source: 'prior' as const, why });
  return deployLayerSchema.parse({
    layerVersion: 1,
    referenceFailureRate: REFERENCE_FAILURE_RATE,
    referenceWhy:
      "a typical team's change failure rate, the same reference the risk scale's cuts are multiples of (src/risk/scale.ts); a deploy of 10 commits of median risk with nothing else known scores this",
    commits: {
      combiner: 'max',
      weight: 1,
      referenceCommits: 10,
      why: 'the deploy is as risky as its riskiest commit: max of the commit log-odds, 1 log-odds of deploy per log-odds of commit above the median riskiest of 10 commits. On windows of 1–30 consecutive commits of the JIT data, the max ranked "contains a bug-inducing commit" at AUC 0.838 against 0.849 for noisy-OR and 0.727 for the mean (training/RESULTS.md); noisy-OR\'s odds grow in proportion to the number of commits, which made every large routine release critical',
    },
    terms: {
      flakyTests: prior(0.15, 'prior: each doubling of tests that passed only on a rerun adds 0.15 log-odds'),
      errorRate: prior(
        0.3,
        'prior: nothing up to an error rate of 0.1 % (a healthy service), then 0.3 log-odds per doubling, capped at 6 doublings: a service already failing requests is more likely to fail a deploy and to hide a regression',
      ),
      openIncidents: prior(1, 'prior: 1 log-odds for the first open incident, 1 more per doubling'),
      errorBudgetSpent: prior(
        1,
        'prior: nothing until half the error budget is spent (a healthy service spends some), then rising to 1 log-odds when it is exhausted; the rollout plan also holds non-fix deploys on an exhausted budget',
      ),
      failureStreak: fitted('failureStreak'),
      recentFailureRate: fitted('recentFailureRate'),
      prevDeployFailed: fitted('prevDeployFailed'),
    },
    failingTests: {
      firstFailure: LEVEL_CUTS.high,
      perDoubling: 0.5,
      source: 'prior',
      why: 'prior: a red test run is evidence of a defect whatever the size of the change, so it is a cause of failure of its own, combined with the rest by noisy-OR: a deploy whose reports have one failing or erroring test fails at least three times as often as the reference deploy, each doubling of their number adds 0.5 log-odds to that. No public dataset pairs test results with production outcomes (BF-Detector has no failing-test counts)',
    },
    provenance: [
      "commits: the commit model of this directory (or the registry's active one), combined by max",
      `history terms: fitted on ${sources}`,
      'tests and environment terms: documented priors (no public data fits them)',
    ],
  });
}
