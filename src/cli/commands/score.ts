import { readFile } from 'node:fs/promises';
import { collectDeployFeatures } from '../../collect/deploy-features.ts';
import { readEnvFile } from '../../collect/env-file.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { EnvironmentState } from '../../features/environment.ts';
import { FEATURES, type FeatureVector } from '../../features/schema.ts';
import { ALERT_LEVELS, alertLevelSchema, levelOf, scaleDescription } from '../../risk/scale.ts';
import { gateDecision, type FailOn } from '../../serve/gate-policy.ts';
import type { ScoreResponse } from '../../serve/scoring.ts';
import { numberFlag, parseFlags, requireFlag } from '../args.ts';
import type { CliContext, Command } from '../command.ts';
import { EXIT, exitCodeFor } from '../exit-codes.ts';
import { localScorer, remoteScorer, type ScoreCall } from '../score-client.ts';

/** The deploy-history features (those that mean "no history yet" when unknown). */
const HISTORY_FEATURES = FEATURES.filter((f) => f.noMissingIndicator).map((f) => f.name);

const FORMATS = ['text', 'json', 'markdown', 'slack'] as const;

const OPTIONS = {
  repo: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  junit: { type: 'string', multiple: true },
  env: { type: 'string' },
  features: { type: 'string' },
  service: { type: 'string' },
  environment: { type: 'string' },
  'fail-on': { type: 'string' },
  'max-risk': { type: 'string' },
  observe: { type: 'boolean' },
  format: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  'fail-open': { type: 'boolean' },
  db: { type: 'string' },
} as const;

/** A vector, or `deployrisk features --json` output (its vector and its commits). */
async function readFeatureFile(path: string): Promise<{ features: FeatureVector; commits?: unknown[] }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AppError('bad_input', `--features ${path}: ${(e as Error).message}`);
  }
  const o = json as { features?: unknown; commits?: unknown } | null;
  if (o?.features === undefined) return { features: json as FeatureVector };
  return {
    features: o.features as FeatureVector,
    ...(Array.isArray(o.commits) ? { commits: o.commits } : {}),
  };
}

interface Verdict {
  response: ScoreResponse;
  proceed: boolean;
  reason: string;
}

function render(format: (typeof FORMATS)[number], r: ScoreResponse): string {
  if (format === 'json') return JSON.stringify(r);
  if (format === 'markdown') return r.summary.markdown;
  if (format === 'slack') return JSON.stringify(r.summary.slack);
  return r.summary.text;
}

async function scoreOnce(argv: string[], ctx: CliContext): Promise<{ code: number; verdict?: Verdict }> {
  const { values } = parseFlags(argv, OPTIONS);
  const format = (values.format ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new AppError('bad_input', `--format must be one of ${FORMATS.join(', ')}`);
  const failOnFlag = values['fail-on'];
  if (failOnFlag !== undefined && !alertLevelSchema.safeParse(failOnFlag).success)
    throw new AppError('bad_input', `--fail-on must be one of ${ALERT_LEVELS.join(', ')}`);
  const failOn = failOnFlag as FailOn | undefined;
  const maxRisk = numberFlag(values['max-risk'], '--max-risk', { min: 0, max: 1 });
  if (failOn !== undefined && maxRisk !== undefined)
    throw new AppError('bad_input', 'give --fail-on or --max-risk, not both');
  if (values.token && !values.server) throw new AppError('bad_input', '--token needs --server');
  // Flags that would otherwise be dropped without a word: the gate must not look at less than
  // the pipeline thinks it gave it.
  if (values.server && values.db)
    throw new AppError(
      'bad_input',
      "--db is for local mode; with --server the deployment is recorded in the server's store",
    );
  if (values.features && values.junit?.length)
    throw new AppError(
      'bad_input',
      '--junit needs --repo/--base/--head; with --features put the test counts in the vector (testsTotal, testsFailed, ...)',
    );

  const envState: EnvironmentState | undefined = values.env
    ? await readEnvFile(values.env, { maxBytes: ctx.config.DEPLOYRISK_MAX_REPORT_BYTES })
    : undefined;
  const envName = values.environment ?? envState?.environment ?? 'production';
  let features: FeatureVector;
  let commits: unknown[] | undefined;
  let collectionWarnings: string[] = [];
  if (values.features) {
    if (values.repo || values.base || values.head)
      throw new AppError('bad_input', 'give --features or --repo/--base/--head, not both');
    const read = await readFeatureFile(values.features);
    features = read.features;
    commits = read.commits;
  } else {
    const out = await collectDeployFeatures({
      repoPath: values.repo ?? '.',
      base: requireFlag(values.base, '--base'),
      head: requireFlag(values.head, '--head'),
      junitFiles: values.junit ?? [],
      ...(values.service ? { service: values.service } : {}),
      maxReportBytes: ctx.config.DEPLOYRISK_MAX_REPORT_BYTES,
      now: new Date(),
    });
    features = out.features;
    commits = out.commits.map((c) => ({
      sha: c.sha,
      features: c.features,
      ...(c.percentiles ? { percentiles: c.percentiles } : {}),
    }));
    // They travel in the answer (warnings), not only in this process's log.
    collectionWarnings = out.warnings;
  }
  let historyWarning: string | null = null;
  const noHistory = (w: string) => {
    ctx.log.warn(w);
    historyWarning = w;
  };
  const body: {
    service: string;
    environment: unknown;
    features: FeatureVector;
    commits?: unknown[];
    collectionWarnings?: string[];
  } = {
    service: values.service ?? 'default',
    environment: { ...envState, environment: envName },
    features,
    ...(commits && commits.length > 0 ? { commits } : {}),
    ...(collectionWarnings.length > 0 ? { collectionWarnings } : {}),
  };

  let call: ScoreCall;
  let close = async () => {};
  if (values.server) {
    call = remoteScorer(values.server, values.token);
  } else {
    // Without a store or an env file that gives it, the previous-deploy features are unknown: they
    // sit at the training mean (no missing indicator, schema noMissingIndicator), so the score
    // neither rises nor falls with the service's track record, which the user may not expect.
    if (
      !values.db &&
      !envState?.lastDeployOutcome &&
      !envState?.lastDeployAt &&
      !envState?.recentOutcomes?.length &&
      !HISTORY_FEATURES.some((name) => (features[name] ?? null) !== null)
    )
      noHistory(
        `no deploy history for ${body.service}: without --db (a store with its earlier deploys and outcomes) or ` +
          'lastDeployAt/lastDeployOutcome in --env, the previous-deploy features are unknown and the score ' +
          "ignores the service's track record; use --server, --db or --env",
      );
    const local = await localScorer(ctx.config, ctx.log, values.db);
    if (body.collectionWarnings === undefined && historyWarning) body.collectionWarnings = [];
    if (historyWarning) body.collectionWarnings!.push(historyWarning);
    call = local.call;
    close = local.close;
  }
  let response: ScoreResponse;
  try {
    response = await call(body);
  } finally {
    await close();
  }
  const d = gateDecision(response.risk, response.rollout, {
    ...(failOn ? { failOn } : {}),
    ...(maxRisk !== undefined ? { maxRisk } : {}),
  });
  ctx.io.stdout(render(format, response) + '\n');
  return {
    code: d.proceed ? EXIT.ok : EXIT.blocked,
    verdict: { response, proceed: d.proceed, reason: d.reason },
  };
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score a deploy and gate it: exit 0 proceed, 1 blocked (locally or against a server)',
  help: `Usage: deployrisk score [--repo PATH] --base REF --head REF [--junit FILE_OR_GLOB ...]
                        [--env FILE] [--service NAME] [--environment NAME]
                        [--fail-on ${ALERT_LEVELS.join('|')} | --max-risk P] [--observe]
                        [--format text|json|markdown|slack] [--server URL [--token T]] [--fail-open]
       deployrisk score --features FILE ...   (a vector from \`deployrisk features --json\`)

Collects the deploy's signals here (git range, JUnit reports, environment file), scores them
in-process (the shipped model, or the active model of --db), or with --server against a running
\`deployrisk serve\`, prints the result and answers as a pipeline gate through the exit code.

Options:
  --repo PATH          git work tree (default .)
  --base REF           last deployed commit (required unless --features)
  --head REF           commit to deploy (required unless --features)
  --junit PATTERN      test report (JUnit, NUnit, xUnit.net, TRX): file, directory or glob
                       (*, ?, **, [ab], {a,b}); repeatable
  --env FILE           environment state JSON (same fields as "environment" in the API)
  --features FILE      score a ready feature vector instead of collecting
  --service NAME       service name (default "default")
  --environment NAME   target environment (default: the env file's, else production)
  --fail-on LEVEL      block at this risk level or above (default high); the levels are
                       the one risk scale: ${scaleDescription()}
  --max-risk P         block above this probability 0..1 (instead of --fail-on)
  --observe            never block: always exit 0, print what the gate would have done
  --format F           text (default), json (= the HTTP response), markdown, slack
  --server URL         score against a running server (e.g. http://deployrisk:8080)
  --token T            bearer token for --server (scope score)
  --fail-open          exit 0 when the server is unreachable or failing (a warning is printed);
                       a refused token (401/403) still exits 2
  --db URL             local mode: score with this store's active model (deployrisk models
                       activate) and record the deployment there (default: shipped model, not
                       recorded)
  -h, --help           this help

The gate also holds when the rollout plan says hold (exhausted error budget, deploy window).
Exit codes: 0 proceed, 1 blocked by the gate, 2 usage or input error (also a token the server
refuses), 3 service unreachable (0 with --fail-open), 4 internal error (e.g. no model).
--observe always exits 0.
`,
  async run(argv, ctx) {
    const observe = argv.includes('--observe');
    const failOpen = argv.includes('--fail-open');
    let code: number;
    let verdict: Verdict | undefined;
    let error: string | undefined;
    try {
      ({ code, verdict } = await scoreOnce(argv, ctx));
    } catch (e) {
      if (!isAppError(e)) throw e;
      code = exitCodeFor(e.code);
      error = e.message;
    }
    if (error !== undefined && !observe) ctx.io.stderr(`deployrisk score: ${error}\n`);
    if (code === EXIT.unreachable && failOpen) {
      ctx.io.stderr(
        'deployrisk score: --fail-open: the risk service is unreachable, letting the deploy proceed\n',
      );
      code = EXIT.ok;
    }
    if (verdict) {
      const level = levelOf(verdict.response.risk.probability);
      const line = verdict.proceed
        ? `proceed (${level}): ${verdict.reason}`
        : `blocked (${level}): ${verdict.reason}`;
      if (!observe) ctx.io.stderr(`gate: ${line}\n`);
    }
    if (observe) {
      const what = verdict
        ? verdict.proceed
          ? `let the deploy proceed: ${verdict.reason}`
          : `BLOCKED the deploy: ${verdict.reason}`
        : `failed: ${error ?? 'unknown error'}`;
      ctx.io.stderr(`observe: the gate would have ${what} (exit ${code}); exiting 0\n`);
      return EXIT.ok;
    }
    return code;
  },
};
