// The model card: everything needed to replay a model's preprocessing and to judge whether it
// fits the running code. Loading parses it with zod and checks it against the feature schema
// and the weight files; any mismatch refuses the model.
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureDef } from '../features/schema.ts';
import { derivedDef } from './derived.ts';
import { usedFeatures } from './preprocess.ts';

const column = z.object({
  name: z.string(),
  source: z.string(),
  op: z.enum(['value', 'missing', 'onehot']),
  log: z.boolean(),
  category: z.string().optional(),
  mean: z.number(),
  std: z.number().positive(),
});

const finite = z.number().refine(Number.isFinite);
const probability = z.number().min(0).max(1);

export const cardSchema = z.object({
  cardVersion: z.literal(1),
  version: z.string().min(1),
  createdAt: z.string(),
  backend: z.string(),
  level: z.enum(['commit', 'build', 'deploy', 'mixed']),
  levelNote: z.string(),
  featureSchemaVersion: z.string(),
  featureNames: z.array(z.string()),
  usedFeatures: z.array(z.string()),
  preprocess: z.object({ columns: z.array(column).min(1), clip: z.number().positive() }),
  network: z.object({
    inputs: z.number().int().positive(),
    hidden: z.number().int().positive(),
    members: z.number().int().min(0),
    alpha: finite,
  }),
  calibration: z.object({ method: z.literal('platt'), a: finite, b: finite, fittedOn: z.string() }),
  thresholds: z.object({
    decision: probability,
    medium: probability,
    high: probability,
    critical: probability,
  }),
  /** Calibrated validation probabilities at quantiles 0, 0.5 %, …, 100 % (201 points). */
  percentiles: z
    .array(probability)
    .min(2)
    .refine((q) => q.every((x, i) => i === 0 || q[i - 1]! <= x), 'percentiles must not decrease'),
  attribution: z.string(),
  files: z.object({ modelJsonSha256: z.string(), weightsSha256: z.string() }),
  data: z.array(
    z.object({
      source: z.string(),
      sha256: z.string().nullable(),
      format: z.string(),
      level: z.string(),
      rows: z.number().int(),
    }),
  ),
  metrics: z.record(z.string(), z.unknown()),
  trainingConfig: z.record(z.string(), z.unknown()),
  notes: z.array(z.string()),
  /** 'percentile': commit metrics are read as percentiles within their repository. */
  inputs: z.enum(['schema', 'percentile']).default('schema'),
  /** Features the model is non-decreasing in, by construction. */
  monotone: z.array(z.string()).default([]),
  /**
   * Where percentiles come from when the repository's own history is unknown: the pooled
   * distribution of the training commits, and what they were, in words.
   */
  reference: z
    .object({ quantiles: z.record(z.string(), z.array(z.number())), note: z.string() })
    .optional(),
});

export type ModelCard = z.infer<typeof cardSchema>;

export function parseCard(json: unknown, where: string): ModelCard {
  const parsed = cardSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const at = first ? ` (${first.path.join('.') || 'card'}: ${first.message})` : '';
    throw new AppError('bad_input', `${where}: invalid model card${at}`, parsed.error.issues.slice(0, 10));
  }
  return parsed.data;
}

const major = (v: string) => v.split('.')[0];

/**
 * The card must be for this feature schema: same major version, and its ordered feature names a
 * prefix of ours (features appended later are unknown to the model and simply unused).
 */
export function checkCardSchema(card: ModelCard): void {
  if (major(card.featureSchemaVersion) !== major(FEATURE_SCHEMA_VERSION)) {
    throw new AppError(
      'schema_mismatch',
      `model was trained on feature schema ${card.featureSchemaVersion}, this build has ${FEATURE_SCHEMA_VERSION}`,
    );
  }
  const mismatch = card.featureNames.findIndex((n, i) => FEATURE_NAMES[i] !== n);
  if (mismatch >= 0 || card.featureNames.length > FEATURE_NAMES.length) {
    throw new AppError(
      'schema_mismatch',
      `model feature names differ from the schema at position ${mismatch}`,
      {
        model: card.featureNames[mismatch],
        schema: FEATURE_NAMES[mismatch],
      },
    );
  }
  const unknown = card.usedFeatures.filter((f) => !card.featureNames.includes(f));
  if (unknown.length)
    throw new AppError('schema_mismatch', `model uses features not in its schema: ${unknown.join(', ')}`);
  // Every input column must read something this schema has; a column that silently read nothing
  // would score every request as if the value were missing.
  for (const c of card.preprocess.columns) {
    const reads = derivedDef(c.source)?.inputs ?? [c.source];
    const badCategory = c.op === 'onehot' && !featureDef(c.source)?.categories?.includes(c.category ?? '');
    if (badCategory || reads.some((f) => !card.featureNames.includes(f)))
      throw new AppError(
        'schema_mismatch',
        `model input column "${c.name}" reads ${c.op === 'onehot' ? `${c.source}=${c.category}` : c.source}, which the schema does not have`,
      );
  }
  // usedFeatures drives attribution and the insufficient-data flag: it must be what the columns read.
  const read = usedFeatures(card.preprocess);
  if (read.length !== card.usedFeatures.length || read.some((f) => !card.usedFeatures.includes(f)))
    throw new AppError(
      'schema_mismatch',
      'card usedFeatures differ from the features its input columns read',
      {
        usedFeatures: card.usedFeatures,
        columnsRead: read,
      },
    );
  if (card.preprocess.columns.length !== card.network.inputs) {
    throw new AppError(
      'schema_mismatch',
      `card has ${card.preprocess.columns.length} input columns but the network takes ${card.network.inputs}`,
    );
  }
  const t = card.thresholds;
  if (!(t.medium <= t.high && t.high <= t.critical))
    throw new AppError('bad_input', 'card thresholds are not ordered');
}
