// The one feature schema. The collector produces it, the store keeps it, the trainer reads it,
// the model card records its version and ordered names, the scorer refuses a model whose card
// does not match, and the HTTP API accepts it as a request body.
//
// Every feature is nullable: null means "unknown" (the signal was not collected), which the model
// sees as a missing-value indicator, never as 0.
import { z } from 'zod';

/** Bump the major part when a name, unit or meaning changes; models trained on another major are refused. */
export const FEATURE_SCHEMA_VERSION = '1.1.0';

export type FeatureGroup = 'change' | 'tests' | 'environment';
export type FeatureKind = 'count' | 'real' | 'fraction' | 'bool' | 'category';

export interface FeatureDef {
  readonly name: string;
  readonly group: FeatureGroup;
  readonly kind: FeatureKind;
  readonly unit: string;
  readonly source: string;
  readonly description: string;
  /** Counts and sizes spread over orders of magnitude; models take log1p of them. */
  readonly heavyTailed?: boolean;
  readonly categories?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /**
   * Models get no "missing" indicator for it: the value is unknown only because the service has no
   * deploy history yet (a first deploy, or a pipeline new to deployrisk). In training data such a
   * gap means something else (a branch's first build, mostly from one project), and an indicator
   * learnt there made every first deploy look risky. Unknown sits at the training mean instead.
   */
  readonly noMissingIndicator?: boolean;
  /** Counted up to this: a larger value is read as the cap (the models never saw more). */
  readonly cap?: number;
}

/**
 * failureStreak is counted up to this many, in training and at scoring alike: the server's history
 * holds the last 20 deploys of a service, while CI build data has streaks of nearly 200.
 */
export const FAILURE_STREAK_CAP = 20;

const GIT = 'git history, non-merge commits in base..head';
const GIT_HISTORY = 'git history before each commit (store when mined, else computed on the fly)';
const JUNIT = 'Test reports of the build being deployed (JUnit XML, NUnit 2/3, xUnit.net, TRX)';
const ENV = 'environment state (--env file / API body) or the store of past deploys';

export const ENVIRONMENTS = ['production', 'staging', 'development', 'other'] as const;
export const DEPLOY_OUTCOMES = ['succeeded', 'failed', 'rolled_back'] as const;

// Order matters: it is the order of the model's input vector and is recorded in model cards.
export const FEATURES: readonly FeatureDef[] = [
  // ---- change: the 14 Kamei et al. (2013) just-in-time metrics, aggregated over the deploy range
  {
    name: 'ns',
    group: 'change',
    kind: 'count',
    unit: 'subsystems',
    source: GIT,
    heavyTailed: true,
    description: 'Distinct subsystems (top-level directories) touched in the range.',
  },
  {
    name: 'nd',
    group: 'change',
    kind: 'count',
    unit: 'directories',
    source: GIT,
    heavyTailed: true,
    description: 'Distinct directories touched in the range.',
  },
  {
    name: 'nf',
    group: 'change',
    kind: 'count',
    unit: 'files',
    source: GIT,
    heavyTailed: true,
    description: 'Distinct files touched in the range (binary files included, renames at their new path).',
  },
  {
    name: 'entropy',
    group: 'change',
    kind: 'real',
    unit: 'bits',
    source: GIT,
    min: 0,
    description: 'Shannon entropy (base 2) of lines added+deleted per file over the range; 0 for one file.',
  },
  {
    name: 'la',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT,
    heavyTailed: true,
    description: 'Lines added, summed over the commits.',
  },
  {
    name: 'ld',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT,
    heavyTailed: true,
    description: 'Lines deleted, summed over the commits.',
  },
  {
    name: 'lt',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT_HISTORY,
    heavyTailed: true,
    description: 'Lines of the touched files before their first change in the range, summed.',
  },
  {
    name: 'fix',
    group: 'change',
    kind: 'bool',
    unit: '0/1',
    source: GIT,
    description: 'Some commit message says fix/bug/defect/patch/… .',
  },
  {
    name: 'ndev',
    group: 'change',
    kind: 'count',
    unit: 'developers',
    source: GIT_HISTORY,
    heavyTailed: true,
    description: 'Distinct earlier authors of the touched files (max over the commits).',
  },
  {
    name: 'age',
    group: 'change',
    kind: 'real',
    unit: 'days',
    source: GIT_HISTORY,
    heavyTailed: true,
    min: 0,
    description: 'Mean days since the touched files last changed (mean over the commits).',
  },
  {
    name: 'nuc',
    group: 'change',
    kind: 'count',
    unit: 'commits',
    source: GIT_HISTORY,
    heavyTailed: true,
    description: 'Distinct earlier commits touching the files (max over the commits).',
  },
  {
    name: 'exp',
    group: 'change',
    kind: 'count',
    unit: 'commits',
    source: GIT_HISTORY,
    heavyTailed: true,
    description: "Author's earlier commits (min over the commits: the least experienced author).",
  },
  {
    name: 'rexp',
    group: 'change',
    kind: 'real',
    unit: 'weighted commits',
    source: GIT_HISTORY,
    heavyTailed: true,
    min: 0,
    description: "Author's earlier commits weighted 1/(1 + years ago) (min over the commits).",
  },
  {
    name: 'sexp',
    group: 'change',
    kind: 'count',
    unit: 'commits',
    source: GIT_HISTORY,
    heavyTailed: true,
    description: "Author's earlier commits in the same subsystems (min over the commits).",
  },
  // ---- change: beyond Kamei
  {
    name: 'commits',
    group: 'change',
    kind: 'count',
    unit: 'commits',
    source: GIT,
    heavyTailed: true,
    description: 'Non-merge commits in the range.',
  },
  {
    name: 'filesAdded',
    group: 'change',
    kind: 'count',
    unit: 'files',
    source: GIT,
    heavyTailed: true,
    description: 'Files added by commits in the range.',
  },
  {
    name: 'filesDeleted',
    group: 'change',
    kind: 'count',
    unit: 'files',
    source: GIT,
    heavyTailed: true,
    description: 'Files deleted by commits in the range.',
  },
  {
    name: 'filesRenamed',
    group: 'change',
    kind: 'count',
    unit: 'files',
    source: GIT,
    heavyTailed: true,
    description: 'Files renamed by commits in the range.',
  },
  {
    name: 'churnTests',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT,
    heavyTailed: true,
    description: 'Lines added+deleted in test files (test/, tests/, __tests__/, *_test.*, *.spec.*, …).',
  },
  {
    name: 'churnSource',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT,
    heavyTailed: true,
    description: 'Lines added+deleted in source files (everything not test, config/infra or docs).',
  },
  {
    name: 'churnConfig',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT,
    heavyTailed: true,
    description:
      'Lines added+deleted in config/infra files (YAML, Dockerfile, Terraform, CI, k8s, manifests…).',
  },
  {
    name: 'churnDocs',
    group: 'change',
    kind: 'count',
    unit: 'lines',
    source: GIT,
    heavyTailed: true,
    description: 'Lines added+deleted in docs (Markdown, docs/, README, CHANGELOG…).',
  },
  {
    name: 'depsTouched',
    group: 'change',
    kind: 'bool',
    unit: '0/1',
    source: GIT,
    description: 'A dependency manifest or lockfile changed (package.json, go.mod, pom.xml, *.lock…).',
  },
  {
    name: 'migrationsTouched',
    group: 'change',
    kind: 'bool',
    unit: '0/1',
    source: GIT,
    description: 'A database migration changed (paths with migrations/ or migrate/, *.sql under db/).',
  },
  {
    name: 'revertPresent',
    group: 'change',
    kind: 'bool',
    unit: '0/1',
    source: GIT,
    description: 'A commit in the range reverts another (git\'s "This reverts commit" or Revert "…").',
  },
  {
    name: 'authors',
    group: 'change',
    kind: 'count',
    unit: 'people',
    source: GIT,
    heavyTailed: true,
    description: 'Distinct authors (by e-mail) of the commits in the range.',
  },
  // ---- tests
  {
    name: 'testsTotal',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: JUNIT,
    heavyTailed: true,
    description:
      'Test cases in the reports, each counted as its producer counts it (a repeated name is another test; a rerun the producer writes inside one case counts once).',
  },
  {
    name: 'testsFailed',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: JUNIT,
    heavyTailed: true,
    description: 'Test cases that failed (after any reruns the producer wrote inside the case).',
  },
  {
    name: 'testsErrored',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: JUNIT,
    heavyTailed: true,
    description: 'Test cases that errored (after any reruns the producer wrote inside the case).',
  },
  {
    name: 'testsSkipped',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: JUNIT,
    heavyTailed: true,
    description: 'Test cases skipped, disabled, ignored or not run.',
  },
  {
    name: 'testsFlaky',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: JUNIT,
    heavyTailed: true,
    description:
      'Test cases the producer marks as failed then passed on a rerun (Surefire flakyFailure/flakyError).',
  },
  {
    name: 'testDurationSeconds',
    group: 'tests',
    kind: 'real',
    unit: 'seconds',
    source: JUNIT,
    heavyTailed: true,
    min: 0,
    description: 'Sum of test case durations.',
  },
  {
    name: 'testsAdded',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: `${JUNIT} vs the previous deploy of the service`,
    heavyTailed: true,
    description: 'Test cases present now but not in the previous recorded run of the service.',
  },
  {
    name: 'testsRemoved',
    group: 'tests',
    kind: 'count',
    unit: 'tests',
    source: `${JUNIT} vs the previous deploy of the service`,
    heavyTailed: true,
    description: 'Test cases in the previous recorded run of the service but not now.',
  },
  // ---- environment
  {
    name: 'environment',
    group: 'environment',
    kind: 'category',
    unit: 'name',
    source: ENV,
    categories: ENVIRONMENTS,
    description: 'Target environment.',
  },
  {
    name: 'hourOfWeek',
    group: 'environment',
    kind: 'count',
    unit: 'hours since Monday 00:00 UTC',
    source: ENV,
    min: 0,
    max: 167,
    description: 'When the deploy starts.',
  },
  {
    name: 'peakTraffic',
    group: 'environment',
    kind: 'bool',
    unit: '0/1',
    source: ENV,
    description: 'The deploy starts in peak traffic (given, or traffic level ≥ 0.8 of peak).',
  },
  {
    name: 'errorBudgetRemaining',
    group: 'environment',
    kind: 'fraction',
    unit: 'fraction 0..1',
    source: ENV,
    min: 0,
    max: 1,
    description: 'SLO error budget left in the current window.',
  },
  {
    name: 'errorRate',
    group: 'environment',
    kind: 'fraction',
    unit: 'fraction of requests 0..1',
    source: ENV,
    min: 0,
    max: 1,
    description: 'Current error rate of the service.',
  },
  {
    name: 'openIncidents',
    group: 'environment',
    kind: 'count',
    unit: 'incidents',
    source: ENV,
    heavyTailed: true,
    description: 'Open incidents touching the service.',
  },
  {
    name: 'minutesSinceLastDeploy',
    group: 'environment',
    kind: 'real',
    unit: 'minutes',
    source: ENV,
    heavyTailed: true,
    min: 0,
    noMissingIndicator: true,
    description: 'Minutes since the previous deploy of the service finished.',
  },
  {
    name: 'prevDeployOutcome',
    group: 'environment',
    kind: 'category',
    unit: 'outcome',
    source: ENV,
    categories: DEPLOY_OUTCOMES,
    noMissingIndicator: true,
    description: 'Outcome of the previous deploy of the service.',
  },
  {
    name: 'recentFailureRate',
    group: 'environment',
    kind: 'fraction',
    unit: 'fraction 0..1',
    source: ENV,
    min: 0,
    max: 1,
    noMissingIndicator: true,
    description: 'Share of the last N deploys of the service that failed or were rolled back.',
  },
  // ---- appended for the CI-build training data (BF-Detector comm_fail_rate_* / proj_fail_rate_history)
  {
    name: 'authorRecentFailureRate',
    group: 'environment',
    kind: 'fraction',
    unit: 'fraction 0..1',
    source: ENV,
    min: 0,
    max: 1,
    noMissingIndicator: true,
    description: 'Share of the last N earlier deploys by the same author(s) that failed or were rolled back.',
  },
  {
    name: 'historicalFailureRate',
    group: 'environment',
    kind: 'fraction',
    unit: 'fraction 0..1',
    source: ENV,
    min: 0,
    max: 1,
    noMissingIndicator: true,
    description: 'Share of all earlier deploys of the service that failed or were rolled back.',
  },
  // 1.1.0
  {
    name: 'failureStreak',
    group: 'environment',
    kind: 'count',
    unit: 'deploys',
    source: ENV,
    heavyTailed: true,
    min: 0,
    cap: FAILURE_STREAK_CAP,
    noMissingIndicator: true,
    description:
      'Failed or rolled-back deploys of the service in a row before this one, among those with a recorded outcome, counted up to 20 (0 when the latest of them succeeded).',
  },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
export const featureDef = (name: string): FeatureDef | undefined => FEATURES.find((f) => f.name === name);

export type FeatureValue = number | string | null;
export type FeatureVector = Record<string, FeatureValue>;

function fieldSchema(def: FeatureDef): z.ZodType<FeatureValue> {
  if (def.kind === 'category') {
    return z.enum(def.categories as [string, ...string[]]).nullable();
  }
  if (def.kind === 'bool') {
    // JSON clients send booleans; the vector keeps 0/1.
    return z
      .union([z.boolean(), z.literal(0), z.literal(1)])
      .nullable()
      .transform((v) => (v === null ? null : v ? 1 : 0));
  }
  let n = z.number().refine(Number.isFinite, 'must be a finite number');
  const min = def.min ?? 0;
  n = n.refine((v) => v >= min, `must be ≥ ${min}`);
  if (def.max !== undefined) {
    const max = def.max;
    n = n.refine((v) => v <= max, `must be ≤ ${max}`);
  }
  const cap = def.cap;
  if (cap !== undefined) return n.transform((v) => Math.min(v, cap)).nullable();
  return n.nullable();
}

const shape = Object.fromEntries(
  FEATURES.map((f) => [
    f.name,
    fieldSchema(f)
      .describe(`${f.description} Unit: ${f.unit}. Source: ${f.source}.`)
      .optional()
      .transform((v) => v ?? null),
  ]),
);

/** Accepts a partial vector (absent = unknown), refuses unknown names so a typo is not silently ignored. */
export const featureVectorSchema = z.strictObject(shape) as unknown as z.ZodType<FeatureVector>;

export function parseFeatureVector(input: unknown) {
  return featureVectorSchema.safeParse(input);
}

export function emptyFeatureVector(): FeatureVector {
  return Object.fromEntries(FEATURE_NAMES.map((n) => [n, null]));
}

/** The 14 Kamei metrics per commit, in their usual order. */
export const KAMEI_METRICS = [
  'ns',
  'nd',
  'nf',
  'entropy',
  'la',
  'ld',
  'lt',
  'fix',
  'ndev',
  'age',
  'nuc',
  'exp',
  'rexp',
  'sexp',
] as const;
export type KameiMetric = (typeof KAMEI_METRICS)[number];
export type KameiMetrics = Record<KameiMetric, number>;
