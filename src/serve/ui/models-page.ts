// Model health: the known models and their metrics, live calibration and drift. No buttons:
// activation is an authenticated CLI/API action, shown as the command to run.
import type { ModelHealthView } from '../../service/dashboard/model-health-view.ts';
import { h, page, pct, when, type Html } from './html.ts';
import { limitBars, reliabilityDiagram } from './svg.ts';

const fig = (x: number | null, d = 3) => (x === null ? '—' : x.toFixed(d));

export function modelsPage(v: ModelHealthView, signedIn: boolean): Html {
  const models = v.models.map(
    (
      m,
    ) => h`<tr><td><code>${m.version}</code></td><td>${m.active ? h`<strong>active</strong>` : 'inactive'}</td><td>${m.registered ? 'registry' : 'shipped only'}</td><td>${when(m.createdAt)}</td><td>${m.level ?? '—'}</td><td class="num">${fig(m.auc)}</td><td class="num">${fig(m.crossProjectAuc)}</td><td class="num">${fig(m.brier, 4)}</td><td class="num">${fig(m.ece, 4)}</td>
<td>${m.active ? h`<span class="muted">serving</span>` : m.registered ? h`<code>${v.activateCommand(m.version)}</code>` : h`<span class="muted">register it first (deployrisk train --register)</span>`}</td></tr>`,
  );
  const live = v.health.live;
  const drift = v.health.drift;
  const psis = [...(drift.features ?? [])].sort((a, b) => b.psi - a.psi);
  const top = psis.slice(0, 15);
  const bins = live.calibration.filter((b) => b.count > 0);
  const body = h`<h1>Model health</h1>
<p>Active model: ${v.active ? h`<code>${v.active.version}</code>` : h`<strong>none loaded</strong>`}. Activating another one is an admin action: run the command shown beside it against the server's store (or <code>POST /v1/models/{version}/activate</code> with an admin token); a running server follows within seconds.</p>
<table><caption>Known models (held-out test metrics from each model card)</caption>
<thead><tr><th scope="col">Version</th><th scope="col">State</th><th scope="col">Source</th><th scope="col">Created (UTC)</th><th scope="col">Level</th><th scope="col" class="num">AUC</th><th scope="col" class="num">Cross-project AUC</th><th scope="col" class="num">Brier</th><th scope="col" class="num">ECE</th><th scope="col">To activate</th></tr></thead>
<tbody>${models.length ? models : h`<tr><td colspan="10">No model known.</td></tr>`}</tbody></table>
<h2 id="calibration">Live calibration</h2>
<div class="cards">
<div class="card"><div class="muted">Deploys with an outcome</div><div class="big">${live.deploysWithOutcome}</div></div>
<div class="card"><div class="muted">Observed failure rate</div><div class="big">${live.observedFailureRate === null ? '—' : pct(live.observedFailureRate)}</div></div>
<div class="card"><div class="muted">Mean predicted risk</div><div class="big">${live.meanProbability === null ? '—' : pct(live.meanProbability)}</div></div>
<div class="card"><div class="muted">Brier score</div><div class="big">${fig(live.brier, 4)}</div></div>
</div>
${reliabilityDiagram('reliability-chart', live.calibration)}
${
  bins.length
    ? h`<table><caption>Reliability bins: deploys scored by the active model with a recorded outcome</caption><thead><tr><th scope="col">Predicted</th><th scope="col" class="num">Deploys</th><th scope="col" class="num">Mean predicted</th><th scope="col" class="num">Observed failure rate</th></tr></thead><tbody>${bins.map(
        (b) =>
          h`<tr><td>${pct(b.lo, 0)} – ${pct(b.hi, 0)}</td><td class="num">${b.count}</td><td class="num">${pct(b.meanPredicted)}</td><td class="num">${pct(b.observedRate)}</td></tr>`,
      )}</tbody></table>`
    : h`<p>No deploy scored by the active model has a recorded outcome yet.</p>`
}
<h2 id="drift">Drift</h2>
<p>Population stability index (PSI) per feature: the model's training distribution against the last ${drift.requests} scored requests (window ${drift.window}). Above ${v.psiShifted} a feature has shifted.
${drift.features === null ? h`<strong>This model's card carries no training bins, so drift cannot be measured.</strong>` : h`Largest PSI ${fig(drift.maxPsi)}; shifted: ${drift.shifted.length ? drift.shifted.join(', ') : 'none'}.`}</p>
${
  top.length
    ? h`${limitBars(
        'psi-chart',
        `PSI of the ${top.length} most shifted features`,
        top.map((p) => `${p.feature} ${p.psi.toFixed(3)}`).join(', '),
        top.map((p) => ({ label: p.feature, value: p.psi })),
        { value: v.psiShifted, label: `shifted > ${v.psiShifted}` },
      )}
<details><summary>PSI of every feature (${psis.length})</summary><table><caption>PSI per feature, largest first</caption><thead><tr><th scope="col">Feature</th><th scope="col" class="num">PSI</th></tr></thead><tbody>${psis.map(
        (p) => h`<tr><td><code>${p.feature}</code></td><td class="num">${p.psi.toFixed(4)}</td></tr>`,
      )}</tbody></table></details>`
    : ''
}`;
  return page({ title: 'Model health', signedIn, current: 'models' }, body);
}
