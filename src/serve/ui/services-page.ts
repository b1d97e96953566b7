// The services index and one service's overview: change failure rate, deploys per day and median
// risk per week, each a small chart with its figures in words.
import type { ServiceOverview } from '../../service/dashboard/service-overview.ts';
import { h, page, pct, type Html } from './html.ts';
import { columns, weeklyRisk } from './svg.ts';

export function servicesPage(services: string[], signedIn: boolean): Html {
  const body = h`<h1>Services</h1>${
    services.length
      ? h`<ul>${services.map((s) => h`<li><a href="/ui/services/${encodeURIComponent(s)}">${s}</a></li>`)}</ul>`
      : h`<p>No scored deploy yet.</p>`
  }`;
  return page({ title: 'Services', signedIn, current: 'services' }, body);
}

export function servicePage(o: ServiceOverview, signedIn: boolean): Html {
  const cfrWeeks = o.perWeek.filter((w) => w.changeFailureRate !== null);
  const busiest = o.perDay.reduce((m, d) => Math.max(m, d.deploys), 0);
  const riskWeeks = o.perWeek.filter((w) => w.median !== null);
  const body = h`<h1>Service ${o.service}</h1>
<p>The last ${o.perWeek.length} weeks (${o.from.slice(0, 10)} to ${o.to.slice(0, 10)}, UTC) · environments: ${o.environments.join(', ') || 'none'} · <a href="/ui?service=${encodeURIComponent(o.service)}">its deploys</a></p>
<div class="cards">
<div class="card"><div class="muted">Change failure rate</div><div class="big">${o.changeFailureRate === null ? '—' : pct(o.changeFailureRate)}</div><div class="muted">${o.failures} failed or rolled back of ${o.withOutcome} with an outcome</div></div>
<div class="card"><div class="muted">Deploys</div><div class="big">${o.deploys}</div><div class="muted">${(o.deploys / o.perDay.length).toFixed(2)} per day on average</div></div>
</div>
<h2>Change failure rate per week</h2>
${columns(
  'cfr-chart',
  'Change failure rate per week',
  cfrWeeks.length
    ? cfrWeeks
        .map(
          (w) => `week of ${w.weekStart}: ${pct(w.changeFailureRate!)} (${w.failures} of ${w.withOutcome})`,
        )
        .join('; ')
    : 'No outcome recorded in this span.',
  o.perWeek.map((w) => ({ label: w.weekStart.slice(5), value: w.changeFailureRate ?? 0 })),
  { every: 2, format: (v) => pct(v, 0) },
)}
<h2>Deploys per day</h2>
${columns(
  'perday-chart',
  'Deploys per day (failed ones in red)',
  `${o.deploys} deploys over ${o.perDay.length} days; the busiest day had ${busiest}.`,
  o.perDay.map((d) => ({ label: d.day.slice(5), value: d.deploys, part: d.failures })),
  { every: 14 },
)}
<h2>Median risk per week</h2>
${weeklyRisk(
  'risk-chart',
  'Median predicted risk per week',
  riskWeeks.length
    ? riskWeeks.map((w) => `week of ${w.weekStart}: ${w.medianText}`).join('; ')
    : 'No deploy in this span.',
  o.perWeek.map((w) => ({ label: w.weekStart, value: w.median, level: w.level })),
)}
<table><caption>Per week</caption><thead><tr><th scope="col">Week of</th><th scope="col" class="num">Deploys</th><th scope="col" class="num">Median risk</th><th scope="col" class="num">Failed / with outcome</th></tr></thead>
<tbody>${o.perWeek.map(
    (w) =>
      h`<tr><td>${w.weekStart}</td><td class="num">${w.deploys}</td><td class="num">${w.medianText ?? '—'}</td><td class="num">${w.failures} / ${w.withOutcome}</td></tr>`,
  )}</tbody></table>`;
  return page({ title: `Service ${o.service}`, signedIn, current: 'services' }, body);
}
