// The training report: report.html (self-contained, inline SVG) and report.md with the same facts.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ReportData } from './pipeline.ts';
import { scaleDescription } from '../risk/scale.ts';
import { driftSvg, esc, importanceSvg, prSvg, reliabilitySvg, rocSvg } from './report-svg.ts';

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));

function metricRows(r: ReportData): [string, string][] {
  const t = r.result.test;
  return [
    ['ROC-AUC', f(t.auc)],
    ['ROC-AUC, logistic-regression baseline', f(r.result.baselines.logistic.auc)],
    ['ROC-AUC, lines-added-only baseline', f(r.result.baselines.linesAdded.auc)],
    ['PR-AUC (average precision)', f(t.prAuc)],
    ['Brier score', f(t.brier, 4)],
    ['Expected calibration error (10 bins)', f(t.ece, 4)],
    [`Accuracy at threshold ${f(t.threshold)}`, f(t.accuracy)],
    [`F1 at threshold ${f(t.threshold)} (precision ${f(t.precision)}, recall ${f(t.recall)})`, f(t.f1)],
    ['Recall at 20 % of effort (lines changed)', f(t.recallAt20Effort)],
    [
      'Failures captured gating the riskiest 5 / 10 / 20 %',
      `${f(t.capture['5'])} / ${f(t.capture['10'])} / ${f(t.capture['20'])}`,
    ],
  ];
}

function dataRows(r: ReportData): string[][] {
  return r.result.datasets.map((d, i) => [
    basename(d.source),
    d.format,
    d.level,
    String(d.rows),
    (d.sha256 ?? '').slice(0, 16),
    Object.keys(r.mapped[i] ?? {}).length.toString(),
  ]);
}

/** The split and the ensemble in one sentence (markdown and HTML alike). */
function modelSentence(r: ReportData): string {
  const res = r.result;
  const order =
    res.drift.orderedBy === 'time' ? 'chronological' : 'in file row order: not every row had a time';
  return `Rows: train ${res.rows.train}, validation ${res.rows.valid}, test ${res.rows.test} (${order}). Ensemble of ${res.model.members} wide & deep members (epochs ${res.model.epochs.join(', ')}), blend weight ${res.model.alpha} on the network vs the logistic path, ${res.model.inputs} inputs; validation AUC ${f(res.model.validAuc)}.`;
}

function driftSentence(r: ReportData): string {
  const fr = r.result.drift.failureRate;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return `Failure rate drifted from ${pct(fr.train)} (train) to ${pct(fr.valid)} (validation) and ${pct(fr.test)} (test); rows ordered by ${r.result.drift.orderedBy}. Calibration is fitted on the validation part, weighted towards its most recent rows.`;
}

/** The two levels' extra tables (shipped default): cross-project figures and the deploy layer. */
function levelTables(r: ReportData): { title: string; text: string; head: string[]; rows: string[][] }[] {
  const out: { title: string; text: string; head: string[]; rows: string[][] }[] = [];
  const cp = r.crossProject;
  if (cp)
    out.push({
      title: 'Commit level: cross-project (leave one project out)',
      text: `Mean AUC ${f(cp.meanAuc, 4)} over the held-out projects, logistic baseline ${f(cp.meanLogistic, 4)}. ${cp.method}.`,
      head: ['held-out project', 'commits', 'defect-inducing', 'AUC', 'logistic AUC'],
      rows: cp.rows.map((x) => [
        x.project,
        String(x.rows),
        String(x.failures),
        x.skipped ?? f(x.auc, 4),
        x.skipped ? '—' : f(x.logistic, 4),
      ]),
    });
  const dl = r.deployLayer;
  if (dl)
    out.push({
      title: 'Deploy level',
      text: `log-odds = logit(${dl.referenceFailureRate}) + ${dl.commits.weight} × (riskiest commit's log-odds − the median riskiest of ${dl.commits.referenceCommits} commits) + Σ weight × term. Reference: ${dl.referenceWhy}. Commits: ${dl.commits.why}.`,
      head: ['term', 'weight (log-odds per unit)', 'source', 'why'],
      rows: [
        ...Object.entries(dl.terms).map(([k, t]) => [k, f(t.weight, 4), t.source, t.why]),
        [
          'failingTests (noisy-OR)',
          `P(red) ${dl.failingTests.firstFailure} at the first, +${dl.failingTests.perDoubling} log-odds per doubling`,
          dl.failingTests.source,
          dl.failingTests.why,
        ],
      ],
    });
  return out;
}

export function renderMarkdown(r: ReportData): string {
  const c = r.card;
  const res = r.result;
  return [
    `# deployrisk model ${c.version}`,
    '',
    `Created ${c.createdAt} on the ${c.backend} backend. ${c.levelNote}`,
    '',
    modelSentence(r),
    '',
    '## Test metrics',
    '',
    '| metric | value |',
    '|---|---|',
    ...metricRows(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...levelTables(r).flatMap((t) => [
      `## ${t.title}`,
      '',
      t.text,
      '',
      `| ${t.head.join(' | ')} |`,
      `|${t.head.map(() => '---').join('|')}|`,
      ...t.rows.map((row) => `| ${row.join(' | ')} |`),
      '',
    ]),
    '## Drift',
    '',
    driftSentence(r),
    '',
    '## Data',
    '',
    '| file | format | level | rows | sha256 (prefix) | mapped columns |',
    '|---|---|---|---|---|---|',
    ...dataRows(r).map((row) => `| ${row.join(' | ')} |`),
    '',
    `Ignored columns: ${res.ignoredColumns.join(', ') || 'none'}.`,
    '',
    '## Feature importance (mean |contribution|, log-odds, test rows)',
    '',
    ...r.importance.slice(0, 15).map((i) => `- ${i.feature}: ${i.meanAbs.toFixed(3)}`),
    '',
    `Attribution: ${c.attribution}.`,
    '',
    `Calibration: Platt (a = ${c.calibration.a.toFixed(4)}, b = ${c.calibration.b.toFixed(4)}), ${c.calibration.fittedOn}. Risk levels (the one risk scale, the same for every model): ${scaleDescription()}.`,
    '',
    '## Notes',
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

export function renderHtml(r: ReportData): string {
  const c = r.card;
  const res = r.result;
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>deployrisk model ${esc(c.version)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1120px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 10px;text-align:left}th{background:#f4f6f8}
.charts{display:flex;flex-wrap:wrap;gap:16px}.muted{color:#666}code{background:#f4f6f8;padding:0 3px}
</style></head><body>
<h1>deployrisk model <code>${esc(c.version)}</code></h1>
<p class="muted">Created ${esc(c.createdAt)} · backend ${esc(c.backend)} · feature schema ${esc(c.featureSchemaVersion)}</p>
<p>${esc(c.levelNote)}</p>
<p>${esc(modelSentence(r))}</p>
<h2>Test metrics and baselines</h2>
${table(['metric', 'value'], metricRows(r))}
${levelTables(r)
  .map((t) => `<h2>${esc(t.title)}</h2><p>${esc(t.text)}</p>${table(t.head, t.rows)}`)
  .join('\n')}
<h2>Curves</h2>
<div class="charts">
${rocSvg(r.roc, r.baselineRoc.logistic, r.baselineRoc.linesAdded, [`model (AUC ${f(res.test.auc)})`, `logistic (AUC ${f(res.baselines.logistic.auc)})`, `lines added (AUC ${f(res.baselines.linesAdded.auc)})`])}
${prSvg(r.pr, res.test.failureRate)}
${reliabilitySvg(r.reliability)}
</div>
<h2>Drift</h2>
<div class="charts">${driftSvg(res.drift.failureRate)}<p style="max-width:560px">${esc(driftSentence(r))}</p></div>
<h2>Feature importance</h2>
${importanceSvg(r.importance)}
<p class="muted">${esc(c.attribution)}.</p>
<h2>Data</h2>
${table(['file', 'format', 'level', 'rows', 'sha256 (prefix)', 'mapped columns'], dataRows(r))}
<p>Ignored columns: ${esc(res.ignoredColumns.join(', ') || 'none')}.</p>
<h2>Calibration and risk levels</h2>
<p>Platt scaling (a = ${c.calibration.a.toFixed(4)}, b = ${c.calibration.b.toFixed(4)}), ${esc(c.calibration.fittedOn)}.</p>
<p>Risk levels are the one risk scale, the same for every model: ${esc(scaleDescription())}.</p>
<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
</body></html>
`;
}

export async function writeReport(r: ReportData, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'report.html'), renderHtml(r));
  await writeFile(join(dir, 'report.md'), renderMarkdown(r));
}
