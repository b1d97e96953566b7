// Files the rollout layer needs, read and validated here so src/rollout/ stays pure: the policy
// file (YAML or JSON), deploy windows, a plan context, and the risk distribution for the simulator.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { policyFileSchema, type PolicyFile } from '../rollout/policy.ts';
import type { RiskDistribution } from '../rollout/simulate.ts';
import { deployWindowsSchema, type DeployWindow } from '../rollout/windows.ts';
import { trafficProfileSchema, type TrafficProfile } from '../rollout/traffic.ts';
import { readFailureText, readTextCapped } from './read-capped.ts';
import { z as zod } from 'zod';

const MAX_BYTES = 5 * 1024 * 1024;

async function readStructured(file: string): Promise<unknown> {
  const r = await readTextCapped(file, MAX_BYTES);
  if (!r.ok) throw new AppError('bad_input', `cannot read ${file}: ${readFailureText(r, MAX_BYTES)}`);
  try {
    // YAML 1.2 is a superset of JSON, so one parser serves both.
    return parseYaml(r.text);
  } catch (e) {
    throw new AppError('bad_input', `${file} is not valid YAML/JSON: ${(e as Error).message}`);
  }
}

function validated<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const r = schema.safeParse(data);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('bad_input', `${file}: ${msg}`, r.error.issues);
  }
  return r.data;
}

export async function loadTrafficProfileFile(file: string): Promise<TrafficProfile> {
  return validated(trafficProfileSchema, await readStructured(file), file);
}

export async function loadPolicyFile(file: string): Promise<PolicyFile> {
  return validated(policyFileSchema, await readStructured(file), file);
}

/** A list of windows, or an object with a `windows` list (e.g. an Argo CD AppProject-like file). */
export async function loadWindowsFile(file: string): Promise<DeployWindow[]> {
  const data = await readStructured(file);
  const list = Array.isArray(data) ? data : (data as { windows?: unknown } | null)?.windows;
  return validated(deployWindowsSchema, list, file);
}

const probabilities = zod.array(zod.number().min(0).max(1)).min(10);

/** scripts/release-scores.ts: the deploy risk of real release ranges, with what they are. */
const releaseScores = zod.object({ what: zod.string(), values: probabilities });
export const RELEASE_SCORES_FILE = 'release-scores.json';

/**
 * Scores in a model card: the card keeps 201 equally spaced quantiles (0 %, 0.5 %, …, 100 %) of the
 * calibrated validation scores; drawn uniformly they reproduce that distribution. A commit-level
 * card's scores are per-commit probabilities, not deploy risks: they are not a deploy distribution.
 */
function scoresFromCard(card: unknown): number[] | null {
  const c = card as Record<string, unknown> | null;
  if (c?.['level'] === 'commit') return null;
  const r = probabilities.safeParse(c?.['percentiles']);
  return r.success ? r.data : null;
}

export interface LoadedRiskDist {
  dist: RiskDistribution;
  source: string;
}

/**
 * --risk-dist FILE (JSON array of probabilities, a release-scores file, or a deploy-level card.json),
 * else the default model's release-scores.json, else its card if deploy-level, else Beta.
 */
export async function loadRiskDistribution(
  file: string | undefined,
  modelDir: string,
  fallback: RiskDistribution,
): Promise<LoadedRiskDist> {
  if (file) {
    const data = await readStructured(file);
    const arr = probabilities.safeParse(data);
    if (arr.success)
      return { dist: { kind: 'empirical', values: arr.data }, source: `${file} (${arr.data.length} scores)` };
    const rel = releaseScores.safeParse(data);
    if (rel.success)
      return { dist: { kind: 'empirical', values: rel.data.values }, source: `${file} (${rel.data.what})` };
    const scores = scoresFromCard(data);
    if (scores)
      return {
        dist: { kind: 'empirical', values: scores },
        source: `${file} (model card, ${scores.length} validation scores)`,
      };
    throw new AppError(
      'bad_input',
      `${file}: expected a JSON array of at least 10 probabilities, a release-scores file (scripts/release-scores.ts) or a deploy-level model card with validation scores`,
    );
  }
  try {
    const version = (await readFile(join(modelDir, 'DEFAULT'), 'utf8')).trim();
    const relPath = join(modelDir, version, RELEASE_SCORES_FILE);
    const rel = releaseScores.safeParse(JSON.parse(await readFile(relPath, 'utf8').catch(() => 'null')));
    if (rel.success)
      return {
        dist: { kind: 'empirical', values: rel.data.values },
        source: `${join(version, RELEASE_SCORES_FILE)} (${rel.data.values.length} scores: ${rel.data.what})`,
      };
    const cardPath = join(modelDir, version, 'card.json');
    const scores = scoresFromCard(JSON.parse(await readFile(cardPath, 'utf8')));
    if (scores)
      return {
        dist: { kind: 'empirical', values: scores },
        source: `${cardPath} (${scores.length} validation scores)`,
      };
  } catch {
    // no shipped model yet, or an unreadable card: fall through to the documented fallback
  }
  return {
    dist: fallback,
    source:
      fallback.kind === 'beta'
        ? `Beta(${fallback.a}, ${fallback.b}) fallback (no model card with validation scores)`
        : 'fallback',
  };
}
