// The deploy list: filters, one page of deploys newest first, and links to older pages.
import { DEPLOY_OUTCOMES } from '../../features/schema.ts';
import { RISK_LEVELS } from '../../risk/scale.ts';
import { PENDING, type DeployListQuery, type DeployListView } from '../../service/dashboard/deploy-list.ts';
import { h, levelChip, page, when, type Html } from './html.ts';

const outcomeText = (o: string) => o.replace('_', ' ');

function select(name: string, label: string, options: readonly string[], chosen: string | undefined): Html {
  return h`<label>${label}<select name="${name}"><option value="">all</option>${options.map(
    (o) => h`<option value="${o}"${o === chosen ? h` selected` : ''}>${outcomeText(o)}</option>`,
  )}</select></label>`;
}

export function listHref(q: Partial<DeployListQuery>): string {
  const p = new URLSearchParams();
  for (const k of ['service', 'environment', 'level', 'outcome', 'cursor'] as const) {
    const v = q[k];
    if (v !== undefined) p.set(k, v);
  }
  const s = p.toString();
  return s ? `/ui?${s}` : '/ui';
}

export function deploysPage(view: DeployListView, q: DeployListQuery, signedIn: boolean): Html {
  const filtered = q.service ?? q.environment ?? q.level ?? q.outcome;
  const rows = view.items.map(
    (d) => h`<tr>
<td><a href="/ui/deploys/${d.id}">${when(d.createdAt)}</a></td>
<td><a href="/ui/services/${encodeURIComponent(d.service)}">${d.service}</a></td>
<td>${d.environment}</td>
<td>${d.revision ? h`<code>${d.revision}</code>` : h`<span class="muted">not given</span>`}</td>
<td>${levelChip(d.level, `${d.level} ${d.probabilityText}`)}</td>
<td>${d.decision}</td>
<td>${d.outcome === PENDING ? h`<span class="muted">pending</span>` : outcomeText(d.outcome)}</td>
</tr>`,
  );
  const body = h`<h1>Deploys</h1>
<form class="filters" method="get" action="/ui" aria-label="Filter deploys">
${select('service', 'Service', view.facets.services, q.service)}
${select('environment', 'Environment', view.facets.environments, q.environment)}
${select('level', 'Risk level', RISK_LEVELS, q.level)}
${select('outcome', 'Outcome', [...DEPLOY_OUTCOMES, PENDING], q.outcome)}
<button type="submit">Filter</button>${filtered ? h` <a href="/ui">Clear filters</a>` : ''}
</form>
<table>
<caption>Scored deploys, newest first${q.cursor ? ' (an older page)' : ''}: ${view.items.length} shown. Risk is the predicted failure probability and its level on the risk scale.</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Service</th><th scope="col">Environment</th><th scope="col">Revision</th><th scope="col">Risk</th><th scope="col">Decision</th><th scope="col">Outcome</th></tr></thead>
<tbody>${rows.length > 0 ? rows : h`<tr><td colspan="7">No deploy matches.</td></tr>`}</tbody>
</table>
<nav class="pager" aria-label="Pages">${q.cursor ? h`<a href="${listHref({ ...q, cursor: undefined })}">← Newest</a>` : ''}${view.nextCursor ? h`<a href="${listHref({ ...q, cursor: view.nextCursor })}" rel="next">Older deploys →</a>` : ''}</nav>`;
  return page({ title: 'Deploys', signedIn, current: 'deploys' }, body);
}
