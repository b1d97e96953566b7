// Layer rules, checked mechanically by reading every import in src/.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const sources = files(SRC).map((p) => {
  const text = readFileSync(p, 'utf8');
  const imports = [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2]!);
  return { path: relative(SRC, p).replaceAll('\\', '/'), text, imports };
});

function offenders(test: (imp: string) => boolean, allowed: (path: string) => boolean): string[] {
  return sources.filter((s) => !allowed(s.path) && s.imports.some(test)).map((s) => s.path);
}

describe('layering', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('features/, rollout/ and risk/ are pure: no I/O, database, tfjs, network or git imports', () => {
    const impure = (imp: string) =>
      /^(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads)$/.test(imp) ||
      /^(kysely|better-sqlite3|pg|simple-git|hono|@hono\/|@tensorflow\/|fast-xml-parser)/.test(imp) ||
      // model/scorer-types.ts holds only the pure Scorer/RiskLevel contract
      (/\/(store|collect|model|serve|cli|train)\//.test(imp) && !imp.endsWith('model/scorer-types.ts'));
    expect(
      offenders(
        impure,
        (p) => !p.startsWith('features/') && !p.startsWith('rollout/') && !p.startsWith('risk/'),
      ),
    ).toEqual([]);
  });

  it('tfjs only in model/', () => {
    expect(
      offenders(
        (i) => i.startsWith('@tensorflow/'),
        (p) => p.startsWith('model/'),
      ),
    ).toEqual([]);
  });

  it('kysely, better-sqlite3 and pg only in store/', () => {
    expect(
      offenders(
        (i) => /^(kysely|better-sqlite3|pg)$/.test(i),
        (p) => p.startsWith('store/'),
      ),
    ).toEqual([]);
  });

  it('simple-git only in collect/git-repo.ts, fast-xml-parser only in collect/junit.ts', () => {
    expect(
      offenders(
        (i) => i === 'simple-git',
        (p) => p === 'collect/git-repo.ts',
      ),
    ).toEqual([]);
    expect(
      offenders(
        (i) => i === 'fast-xml-parser',
        (p) => p === 'collect/junit.ts',
      ),
    ).toEqual([]);
  });

  it('hono only in serve/ (and the CLI that starts it)', () => {
    expect(
      offenders(
        (i) => i === 'hono' || i.startsWith('hono/') || i.startsWith('@hono/'),
        (p) => p.startsWith('serve/') || p.startsWith('cli/'),
      ),
    ).toEqual([]);
  });

  it('process.env is read only in config.ts', () => {
    const readers = sources
      .filter((s) => s.path !== 'config.ts' && /process\.env\b/.test(s.text))
      .map((s) => s.path);
    expect(readers).toEqual([]);
  });
});
