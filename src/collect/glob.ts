// File globs for report paths, matched by picomatch (the matcher behind fast-glob, tinyglobby and
// vite): `*`, `?`, `**`, brackets `[ab]`, braces `{unit,integ}`, extglobs. The directory walk is
// ours so that it keeps its caps on files and directories (a runaway `**` in `/` must end).
// Symlinked directories are not followed under `**` (no loops); dot entries match only where the
// pattern names them (`.reports/*.xml`), as in a shell.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

/** True when the pattern has glob syntax (a plain path is read as it is). */
export const hasGlob = (s: string): boolean => picomatch.scan(s).isGlob;

export interface GlobLimits {
  /** Stop after this many matched files. */
  maxFiles: number;
  /** Stop after visiting this many directories. */
  maxDirs: number;
}

export interface GlobResult {
  files: string[];
  truncated: boolean;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Absolute paths of the files matching `pattern` (relative patterns resolve against cwd), sorted. */
export async function globFiles(
  pattern: string,
  cwd: string,
  limits: GlobLimits = { maxFiles: 10_000, maxDirs: 100_000 },
): Promise<GlobResult> {
  const abs = isAbsolute(pattern) ? resolve(pattern) : resolve(cwd, pattern);
  const scan = picomatch.scan(abs);
  if (!scan.isGlob) return { files: (await isFile(abs)) ? [abs] : [], truncated: false };
  const base = scan.base === '' ? resolve('/') : scan.base;
  const glob = scan.glob;
  const match = picomatch(glob, { dot: false });
  // How deep the walk may go: unbounded for `**` (and braces holding a '/'), else one level per segment.
  const unbounded = glob.includes('**') || /\{[^}]*\/[^}]*\}/.test(glob);
  const maxDepth = unbounded ? Infinity : glob.split('/').length;
  // A dot directory is entered only when the pattern names one.
  const dotDirs = /(^|\/)\./.test(glob);

  const found: string[] = [];
  let dirsVisited = 0;
  let truncated = false;
  const full = (): boolean => {
    if (found.length >= limits.maxFiles || dirsVisited >= limits.maxDirs) truncated = true;
    return truncated;
  };
  const list = async (dir: string): Promise<Dirent[]> => {
    dirsVisited++;
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch {
      // Missing or unreadable directories simply match nothing; the caller warns on zero matches.
      return [];
    }
  };
  // Matched against the path below base with '/' separators, as picomatch expects.
  const rel = (p: string) => relative(base, p).split(sep).join('/');

  const walk = async (dir: string, depth: number): Promise<void> => {
    if (full()) return;
    for (const e of await list(dir)) {
      if (full()) return;
      const p = join(dir, e.name);
      const link = e.isSymbolicLink();
      if (e.isFile() || (link && (await isFile(p)))) {
        if (match(rel(p))) found.push(p);
      } else if (depth + 1 < maxDepth) {
        if (e.name.startsWith('.') && !dotDirs) continue;
        if (e.isDirectory() || (link && !unbounded && (await isDir(p)))) await walk(p, depth + 1);
      }
    }
  };
  await walk(base, 0);
  return { files: found.sort(), truncated };
}

/**
 * The report files directly in a directory (*.xml, *.trx), sorted; listed, not globbed, so that a
 * directory named "runs (old)" or "out[1]" is read as named.
 */
export async function reportFilesIn(dir: string, maxFiles = 10_000): Promise<GlobResult> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return { files: [], truncated: false };
  }
  const files: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || !/\.(xml|trx)$/i.test(e.name)) continue;
    const p = join(dir, e.name);
    if (!(e.isFile() || (e.isSymbolicLink() && (await isFile(p))))) continue;
    if (files.length >= maxFiles) return { files, truncated: true };
    files.push(p);
  }
  return { files, truncated: false };
}
