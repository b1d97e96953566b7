// Inline SVG charts for the self-contained training report (no scripts, no external assets).
import type { CurvePoint, ReliabilityBin } from './metrics.ts';

const W = 360;
const H = 300;
const M = { l: 44, r: 12, t: 24, b: 40 };
const sx = (x: number) => M.l + x * (W - M.l - M.r);
const sy = (y: number) => H - M.b - y * (H - M.t - M.b);
const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function thin(points: CurvePoint[], max = 400): CurvePoint[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out = Array.from({ length: max }, (_, i) => points[Math.floor(i * step)]!);
  out.push(points[points.length - 1]!);
  return out;
}

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${sx(t)}" y1="${sy(0)}" x2="${sx(t)}" y2="${sy(1)}" stroke="#eee"/><line x1="${sx(0)}" y1="${sy(t)}" x2="${sx(1)}" y2="${sy(t)}" stroke="#eee"/>` +
        `<text x="${sx(t)}" y="${sy(0) + 14}" font-size="10" text-anchor="middle">${t}</text><text x="${sx(0) - 6}" y="${sy(t) + 3}" font-size="10" text-anchor="end">${t}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">
<text x="${W / 2}" y="14" font-size="13" font-weight="bold" text-anchor="middle">${esc(title)}</text>${ticks}
<rect x="${sx(0)}" y="${sy(1)}" width="${sx(1) - sx(0)}" height="${sy(0) - sy(1)}" fill="none" stroke="#999"/>
<text x="${(sx(0) + sx(1)) / 2}" y="${H - 8}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>
<text x="12" y="${(sy(0) + sy(1)) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(sy(0) + sy(1)) / 2})">${esc(yLabel)}</text>
${body}</svg>`;
}

const path = (pts: CurvePoint[], color: string, dash = '') =>
  `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${thin(
    pts,
  )
    .map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
    .join(' ')}"/>`;

function legend(items: [string, string][]): string {
  return items
    .map(
      ([label, color], i) =>
        `<rect x="${sx(0.45)}" y="${sy(0.3) + i * 14 - 8}" width="10" height="3" fill="${color}"/><text x="${sx(0.45) + 14}" y="${sy(0.3) + i * 14}" font-size="10">${esc(label)}</text>`,
    )
    .join('');
}

export function rocSvg(
  model: CurvePoint[],
  lr: CurvePoint[],
  la: CurvePoint[],
  labels: [string, string, string],
): string {
  return frame(
    'ROC (test part)',
    'false positive rate',
    'true positive rate',
    `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#bbb" stroke-dasharray="4 4"/>` +
      path(la, '#c0392b', '3 3') +
      path(lr, '#7f8c8d', '6 3') +
      path(model, '#1f5fa8') +
      legend([
        [labels[0], '#1f5fa8'],
        [labels[1], '#7f8c8d'],
        [labels[2], '#c0392b'],
      ]),
  );
}

export function prSvg(pr: CurvePoint[], base: number): string {
  return frame(
    'Precision–recall (test part)',
    'recall',
    'precision',
    `<line x1="${sx(0)}" y1="${sy(base)}" x2="${sx(1)}" y2="${sy(base)}" stroke="#bbb" stroke-dasharray="4 4"/>` +
      path(pr, '#1f5fa8'),
  );
}

export function reliabilitySvg(bins: ReliabilityBin[]): string {
  const n = bins.reduce((s, b) => s + b.count, 0) || 1;
  const bars = bins
    .map((b) => {
      const h = (b.count / n) * 0.3;
      return `<rect x="${sx(b.lo) + 1}" y="${sy(h)}" width="${sx(b.hi) - sx(b.lo) - 2}" height="${sy(0) - sy(h)}" fill="#dfe8f3"/>`;
    })
    .join('');
  const pts = bins.filter((b) => b.count > 0).map((b) => ({ x: b.meanPredicted, y: b.observedRate }));
  const dots = pts.map((p) => `<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="3.5" fill="#1f5fa8"/>`).join('');
  return frame(
    'Reliability (test part, 10 bins)',
    'mean predicted probability',
    'observed failure rate',
    bars +
      `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#bbb" stroke-dasharray="4 4"/>` +
      path(pts, '#1f5fa8') +
      dots,
  );
}

export function importanceSvg(items: { feature: string; meanAbs: number }[]): string {
  const top = items.slice(0, 15);
  const max = Math.max(1e-9, ...top.map((i) => i.meanAbs));
  const rowH = 18;
  const h = 30 + top.length * rowH;
  const bars = top
    .map((it, i) => {
      const y = 24 + i * rowH;
      const w = (it.meanAbs / max) * 240;
      return `<text x="150" y="${y + 12}" font-size="11" text-anchor="end">${esc(it.feature)}</text><rect x="156" y="${y + 2}" width="${w.toFixed(1)}" height="12" fill="#1f5fa8"/><text x="${160 + w}" y="${y + 12}" font-size="10">${it.meanAbs.toFixed(3)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="460" height="${h}" viewBox="0 0 460 ${h}" role="img" aria-label="feature importance"><text x="230" y="14" font-size="13" font-weight="bold" text-anchor="middle">Feature importance: mean |contribution| (log-odds), test rows</text>${bars}</svg>`;
}

export function driftSvg(rates: { train: number; valid: number; test: number }): string {
  const parts: [string, number][] = [
    ['train', rates.train],
    ['validation', rates.valid],
    ['test', rates.test],
  ];
  const max = Math.max(0.05, ...parts.map((p) => p[1]));
  const bars = parts
    .map(([name, r], i) => {
      const h = (r / max) * 150;
      const x = 50 + i * 90;
      return `<rect x="${x}" y="${190 - h}" width="60" height="${h}" fill="#1f5fa8"/><text x="${x + 30}" y="${185 - h}" font-size="11" text-anchor="middle">${(r * 100).toFixed(1)} %</text><text x="${x + 30}" y="206" font-size="11" text-anchor="middle">${name}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="340" height="220" viewBox="0 0 340 220" role="img" aria-label="failure rate drift"><text x="170" y="14" font-size="13" font-weight="bold" text-anchor="middle">Failure rate per part (drift)</text><line x1="40" y1="190" x2="320" y2="190" stroke="#999"/>${bars}</svg>`;
}

export { esc };
