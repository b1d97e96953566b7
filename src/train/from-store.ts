// Labelled rows from the store, in feature-schema terms, for `dataset export` and
// `train --from-store`:
//  - commit level: every mined non-merge commit, its feature vector the change features of that
//    single commit (tests/environment unknown), label 1 when SZZ or a revert marked it;
//  - deploy level: every scored deploy with an outcome (or a revert label), its stored vector.
import { changeFeatures } from '../features/change.ts';
import { emptyFeatureVector, type FeatureVector } from '../features/schema.ts';
import { findRepo, loadCommits } from '../store/commits.ts';
import type { Store } from '../store/db.ts';
import {
  deploymentsWithOutcomes,
  listCommitLabels,
  listDeploymentLabels,
  minedRepoIds,
} from '../store/labels.ts';
import type { Dataset, DatasetLevel, LabelledRow } from './dataset.ts';
import { validateFeatureValue } from './validate-row.ts';

export interface StoreRow extends LabelledRow {
  time: number;
  level: 'commit' | 'deploy';
  /** Commit sha or deployment id. */
  id: string;
  /** Sources that labelled the row failed, '+'-joined ('szz+revert'); 'none' for negatives. */
  labelSource: string;
  service: string | null;
}

export interface StoreRowQuery {
  /** Work-tree roots of mined repositories; all mined repositories when absent. */
  repos?: string[];
  service?: string;
  from?: number;
  to?: number;
}

const inWindow = (t: number, q: StoreRowQuery) =>
  (q.from === undefined || t >= q.from) && (q.to === undefined || t < q.to);

function clean(v: FeatureVector): FeatureVector {
  const out = emptyFeatureVector();
  for (const k of Object.keys(out)) out[k] = validateFeatureValue(k, v[k] ?? null);
  return out;
}

export async function commitRows(store: Store, q: StoreRowQuery = {}): Promise<StoreRow[]> {
  const repoIds: number[] = [];
  if (q.repos) {
    for (const p of q.repos) {
      const r = await findRepo(store.db, p);
      if (r) repoIds.push(r.id);
    }
  } else {
    repoIds.push(...(await minedRepoIds(store.db)));
  }
  const rows: StoreRow[] = [];
  for (const id of repoIds) {
    const sources = new Map<string, Set<string>>();
    for (const l of await listCommitLabels(store.db, id)) {
      if (l.source !== 'szz' && l.source !== 'revert') continue;
      let s = sources.get(l.sha);
      if (!s) sources.set(l.sha, (s = new Set()));
      s.add(l.source);
    }
    for (const c of await loadCommits(store.db, id)) {
      if (c.metrics === null || !inWindow(c.commit.authorTime, q)) continue;
      const features = clean({
        ...emptyFeatureVector(),
        ...changeFeatures([{ commit: c.commit, metrics: c.metrics, linesBefore: c.linesBefore }]),
      });
      const src = sources.get(c.commit.sha);
      rows.push({
        features,
        label: src ? 1 : 0,
        time: c.commit.authorTime,
        level: 'commit',
        id: c.commit.sha,
        labelSource: src ? [...src].sort().join('+') : 'none',
        service: null,
      });
    }
  }
  return rows.sort((a, b) => a.time - b.time);
}

const FAILED = new Set(['failed', 'rolled_back']);

export async function deployRows(store: Store, q: StoreRowQuery = {}): Promise<StoreRow[]> {
  const revertLabelled = new Set(
    (await listDeploymentLabels(store.db))
      .filter((l) => l.source === 'revert' && l.failed === 1)
      .map((l) => l.deployment_id),
  );
  const rows: StoreRow[] = [];
  for (const d of await deploymentsWithOutcomes(store.db, {
    ...(q.service !== undefined ? { service: q.service } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  })) {
    const reverted = revertLabelled.has(d.id);
    if (d.status === null && !reverted) continue;
    let parsed: FeatureVector;
    try {
      parsed = JSON.parse(d.features) as FeatureVector;
    } catch {
      continue;
    }
    const failedOutcome = d.status !== null && FAILED.has(d.status);
    const src = [...(d.status !== null && failedOutcome ? ['outcome'] : []), ...(reverted ? ['revert'] : [])];
    const label: 0 | 1 = failedOutcome || reverted ? 1 : 0;
    rows.push({
      features: clean(parsed),
      label,
      time: d.createdAt,
      level: 'deploy',
      id: d.id,
      labelSource: label ? src.join('+') : 'outcome',
      service: d.service,
    });
  }
  return rows;
}

/** Enough deploy outcomes to train the deploy level on them alone. */
export function enoughDeployRows(rows: readonly StoreRow[], minRows = 200, minPerClass = 20): boolean {
  const pos = rows.filter((r) => r.label === 1).length;
  return rows.length >= minRows && pos >= minPerClass && rows.length - pos >= minPerClass;
}

export function storeDataset(rows: StoreRow[], level: DatasetLevel, source: string): Dataset {
  const pos = rows.filter((r) => r.label === 1).length;
  const bySource = new Map<string, number>();
  for (const r of rows)
    if (r.label === 1) bySource.set(r.labelSource, (bySource.get(r.labelSource) ?? 0) + 1);
  const notes = [
    `${source}: ${rows.length} ${level} rows from the store, ${pos} labelled failed (${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}).`,
  ];
  if (level === 'commit') {
    notes.push(
      'Commit level: each row is the change features of one commit; tests and environment are unknown. Recent commits have had less time to be found buggy (SZZ right-censoring), so the newest window under-counts failures.',
    );
  }
  return {
    source,
    sha256: null,
    format: 'native',
    level,
    labelColumn: 'failed',
    timeColumn: 'time',
    rows: rows.map(({ features, label, time }) => ({ features, label, time })),
    mapped: {},
    ignoredColumns: [],
    notes,
  };
}
