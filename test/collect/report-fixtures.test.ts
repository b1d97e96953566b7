// Every real report under test/fixtures/reports/<producer>/ against the producer's own figures,
// recorded beside it in expected.json (see PROVENANCE.md for where each file and figure came from).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseJunitXml } from '../../src/collect/junit.ts';
import { testFeatures } from '../../src/features/tests.ts';

const ROOT = resolve(import.meta.dirname, '../fixtures/reports');
const MAX = 20 * 1024 * 1024;

interface Expected {
  format: string;
  total: number;
  failed?: number;
  errored?: number;
  failedOrErrored?: number;
  skipped: number;
  flaky: number;
  from: string;
  /** A known difference from the producer's figure, with the reason; the counted value is asserted. */
  differs?: Record<string, { counted: number; why: string }>;
  /** Substrings the warnings must contain (declared figures that disagree, partial reads). */
  warns?: string[];
}

const producers = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const fixtureFiles = producers.flatMap((p) => {
  const expected = JSON.parse(readFileSync(join(ROOT, p, 'expected.json'), 'utf8')) as Record<
    string,
    Expected
  >;
  return Object.entries(expected).map(([file, exp]) => ({ producer: p, file, exp }));
});

function read(producer: string, file: string): string {
  const raw = readFileSync(join(ROOT, producer, file));
  return (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

describe('real reports counted as their producers count them', () => {
  it('covers at least 60 files from at least 8 producers, .NET formats among them, each with expected figures', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(60);
    expect(producers.length).toBeGreaterThanOrEqual(8);
    for (const f of ['nunit2', 'nunit3', 'xunit2', 'trx'])
      expect(fixtureFiles.some((x) => x.exp.format === f)).toBe(true);
    // Every report file on disk has its expected figures.
    for (const p of producers) {
      const files = readdirSync(join(ROOT, p)).filter((f) => f !== 'expected.json' && f !== 'PROVENANCE.md');
      expect(files.sort()).toEqual(
        fixtureFiles
          .filter((x) => x.producer === p)
          .map((x) => x.file)
          .sort(),
      );
    }
  });

  it.each(fixtureFiles.map((f) => [`${f.producer}/${f.file}`, f] as const))(
    '%s',
    (_name, { producer, file, exp }) => {
      const parsed = parseJunitXml(read(producer, file), { maxBytes: MAX, source: file });
      expect(parsed.ok, parsed.ok ? '' : parsed.warning).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.report.format).toBe(exp.format);
      const f = testFeatures([parsed.report], null);
      const got: Record<string, number> = {
        total: f.testsTotal!,
        failed: f.testsFailed!,
        errored: f.testsErrored!,
        failedOrErrored: f.testsFailed! + f.testsErrored!,
        skipped: f.testsSkipped!,
        flaky: f.testsFlaky!,
      };
      const want: Record<string, number> = {};
      for (const k of ['total', 'failed', 'errored', 'failedOrErrored', 'skipped', 'flaky'] as const) {
        const v = exp[k];
        if (v === undefined) continue;
        want[k] = exp.differs?.[k]?.counted ?? v;
      }
      expect(Object.fromEntries(Object.keys(want).map((k) => [k, got[k]]))).toEqual(want);
      // A difference from the producer's own figure is never silent.
      if (exp.differs) expect(parsed.warnings.join('\n')).not.toBe('');
      for (const w of exp.warns ?? []) expect(parsed.warnings.join('\n')).toContain(w);
      if (!exp.differs && !exp.warns) expect(parsed.warnings).toEqual([]);
    },
  );
});
