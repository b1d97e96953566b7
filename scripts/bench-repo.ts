// The generated repository the store benchmarks mine: a synthetic but git-real history written
// with git fast-import, seeded so every run builds the same one. Shared by bench:collect and
// bench:store.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Seeded so every run builds the same repository.
export function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic but git-real history, written with git fast-import (seconds, not minutes). */
export function buildRepo(dir: string, n: number): void {
  const rnd = mulberry32(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const dirs = ['src/api', 'src/core', 'src/ui', 'lib/util', 'test/unit', 'docs', 'deploy/k8s', 'migrations'];
  const exts: Record<string, string> = { 'test/unit': '.test.ts', docs: '.md', 'deploy/k8s': '.yaml', migrations: '.sql' };
  const authors = Array.from({ length: 25 }, (_, i) => `Dev ${i} <dev${i}@example.com>`);
  const files = new Map<string, string[]>();
  const chunks: string[] = [];
  let t = Date.UTC(2019, 0, 1) / 1000;
  let serial = 0;
  const newPath = () => {
    const d = pick(dirs);
    return `${d}/file${serial++}${exts[d] ?? '.ts'}`;
  };
  for (let i = 1; i <= n; i++) {
    t += Math.floor(rnd() * 20_000) + 60;
    const author = authors[Math.min(authors.length - 1, Math.floor(-Math.log(1 - rnd()) * 5))]!;
    const ops: string[] = [];
    const touches = 1 + Math.floor(-Math.log(1 - rnd()) * 2.5);
    const touched = new Set<string>();
    for (let k = 0; k < touches; k++) {
      const r = rnd();
      const existing = [...files.keys()];
      if (existing.length < 30 || r < 0.15) {
        const p = newPath();
        const lines = Array.from({ length: 10 + Math.floor(rnd() * 60) }, (_, j) => `line ${j} of ${p} ${rnd().toString(36).slice(2, 8)}`);
        files.set(p, lines);
        touched.add(p);
        ops.push(`M 100644 inline ${p}\ndata <<EOF\n${lines.join('\n')}\nEOF`);
      } else if (r < 0.18 && existing.length > 60) {
        const p = pick(existing);
        if (touched.has(p)) continue;
        files.delete(p);
        touched.add(p);
        ops.push(`D ${p}`);
      } else if (r < 0.2) {
        const p = pick(existing);
        if (touched.has(p)) continue;
        const q = newPath();
        files.set(q, files.get(p)!);
        files.delete(p);
        touched.add(p).add(q);
        ops.push(`R ${p} ${q}`);
      } else {
        const p = pick(existing);
        if (touched.has(p)) continue;
        const lines = files.get(p)!;
        const edits = 1 + Math.floor(rnd() * 12);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rnd() * (lines.length + 1));
          if (rnd() < 0.6) lines.splice(at, 0, `added ${i}.${e} ${rnd().toString(36).slice(2, 10)}`);
          else if (lines.length > 5) lines.splice(at, 1);
        }
        touched.add(p);
        ops.push(`M 100644 inline ${p}\ndata <<EOF\n${lines.join('\n')}\nEOF`);
      }
    }
    const msg = rnd() < 0.25 ? `Fix bug #${i}` : `Change ${i}`;
    chunks.push(
      `commit refs/heads/main\nmark :${i}\nauthor ${author} ${t} +0000\ncommitter ${author} ${t} +0000\ndata <<EOF\n${msg}\nEOF\n${i > 1 ? `from :${i - 1}\n` : ''}${ops.join('\n')}\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('\n'), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
}

/** The n-commit repository, built once and cached in the temp dir (it is deterministic). */
export function cachedBenchRepo(n: number, log: (line: string) => void = console.log): string {
  const repo = join(tmpdir(), `deployrisk-bench-repo-${n}-v1`);
  if (!existsSync(join(repo, '.git'))) {
    const t0 = performance.now();
    buildRepo(`${repo}.partial`, n);
    renameSync(`${repo}.partial`, repo);
    log(`built ${n}-commit repository with git fast-import in ${(performance.now() - t0).toFixed(1)} ms`);
  }
  return repo;
}
