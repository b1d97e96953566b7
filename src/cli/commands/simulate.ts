import { writeFile } from 'node:fs/promises';
import type { Command } from '../command.ts';
import { numberFlag, parseFlags } from '../args.ts';
import { loadPolicyFile, loadRiskDistribution } from '../../collect/rollout-files.ts';
import { MODELS_DIR } from '../../model/scorer.ts';
import { DEFAULT_FAILURE_MODEL } from '../../rollout/failure-model.ts';
import { resolvePolicy } from '../../rollout/policy.ts';
import { DEFAULT_BETA, dominatedDeciles, simulate } from '../../rollout/simulate.ts';
import { renderSvg } from '../../rollout/svg.ts';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Monte Carlo: risk-paced rollouts vs Argo, Flagger, all-at-once and blue-green',
  help: `Usage: deployrisk simulate [--seed N] [--deploys N] [--risk-dist FILE] [--policy FILE]
                           [--service S] [--environment E] [--json] [--svg FILE]

Simulates deploys whose failure probability is drawn from a calibrated score distribution (a
deploy with score p fails with probability p) and rolls each out under every policy: ours (the
shipped risk-paced policy), the Argo Rollouts example (20/40/60/80/100 with pauses), Flagger's
defaults (stepWeight 10 to maxWeight 50, 1-minute interval, promote), all-at-once and blue-green.
Costs: user-minutes exposed to failing versions (per deploy) and mean minutes to 100 % for good
versions; also shown, the mean rollback window (minutes the previous version stays scaled up
after promotion: idle capacity that turns a late rollback into a traffic switch). The failure model and where its defaults come from: docs/rollout-simulation.md.

Options:
  --seed N          PRNG seed (default 1); the same seed gives the same figures
  --deploys N       simulated deploys (default 20000)
  --risk-dist FILE  JSON array of probabilities, a release-scores.json (scripts/release-scores.ts)
                    or a deploy-level model card.json; default: the default model's
                    release-scores.json (its deploy risk on real release ranges), else Beta(1, 8)
  --policy FILE     rollout policy overrides (YAML/JSON) instead of the shipped defaults
  --service S       service name for policy globs
  --environment E   production (default) or staging
  --json            print {"policies": [...], "bestFixed", "exposureReduction"}
  --svg FILE        write exposure vs time-to-100 % per policy as SVG
  -h, --help        this help

exposureReduction compares ours with the best fixed schedule whose mean time to 100 % is no
less than ours (null if none is that slow).

Exit codes: 0 done, 2 bad input.
`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      seed: { type: 'string' },
      deploys: { type: 'string' },
      'risk-dist': { type: 'string' },
      policy: { type: 'string' },
      service: { type: 'string' },
      environment: { type: 'string' },
      json: { type: 'boolean' },
      svg: { type: 'string' },
    });
    const seed = numberFlag(values.seed, '--seed', { min: 0, integer: true }) ?? 1;
    const deploys =
      numberFlag(values.deploys, '--deploys', { min: 100, max: 5_000_000, integer: true }) ?? 20_000;
    const policy = resolvePolicy(
      values.policy ? await loadPolicyFile(values.policy) : null,
      values.service,
      values.environment,
    );
    const { dist, source } = await loadRiskDistribution(
      values['risk-dist'],
      // The shipped models next to this install, as serve and score find them, from any directory.
      ctx.config.DEPLOYRISK_MODEL_DIR ?? MODELS_DIR,
      DEFAULT_BETA,
    );
    ctx.log.info(`simulating ${deploys} deploys, seed ${seed}, risk distribution: ${source}`);
    const report = simulate({
      seed: Math.floor(seed),
      deploys: Math.floor(deploys),
      riskDist: dist,
      model: DEFAULT_FAILURE_MODEL,
      policy,
    });
    if (values.svg) {
      await writeFile(
        values.svg,
        renderSvg(report, `Rollout policies, ${deploys} simulated deploys (seed ${seed})`),
      );
      ctx.log.info(`wrote ${values.svg}`);
    }
    if (values.json) {
      ctx.io.stdout(JSON.stringify(report) + '\n');
      return 0;
    }
    const w = Math.max(...report.policies.map((p) => p.name.length));
    const lines = [
      `${'policy'.padEnd(w)}  exposure (user-min/deploy)  mean min to 100 %  rollback window, min`,
      ...report.policies.map(
        (p) =>
          `${p.name.padEnd(w)}  ${p.badExposureUserMinutes.toFixed(1).padStart(26)}  ${p.meanMinutesToFull.toFixed(1).padStart(17)}  ${p.meanRollbackWindowMinutes.toFixed(1).padStart(19)}`,
      ),
      '',
      report.bestFixed === null
        ? 'no fixed schedule is as slow as ours on average: no exposure comparison'
        : `best fixed schedule no faster than ours: ${report.bestFixed}; exposure reduction ${(100 * (report.exposureReduction ?? 0)).toFixed(1)} %`,
    ];
    const ours = report.policies.find((p) => p.name === 'ours');
    const best = report.policies.find((p) => p.name === report.bestFixed);
    if (ours && best) {
      const bad = dominatedDeciles(ours, best);
      lines.push(
        bad.length
          ? `risk deciles where ours is worse on both costs: ${bad.join(', ')}`
          : 'no risk decile where ours is worse on both costs',
      );
    }
    ctx.io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
