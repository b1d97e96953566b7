// One risk scale: only src/risk/scale.ts names the levels as a list or cuts probabilities into
// them. Checked mechanically by reading every source under src/ as text (like architecture.test.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const SCALE = 'risk/scale.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|json)$/.test(p) ? [p] : [];
  });
}

const LEVEL = '(?:low|medium|high|critical)';
/** Two or more quoted level names in a row: an array, a union type, a z.enum. */
const LEVEL_LIST = new RegExp(`(['"\`])${LEVEL}\\1\\s*[,|]\\s*(['"\`])${LEVEL}\\2`, 'i');
/** A level used as a key for a number: `{ medium: 0.05, … }`, `{ low: 0, … }`. */
const LEVEL_NUMBER = new RegExp(`["']?\\b${LEVEL}\\b["']?\\s*:\\s*-?\\.?\\d`, 'i');
/** One of the cuts, as a probability (0.15, .3, 0.50) or a percentage (15 %, 30%, 50.0 %). */
const CUT = /(?<![\d.])(?:0?\.(?:15|30?|50?)0*(?![\d])|(?:15|30|50)(?:\.0+)?\s?%)/;
/** Words that make a cut on the same line a risk cut (also inside names: HIGH_RISK, riskCut). */
const RISK_WORD = new RegExp(
  `(?<![a-z])(?:${LEVEL}|risk|probabilit[a-z]*|thresholds?|levels?|bands?|cuts?)(?![a-z])`,
  'i',
);
/** A cut compared as a whole operand: `score >= 0.3`, `.15 > p` (not `< 0.5 * x`). */
const CUT_COMPARED = new RegExp(
  `[<>]=?\\s*(?:${CUT.source})\\s*(?:[)\\];,?&|]|$)|(?:^|[(\\s])(?:${CUT.source})\\s*[<>]=?`,
);

/** All four level names quoted somewhere in one file: the scale spelt out again (e.g. a levelFor). */
const ALL_FOUR = ['low', 'medium', 'high', 'critical'].map((l) => new RegExp(`(['"\`])${l}\\1`));

/**
 * Files in other hands (the scorer and training rewrite, issue 13 points 1–2) that still cut on the
 * model card's own thresholds; tolerated here until they call levelOf, then this list shrinks.
 */
const PENDING: Record<string, string> = {
};

/** Code lines without comments (a comment may explain the scale; code must not re-implement it). */
function codeLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((l) => l.replace(/(^|[^:'"`])\/\/.*$/, '$1'));
}

/** What in one source breaks the one-scale rule, as "line: text" strings. */
export function scaleViolations(text: string, isJson = false): string[] {
  const out: string[] = [];
  if (isJson && /"thresholds"\s*:/.test(text)) out.push('a "thresholds" key');
  const code = codeLines(text).join('\n');
  const list = LEVEL_LIST.exec(code);
  if (list) out.push(`a list of level names: ${list[0]}`);
  else if (!isJson && ALL_FOUR.every((r) => r.test(code))) out.push('all four level names, one by one');
  codeLines(text).forEach((line, i) => {
    if (LEVEL_NUMBER.test(line)) out.push(`${i + 1}: a number per level: ${line.trim()}`);
    else if ((CUT.test(line) && RISK_WORD.test(line)) || CUT_COMPARED.test(line))
      out.push(`${i + 1}: a risk cut: ${line.trim()}`);
  });
  return out;
}

const sources = files(SRC).map((p) => ({
  path: relative(SRC, p).replaceAll('\\', '/'),
  text: readFileSync(p, 'utf8'),
}));

describe('one risk scale', () => {
  it('the detector catches the shapes that made a second scale, and not ordinary numbers', () => {
    expect(scaleViolations(`if (p >= 0.3) return 'high';`)).toHaveLength(1);
    expect(scaleViolations(`const HIGH_RISK = .5;`)).toHaveLength(1);
    expect(scaleViolations(`const hot = score >= 0.30;`)).toHaveLength(1);
    expect(scaleViolations(`reasons.push('over the 15 % threshold');`)).toHaveLength(1);
    expect(scaleViolations(`thresholds: { medium: 0.05, high: 0.12, critical: 0.25 },`)).not.toEqual([]);
    expect(scaleViolations(`const RANK = { low: 0, medium: 1, high: 2, critical: 3 };`)).not.toEqual([]);
    const levelFor = `if (p >= t.critical) return 'critical';\nif (p >= t.high) return 'high';\nif (p >= t.medium) return 'medium';\nreturn 'low';`;
    expect(scaleViolations(levelFor)).toEqual(['all four level names, one by one']);
    expect(scaleViolations(`export type FailOn = 'medium' | 'high' | 'critical';`)).toHaveLength(1);
    expect(scaleViolations(`z.enum([\n  'medium',\n  'high',\n])`)).toHaveLength(1);
    expect(scaleViolations(`{ "production": { "thresholds": { "x": 1 } } }`, true)).not.toEqual([]);
    // Not violations: a share that is no risk cut, a cut-like value in a comment, one level name.
    expect(scaleViolations(`const MIN_PRESENT_SHARE = 0.5;`)).toEqual([]);
    expect(scaleViolations(`// medium ≥ 15 % (see src/risk/scale.ts)\nconst x = 1;`)).toEqual([]);
    expect(scaleViolations(`if (rank(band) >= rank('high')) hold();`)).toEqual([]);
    expect(scaleViolations(`buckets: [0.001, 0.25, 0.5, 1]`)).toEqual([]);
    expect(scaleViolations(`if (Math.log(w) < 0.5 * x * x) return d;`)).toEqual([]);
    expect(scaleViolations(`const blocked = p > 0.5 ? 1 : 0;`)).toHaveLength(1);
  });

  it('finds the sources, the scale among them', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((s) => s.path === SCALE)).toBe(true);
    // The scale itself is what the detector would flag anywhere else.
    expect(scaleViolations(sources.find((s) => s.path === SCALE)!.text)).not.toEqual([]);
  });

  it('no file under src/ but src/risk/scale.ts lists the level names or hard-codes a cut', () => {
    const found = sources
      .filter((s) => s.path !== SCALE && !(s.path in PENDING))
      .flatMap((s) => scaleViolations(s.text, s.path.endsWith('.json')).map((v) => `${s.path}: ${v}`));
    expect(found).toEqual([]);
  });
});
