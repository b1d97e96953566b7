import type { Command } from '../command.ts';
import { dateFlag, numberFlag, parseFlags, requireFlag } from '../args.ts';
import { AppError } from '../../errors.ts';
import { readEnvFile } from '../../collect/env-file.ts';
import { loadPolicyFile, loadTrafficProfileFile, loadWindowsFile } from '../../collect/rollout-files.ts';
import { planRollout, resolvePolicy, type RolloutContext } from '../../rollout/index.ts';
import {
  formatProbability,
  isRiskLevel,
  levelOf,
  levelRule,
  RISK_LEVELS,
  scaleDescription,
} from '../../risk/scale.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Print the rollout plan for a failure probability (pace, windows, error budget)',
  help: `Usage: deployrisk plan --risk P [--level L] [--env FILE] [--windows FILE] [--policy FILE]
                       [--traffic-profile FILE] [--at ISO] [--service S] [--environment E]
                       [--fix] [--requests-per-minute N] [--json]

Turns a calibrated failure probability into a rollout plan: decision (proceed, caution, hold),
strategy (canary, blue-green, hold), Argo Rollouts steps, the equivalent Flagger analysis,
expected minutes to 100 %, the gates to watch and the reasons. More risk never gives a larger
first step, shorter bakes or a shorter total.

Options:
  --risk P                 failure probability 0..1 (required); its level on the one risk
                           scale (${scaleDescription()}) sets the pace
  --level L                optional check: the level you expect (${RISK_LEVELS.join(', ')});
                           refused when it is not the level of P
  --env FILE               environment state JSON (same file as \`deployrisk features --env\`):
                           environment, at, errorBudgetRemaining, errorRate, openIncidents,
                           peakTraffic, trafficLevel
  --windows FILE           deploy windows, YAML or JSON: a list (or {windows: [...]}) of
                           {kind: allow|deny, schedule: "0 9 * * 1-5", duration: "8h",
                            timeZone: "Europe/Berlin", services: ["pay-*"], description}
                           Argo CD semantics: deny wins; with any allow window, deploy only
                           inside one; no windows → allowed
  --policy FILE            rollout policy overrides, YAML or JSON (see docs/rollout-simulation.md)
  --traffic-profile FILE   {timeZone, weights: [168 numbers, Sunday 00:00 first]}
  --at ISO                 start time (default: the env file's "at", else now)
  --service S              service name, matched against window and policy globs
  --environment E          production (default) or staging; overrides the env file
  --fix                    the change is a fix or revert (may deploy on an exhausted budget)
  --requests-per-minute N  traffic at 100 %; too little → blue-green
  --json                   print the plan as one JSON document
  -h, --help               this help

Exit codes: 0 proceed or caution, 1 hold, 2 bad input.
`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      risk: { type: 'string' },
      level: { type: 'string' },
      env: { type: 'string' },
      windows: { type: 'string' },
      policy: { type: 'string' },
      'traffic-profile': { type: 'string' },
      at: { type: 'string' },
      service: { type: 'string' },
      environment: { type: 'string' },
      fix: { type: 'boolean' },
      'requests-per-minute': { type: 'string' },
      json: { type: 'boolean' },
    });
    const probability = numberFlag(requireFlag(values.risk, '--risk'), '--risk', {
      min: 0,
      max: 1,
    }) as number;
    if (values.level !== undefined && !isRiskLevel(values.level)) {
      throw new AppError('bad_input', `--level must be one of ${RISK_LEVELS.join(', ')}`);
    }
    // One scale: a level is a function of the probability, so a second opinion can only disagree.
    const level = levelOf(probability);
    if (values.level !== undefined && values.level !== level) {
      throw new AppError(
        'bad_input',
        `--level ${values.level} disagrees with --risk ${probability}: that probability is ${levelRule(level)} on the one risk scale (${scaleDescription()})`,
      );
    }
    const env = values.env ? await readEnvFile(values.env) : {};
    // The env file's `at` is already checked by its schema (ISO-8601 or epoch ms).
    const at = new Date(dateFlag(values.at, '--at') ?? env.at ?? Date.now());
    const environment = values.environment ?? env.environment ?? 'production';
    const policyFile = values.policy ? await loadPolicyFile(values.policy) : null;
    const policy = resolvePolicy(policyFile, values.service, environment);
    const context: RolloutContext = {
      environment,
      errorBudgetRemaining: env.errorBudgetRemaining ?? null,
      errorRate: env.errorRate ?? null,
      openIncidents: env.openIncidents ?? null,
      peakTraffic: env.peakTraffic ?? null,
      trafficLevel: env.trafficLevel ?? null,
      fixOrRevert: values.fix === true,
      at,
      service: values.service ?? null,
      windows: values.windows ? await loadWindowsFile(values.windows) : null,
      trafficProfile: values['traffic-profile']
        ? await loadTrafficProfileFile(values['traffic-profile'])
        : null,
      requestsPerMinute:
        numberFlag(values['requests-per-minute'], '--requests-per-minute', { min: 0 }) ?? null,
    };
    const plan = planRollout({ probability }, context, policy);
    if (values.json) ctx.io.stdout(JSON.stringify(plan, null, 2) + '\n');
    else {
      const lines = [
        `risk: ${formatProbability(probability)}, ${levelRule(level)}${plan.band !== level ? ' (paced more carefully: see reasons)' : ''}`,
        `decision: ${plan.decision}   strategy: ${plan.strategy}`,
        `expected minutes to 100%: ${plan.expectedMinutesToFull ?? '—'}${plan.nextAllowedAt ? `   next allowed start: ${plan.nextAllowedAt}` : ''}`,
        ...(plan.steps.length ? ['argo steps:', ...plan.steps.map((s) => `  - ${JSON.stringify(s)}`)] : []),
        `flagger: ${JSON.stringify(plan.flagger)}`,
        `gates: ${plan.metricGates.join('; ')}`,
        'reasons:',
        ...plan.reasons.map((r) => `  - ${r}`),
      ];
      ctx.io.stdout(lines.join('\n') + '\n');
    }
    return plan.decision === 'hold' ? 1 : 0;
  },
};
