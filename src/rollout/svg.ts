// Exposure against time-to-100 % per policy, as a standalone SVG (no plotting library).
import type { SimReport } from './simulate.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderSvg(report: SimReport, title: string): string {
  const W = 640;
  const H = 400;
  const m = { l: 70, r: 20, t: 40, b: 50 };
  const pts = report.policies;
  const maxX = Math.max(...pts.map((p) => p.meanMinutesToFull), 1) * 1.15;
  const maxY = Math.max(...pts.map((p) => p.badExposureUserMinutes), 1) * 1.15;
  const x = (v: number) => m.l + (v / maxX) * (W - m.l - m.r);
  const y = (v: number) => H - m.b - (v / maxY) * (H - m.t - m.b);
  const ticks = (max: number) => Array.from({ length: 6 }, (_, i) => Math.round((max * i) / 5));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
  ];
  for (const t of ticks(maxX))
    out.push(`<text x="${x(t)}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`);
  for (const t of ticks(maxY)) out.push(`<text x="${m.l - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  out.push(
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" text-anchor="middle">mean minutes to 100 % (good versions)</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">user-minutes exposed to failing versions per deploy</text>`,
  );
  for (const p of pts) {
    const ours = p.name === 'ours';
    const best = p.name === report.bestFixed;
    out.push(
      `<circle cx="${x(p.meanMinutesToFull).toFixed(1)}" cy="${y(p.badExposureUserMinutes).toFixed(1)}" r="${ours ? 7 : 5}" fill="${ours ? '#d62728' : best ? '#1f77b4' : '#7f7f7f'}"/>`,
    );
    // Points in the right half carry their label on the left, so it stays inside the picture.
    const right = x(p.meanMinutesToFull) > (m.l + W - m.r) / 2;
    const lx = x(p.meanMinutesToFull) + (right ? -9 : 9);
    out.push(
      `<text x="${lx.toFixed(1)}" y="${(y(p.badExposureUserMinutes) - 6).toFixed(1)}"${right ? ' text-anchor="end"' : ''}>${esc(p.name)} (${p.badExposureUserMinutes.toFixed(0)}, ${p.meanMinutesToFull.toFixed(1)} min)</text>`,
    );
  }
  if (report.exposureReduction !== null) {
    out.push(
      `<text x="${W - m.r}" y="${m.t + 4}" text-anchor="end">exposure −${(report.exposureReduction * 100).toFixed(1)} % vs ${esc(report.bestFixed ?? '')}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
