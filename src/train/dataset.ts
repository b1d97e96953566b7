// A labelled dataset in feature-schema terms: what every importer produces and the trainer reads.
import type { FeatureVector } from '../features/schema.ts';

export type DatasetFormat = 'kamei' | 'apachejit' | 'travis' | 'native';
export const DATASET_FORMATS: readonly DatasetFormat[] = ['kamei', 'apachejit', 'travis', 'native'];

/** Which level of risk a dataset labels (see the GUIDE's "two levels of risk"). */
export type DatasetLevel = 'commit' | 'build' | 'deploy';
export const DATASET_LEVELS: readonly DatasetLevel[] = ['commit', 'build', 'deploy'];
export const isDatasetLevel = (s: string | undefined): s is DatasetLevel =>
  (DATASET_LEVELS as readonly string[]).includes(s ?? '');

export interface LabelledRow {
  features: FeatureVector;
  /** 1 = failed / defect-inducing. */
  label: 0 | 1;
  /** UTC epoch ms, or null when the source has no time (row order is then the time order). */
  time: number | null;
  /** The repository (project) the row comes from, when a file holds several (ApacheJIT). */
  group?: string;
}

export interface Dataset {
  source: string; // file path or 'store'
  sha256: string | null;
  format: DatasetFormat;
  level: DatasetLevel;
  labelColumn: string;
  timeColumn: string | null;
  rows: LabelledRow[];
  /** Source columns mapped onto schema features (source → feature). */
  mapped: Record<string, string>;
  /** Source columns not used as features (ids, label copies, unknowns). */
  ignoredColumns: string[];
  /** Human notes on conversions, e.g. Kamei's per-lt normalisation undone. */
  notes: string[];
}
