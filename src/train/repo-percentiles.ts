// Training rows ranked within their own repository (model/repo-percentiles.ts): each project's
// commits are ranked against that project's commits, as a deploy's commits are ranked against
// their repository's history at scoring time. The ranking reads feature values only, never labels;
// it spans the project's whole file, as a mined store spans the repository's whole history.
import {
  RANKED_METRICS,
  repoQuantiles,
  withPercentiles,
  type RepoQuantiles,
} from '../model/repo-percentiles.ts';
import type { Dataset, LabelledRow } from './dataset.ts';

export const groupOfRow = (d: Dataset, r: LabelledRow) => r.group ?? d.source;

/** Copies of the datasets whose rows carry `pct:<metric>`; `reference` pools every row. */
export function rankWithinRepositories(datasets: readonly Dataset[]): {
  datasets: Dataset[];
  reference: RepoQuantiles;
  groups: string[];
} {
  const byGroup = new Map<string, LabelledRow[]>();
  for (const d of datasets)
    for (const r of d.rows) {
      const g = groupOfRow(d, r);
      const list = byGroup.get(g) ?? [];
      list.push(r);
      byGroup.set(g, list);
    }
  const q = new Map<string, RepoQuantiles>();
  for (const [g, rows] of byGroup) q.set(g, repoQuantiles(rows.map((r) => r.features)));
  const ranked = datasets.map((d) => ({
    ...d,
    rows: d.rows.map((r) => ({ ...r, features: withPercentiles(r.features, q.get(groupOfRow(d, r))!) })),
  }));
  const reference = repoQuantiles(datasets.flatMap((d) => d.rows.map((r) => r.features)));
  for (const m of RANKED_METRICS) if (!reference[m]) delete reference[m];
  return { datasets: ranked, reference, groups: [...byGroup.keys()] };
}
