// Training configuration: validated JSON under training/. A data engineer copies one and passes
// --config; every field has a default so a partial file is enough.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors.ts';

export const trainConfigSchema = z.strictObject({
  seed: z.number().int().min(0).default(42),
  split: z
    .strictObject({ train: z.number().positive(), valid: z.number().positive(), test: z.number().positive() })
    .refine((s) => Math.abs(s.train + s.valid + s.test - 1) < 1e-6, 'split fractions must sum to 1')
    .default({ train: 0.6, valid: 0.2, test: 0.2 }),
  /** Ensemble members (seeds seed, seed+1, …). */
  members: z.number().int().min(1).max(10).default(3),
  hidden: z.number().int().min(1).max(256).default(16),
  l2: z.number().min(0).default(1e-4),
  learningRate: z.number().positive().default(0.01),
  batchSize: z.number().int().positive().default(1024),
  maxEpochs: z.number().int().positive().default(30),
  patience: z.number().int().min(1).default(4),
  classWeight: z.enum(['balanced', 'sqrt', 'none']).default('sqrt'),
  /** Training rows' weight halves every this share of the training part back from its newest row; null = off. */
  recencyHalfLife: z.number().positive().max(10).nullable().default(null),
  /** L2 of the logistic path of the model (Newton); the in-run baseline keeps L2 = 1. */
  logisticL2: z.number().min(0).default(1),
  /** Blend weights of the network tried on validation (1 = network only, 0 = logistic only). */
  alphas: z.array(z.number().min(0).max(1)).min(1).default([0, 0.25, 0.5, 0.75, 1]),
  /** After choosing settings on validation, refit on train+validation (test untouched). */
  refit: z.boolean().default(true),
  /** Platt weights halve every this share of the validation part, counted back from its end. */
  calibrationHalfLife: z.number().positive().max(10).default(0.5),
  /**
   * 'schema': the schema features (log-scaled) and ratios; 'percentile': commit metrics as
   * percentiles within their repository plus the fix flag (what transfers across projects).
   */
  inputs: z.enum(['schema', 'percentile']).default('schema'),
  /**
   * Features the model may never read as lowering the risk when they rise (issue #13): enforced
   * by construction in training (monotoneColumns, projectMonotone, fitLogisticNonNegative).
   */
  monotone: z.array(z.string()).default(['la', 'ld', 'nf']),
});

export type TrainConfig = z.infer<typeof trainConfigSchema>;

export function parseTrainConfig(json: unknown, where = 'config'): TrainConfig {
  const r = trainConfigSchema.safeParse(json);
  if (!r.success) {
    throw new AppError(
      'bad_input',
      `${where}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      r.error.issues,
    );
  }
  return r.data;
}

export async function loadTrainConfig(path: string): Promise<TrainConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AppError('bad_input', `cannot read config ${path}: ${(e as Error).message}`);
  }
  return parseTrainConfig(json, path);
}
