// Small inline SVG charts, drawn on the server. Each is an <svg role="img"> named by its <title>
// and described by its <desc> (aria-labelledby), with its figures also printed as text nearby.
import { LEVEL_COLOURS, LEVEL_CUTS, RISK_LEVELS, levelOf, type RiskLevel } from '../../risk/scale.ts';
import { h, raw, type Html } from './html.ts';

const AXIS = '#59636e';
const GRID = '#d1d9e0';
const INK = '#1f2328';
const RAISE = '#bc4c00';
const LOWER = '#0969da';
const BAR = '#0969da';
const FAIL = '#cf222e';

const f1 = (x: number) => Number(x.toFixed(1));

function frame(id: string, w: number, hgt: number, title: string, desc: string, body: Html): Html {
  return h`<svg class="chart" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif" font-size="12"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>${body}</svg>`;
}

/** Signed horizontal bars around a zero line (factor contributions, in log-odds). */
export function signedBars(
  id: string,
  title: string,
  desc: string,
  items: { label: string; value: number }[],
): Html {
  const W = 640;
  const row = 26;
  const labelW = 190;
  const H = 24 + items.length * row;
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)));
  const half = (W - labelW - 120) / 2;
  const zero = labelW + 60 + half;
  const bars = items.map((it, i) => {
    const y = 8 + i * row;
    const len = (Math.abs(it.value) / max) * half;
    const x = it.value >= 0 ? zero : zero - len;
    const tx = it.value >= 0 ? zero + len + 4 : zero - len - 4;
    return h`<text x="${labelW}" y="${y + 15}" text-anchor="end" fill="${INK}">${it.label}</text><rect x="${f1(x)}" y="${y + 3}" width="${f1(Math.max(1, len))}" height="16" fill="${it.value >= 0 ? RAISE : LOWER}"/><text x="${f1(tx)}" y="${y + 15}" text-anchor="${it.value >= 0 ? 'start' : 'end'}" fill="${INK}">${it.value >= 0 ? '+' : '−'}${Math.abs(it.value).toFixed(2)}</text>`;
  });
  return frame(
    id,
    W,
    H,
    title,
    desc,
    h`${bars}<line x1="${zero}" x2="${zero}" y1="4" y2="${H - 16}" stroke="${AXIS}"/><text x="${zero - 6}" y="${H - 4}" text-anchor="end" fill="${LOWER}">← lowers the risk</text><text x="${zero + 6}" y="${H - 4}" fill="${RAISE}">raises the risk →</text>`,
  );
}

/** Horizontal bars from zero with a marked limit (PSI per feature against the shift line). */
export function limitBars(
  id: string,
  title: string,
  desc: string,
  items: { label: string; value: number }[],
  limit: { value: number; label: string },
): Html {
  const W = 640;
  const row = 22;
  const labelW = 170;
  const H = 30 + items.length * row;
  const max = Math.max(limit.value * 1.25, ...items.map((i) => i.value));
  const span = W - labelW - 80;
  const x = (v: number) => labelW + 10 + (v / max) * span;
  const bars = items.map((it, i) => {
    const y = 6 + i * row;
    return h`<text x="${labelW}" y="${y + 13}" text-anchor="end" fill="${INK}">${it.label}</text><rect x="${labelW + 10}" y="${y + 2}" width="${f1(Math.max(1, x(it.value) - labelW - 10))}" height="14" fill="${it.value > limit.value ? FAIL : BAR}"/><text x="${f1(x(it.value) + 4)}" y="${y + 13}" fill="${INK}">${it.value.toFixed(3)}</text>`;
  });
  const lx = f1(x(limit.value));
  return frame(
    id,
    W,
    H,
    title,
    desc,
    h`${bars}<line x1="${lx}" x2="${lx}" y1="2" y2="${H - 18}" stroke="${FAIL}" stroke-dasharray="4 3"/><text x="${lx}" y="${H - 4}" text-anchor="middle" fill="${FAIL}">${limit.label}</text>`,
  );
}

/** Predicted risk (x) against the observed failure rate (y) per bin; the diagonal is perfect calibration. */
export function reliabilityDiagram(
  id: string,
  bins: { lo: number; hi: number; count: number; meanPredicted: number; observedRate: number }[],
): Html {
  const S = 300;
  const m = 40;
  const W = S + m + 20;
  const H = S + m + 10;
  const px = (v: number) => f1(m + v * S);
  const py = (v: number) => f1(10 + (1 - v) * S);
  const used = bins.filter((b) => b.count > 0);
  const maxN = Math.max(1, ...used.map((b) => b.count));
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks.map(
    (t) =>
      h`<line x1="${px(0)}" x2="${px(1)}" y1="${py(t)}" y2="${py(t)}" stroke="${GRID}"/><text x="${m - 4}" y="${py(t) + 4}" text-anchor="end" fill="${AXIS}">${t * 100}%</text><text x="${px(t)}" y="${py(0) + 16}" text-anchor="middle" fill="${AXIS}">${t * 100}%</text>`,
  );
  const points = used.map(
    (b) =>
      h`<circle cx="${px(b.meanPredicted)}" cy="${py(b.observedRate)}" r="${f1(3 + 6 * Math.sqrt(b.count / maxN))}" fill="${LEVEL_COLOURS[levelOf(Math.min(1, b.meanPredicted))]}" fill-opacity="0.85" stroke="${INK}"><title>${`predicted ${(b.meanPredicted * 100).toFixed(1)} %, observed ${(b.observedRate * 100).toFixed(1)} % of ${b.count}`}</title></circle>`,
  );
  const line = used.map((b) => `${px(b.meanPredicted)},${py(b.observedRate)}`).join(' ');
  const desc =
    used.length === 0
      ? 'No deploy with a recorded outcome yet.'
      : `${used.length} bins: ${used.map((b) => `predicted ${(b.meanPredicted * 100).toFixed(1)} % → observed ${(b.observedRate * 100).toFixed(1)} % (${b.count})`).join('; ')}.`;
  return frame(
    id,
    W,
    H + 10,
    'Reliability diagram: predicted risk against observed failure rate',
    desc,
    h`${grid}<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="${AXIS}" stroke-dasharray="5 4"/>${used.length > 1 ? h`<polyline points="${line}" fill="none" stroke="${INK}"/>` : ''}${points}<text x="${px(1 / 2)}" y="${H + 8}" text-anchor="middle" fill="${INK}">predicted risk</text><text transform="translate(11 ${py(1 / 2)}) rotate(-90)" text-anchor="middle" fill="${INK}">observed failure rate</text>`,
  );
}

/** Vertical bars over time (deploys per day, failures in red), labelled every `every` bars. */
export function columns(
  id: string,
  title: string,
  desc: string,
  items: { label: string; value: number; part?: number }[],
  opts: { every: number; format?: (v: number) => string },
): Html {
  const W = 640;
  const H = 170;
  const top = 12;
  const base = H - 34;
  const left = 48;
  const span = W - left - 8;
  const bw = span / Math.max(1, items.length);
  const max = Math.max(1, ...items.map((i) => i.value));
  const y = (v: number) => f1(base - (v / max) * (base - top));
  const fmt = opts.format ?? ((v: number) => String(v));
  const bars = items.map((it, i) => {
    const x = f1(left + i * bw + bw * 0.12);
    const w = f1(Math.max(1, bw * 0.76));
    const part = it.part ?? 0;
    return h`<rect x="${x}" y="${y(it.value)}" width="${w}" height="${f1(base - y(it.value))}" fill="${BAR}"><title>${`${it.label}: ${fmt(it.value)}${it.part !== undefined ? `, ${part} failed` : ''}`}</title></rect>${part > 0 ? h`<rect x="${x}" y="${y(part)}" width="${w}" height="${f1(base - y(part))}" fill="${FAIL}"/>` : ''}${i % opts.every === 0 ? h`<text x="${x}" y="${base + 16}" fill="${AXIS}">${it.label}</text>` : ''}`;
  });
  return frame(
    id,
    W,
    H,
    title,
    desc,
    h`<line x1="${left}" x2="${W - 8}" y1="${base}" y2="${base}" stroke="${AXIS}"/><text x="${left - 4}" y="${top + 4}" text-anchor="end" fill="${AXIS}">${fmt(max)}</text><text x="${left - 4}" y="${base}" text-anchor="end" fill="${AXIS}">0</text>${bars}`,
  );
}

/** Points per week joined by a line (median risk), with the risk scale's cuts as guide lines. */
export function weeklyRisk(
  id: string,
  title: string,
  desc: string,
  items: { label: string; value: number | null; level: RiskLevel | null }[],
): Html {
  const W = 640;
  const H = 190;
  const top = 12;
  const base = H - 34;
  const left = 48;
  const right = 110;
  const values = items.flatMap((i) => (i.value === null ? [] : [i.value]));
  const max = Math.min(1, Math.max(LEVEL_CUTS[RISK_LEVELS[1]!] * 1.5, ...values.map((v) => v * 1.2)));
  const step = (W - left - right) / Math.max(1, items.length - 1);
  const x = (i: number) => f1(left + i * step);
  const y = (v: number) => f1(base - (v / max) * (base - top));
  const guides = RISK_LEVELS.slice(1)
    .filter((l) => LEVEL_CUTS[l] <= max)
    .map(
      (l) =>
        h`<line x1="${left}" x2="${W - right}" y1="${y(LEVEL_CUTS[l])}" y2="${y(LEVEL_CUTS[l])}" stroke="${LEVEL_COLOURS[l]}" stroke-dasharray="4 3"/><text x="${W - right + 4}" y="${y(LEVEL_CUTS[l]) + 4}" fill="${LEVEL_COLOURS[l]}">${l} ≥ ${(LEVEL_CUTS[l] * 100).toFixed(0)}%</text>`,
    );
  const pts = items.flatMap((it, i) => (it.value === null ? [] : [`${x(i)},${y(it.value)}`]));
  const dots = items.map((it, i) =>
    it.value === null || it.level === null
      ? ''
      : h`<circle cx="${x(i)}" cy="${y(it.value)}" r="4.5" fill="${LEVEL_COLOURS[it.level]}" stroke="${INK}"><title>${`week of ${it.label}: median ${(it.value * 100).toFixed(1)} %`}</title></circle>`,
  );
  const labels = items.map((it, i) =>
    i % 2 === 0
      ? h`<text x="${x(i)}" y="${base + 16}" text-anchor="middle" fill="${AXIS}">${it.label.slice(5)}</text>`
      : '',
  );
  return frame(
    id,
    W,
    H,
    title,
    desc,
    h`<line x1="${left}" x2="${W - right}" y1="${base}" y2="${base}" stroke="${AXIS}"/><text x="${left - 4}" y="${base}" text-anchor="end" fill="${AXIS}">0%</text><text x="${left - 4}" y="${top + 4}" text-anchor="end" fill="${AXIS}">${(max * 100).toFixed(0)}%</text>${guides}${pts.length > 1 ? h`<polyline points="${pts.join(' ')}" fill="none" stroke="${INK}"/>` : ''}${dots}${labels}`,
  );
}

/** The rollout as traffic weight over time: a staircase of steps, each bake labelled, manual gates marked. */
export function rolloutTimeline(
  id: string,
  steps: { weight: number; startMinute: number; minutes: number | null }[],
  desc: string,
): Html {
  const W = 640;
  const H = 190;
  const top = 14;
  const base = H - 36;
  const left = 44;
  const right = 20;
  const MANUAL = 10; // drawn width (in minutes) of a manual gate, which has no duration
  const spans = steps.map((s) => (s.minutes === null ? MANUAL : Math.max(s.minutes, 2)));
  const total = Math.max(
    1,
    spans.reduce((a, b) => a + b, 0),
  );
  const xs: number[] = [];
  let acc = 0;
  for (const s of spans) {
    xs.push(acc);
    acc += s;
  }
  const x = (m: number) => f1(left + (m / total) * (W - left - right));
  const y = (w: number) => f1(base - (w / 100) * (base - top));
  const blocks = steps.map((s, i) => {
    const x0 = x(xs[i]!);
    const x1 = x(xs[i]! + spans[i]!);
    const label = s.minutes === null ? 'manual gate' : s.minutes === 0 ? 'full' : `${s.minutes} min`;
    return h`<rect x="${x0}" y="${y(s.weight)}" width="${f1(Math.max(1, x1 - x0))}" height="${f1(base - y(s.weight))}" fill="${s.minutes === null ? '#9a6700' : BAR}" fill-opacity="0.8" stroke="#fff"/><text x="${f1((x0 + x1) / 2)}" y="${f1(y(s.weight) - 4)}" text-anchor="middle" fill="${INK}">${s.weight}%</text><text x="${f1((x0 + x1) / 2)}" y="${base + 14}" text-anchor="middle" fill="${AXIS}">${label}</text>`;
  });
  return frame(
    id,
    W,
    H,
    'Rollout timeline: traffic weight over time',
    desc,
    h`<line x1="${left}" x2="${W - right}" y1="${base}" y2="${base}" stroke="${AXIS}"/><text x="${left - 4}" y="${y(100) + 4}" text-anchor="end" fill="${AXIS}">100%</text><text x="${left - 4}" y="${base}" text-anchor="end" fill="${AXIS}">0%</text>${blocks}<text x="${f1((left + W - right) / 2)}" y="${H - 4}" text-anchor="middle" fill="${INK}">time →</text>`,
  );
}

export { raw };
