// Leave-one-project-out over the commit-level data (shared by eval:cross-project and train:default).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../src/log.ts';
import type { TrainConfig } from '../src/train/config.ts';
import type { Dataset } from '../src/train/dataset.ts';
import { importCsvFile } from '../src/train/import.ts';
import { runTraining } from '../src/train/pipeline.ts';

/** Every project of the commit-level data as its own dataset (ApacheJIT's file pools 15). */
export async function loadProjects(dir: string): Promise<Dataset[]> {
  const out: Dataset[] = [];
  for (const sub of ['kamei2013', 'apachejit']) {
    const files = (await readdir(join(dir, sub))).filter((f) => f.endsWith('.csv')).sort();
    for (const f of files) {
      const d = await importCsvFile(join(dir, sub, f));
      const groups = new Map<string, typeof d.rows>();
      for (const r of d.rows) {
        const g = (r.group ?? f.replace(/\.csv$/, '')).replace(/^.*\//, '');
        const list = groups.get(g) ?? [];
        list.push(r);
        groups.set(g, list);
      }
      for (const [g, rows] of groups) out.push({ ...d, source: g, rows });
    }
  }
  return out;
}

export interface CrossProjectRow {
  project: string;
  rows: number;
  failures: number;
  auc?: number | null;
  logistic?: number | null;
  linesAdded?: number | null;
  ece?: number;
  capture?: Record<string, number | null>;
  skipped?: string;
}

export interface CrossProject {
  method: string;
  projects: number;
  meanAuc: number;
  meanLogistic: number;
  /** Projects with at least 10 commits of each class: an AUC on 3 defects is noise. */
  estimableProjects: number;
  estimableMeanAuc: number;
  estimableMeanLogistic: number;
  estimableRule: string;
  kameiMeanAuc: number;
  kameiMeanLogistic: number;
  meanCapture: Record<string, number>;
  estimableMeanCapture: Record<string, number>;
  rows: CrossProjectRow[];
}

const mean = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10000) / 10000;
const KAMEI = new Set(['bugzilla', 'columba', 'jdt', 'postgres']);

export async function crossProject(
  projects: readonly Dataset[],
  cfg: TrainConfig,
  backend: string,
  onRow: (r: CrossProjectRow) => void = () => {},
  only?: Set<string>,
): Promise<CrossProject> {
  const quiet = createLogger('warn');
  const rows: CrossProjectRow[] = [];
  for (const p of projects) {
    if (only && !only.has(p.source)) continue;
    const failures = p.rows.filter((r) => r.label === 1).length;
    let row: CrossProjectRow;
    if (failures === 0 || failures === p.rows.length) {
      row = { project: p.source, rows: p.rows.length, failures, skipped: 'one class only: no AUC' };
    } else {
      const { result } = await runTraining({
        datasets: projects.filter((q) => q !== p),
        config: cfg,
        backend,
        log: quiet,
        heldOut: { name: p.source, rows: p.rows },
        version: `lopo-${p.source}`,
      });
      row = {
        project: p.source,
        rows: p.rows.length,
        failures,
        auc: result.test.auc,
        logistic: result.baselines.logistic.auc,
        linesAdded: result.baselines.linesAdded.auc,
        ece: result.test.ece,
        capture: result.test.capture,
      };
    }
    rows.push(row);
    onRow(row);
  }
  const scored = rows.filter((r) => typeof r.auc === 'number') as Required<CrossProjectRow>[];
  const kamei = scored.filter((r) => KAMEI.has(r.project));
  const estimable = scored.filter((r) => r.failures >= 10 && r.rows - r.failures >= 10);
  const cap = (k: string, rs = scored) =>
    mean(rs.flatMap((r) => (typeof r.capture[k] === 'number' ? [r.capture[k]!] : [])));
  return {
    method:
      'leave one project out: trained on every other project (oldest 75 % train, newest 25 % validation), tested on the whole held-out project; logistic = L2 logistic regression on the log-scaled schema metrics fitted on the same rows in the same run',
    projects: scored.length,
    meanAuc: mean(scored.map((r) => r.auc!)),
    meanLogistic: mean(scored.map((r) => r.logistic!)),
    estimableProjects: estimable.length,
    estimableMeanAuc: mean(estimable.map((r) => r.auc!)),
    estimableMeanLogistic: mean(estimable.map((r) => r.logistic!)),
    estimableRule: 'at least 10 commits of each class',
    kameiMeanAuc: mean(kamei.map((r) => r.auc!)),
    kameiMeanLogistic: mean(kamei.map((r) => r.logistic!)),
    meanCapture: { '5': cap('5'), '10': cap('10'), '50': cap('50') },
    estimableMeanCapture: { '5': cap('5', estimable), '10': cap('10', estimable), '50': cap('50', estimable) },
    rows,
  };
}
