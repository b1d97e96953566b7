// A small file glob for report paths: `*` and `?` within one path segment, `**` for any depth.
// Node 20 has no fs.glob. Brackets and braces are taken literally. Symlinked directories are not
// followed under `**` (no loops); dot entries match only when the segment itself starts with '.'.
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, parse, resolve, sep } from 'node:path';

export const hasGlob = (s: string): boolean => /[*?]/.test(s);

export interface GlobLimits {
  /** Stop after this many matched files (a runaway `**` in `/` must end). */
  maxFiles: number;
  /** Stop after visiting this many directories. */
  maxDirs: number;
}

export interface GlobResult {
  files: string[];
  truncated: boolean;
}

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (const ch of seg) {
    if (ch === '*') re += '[^/\\\\]*';
    else if (ch === '?') re += '[^/\\\\]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
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
  const root = parse(abs).root;
  const segs = abs
    .slice(root.length)
    .split(sep)
    .filter((s) => s.length > 0);
  // A trailing `**` means every file below.
  if (segs[segs.length - 1] === '**') segs.push('*');
  const firstGlob = segs.findIndex(hasGlob);
  if (firstGlob < 0) return { files: (await isFile(abs)) ? [abs] : [], truncated: false };

  const found = new Set<string>();
  let dirsVisited = 0;
  let truncated = false;
  const full = (): boolean => {
    if (found.size >= limits.maxFiles || dirsVisited >= limits.maxDirs) truncated = true;
    return truncated;
  };

  const walk = async (dir: string, i: number): Promise<void> => {
    if (full()) return;
    const seg = segs[i];
    if (seg === undefined) return;
    const last = i === segs.length - 1;
    if (seg === '**') {
      await walk(dir, i + 1);
      for (const e of await list(dir)) {
        if (e.isDirectory() && !e.name.startsWith('.')) await walk(join(dir, e.name), i);
      }
      return;
    }
    if (!hasGlob(seg)) {
      const p = join(dir, seg);
      if (last) {
        if (await isFile(p)) found.add(p);
      } else await walk(p, i + 1);
      return;
    }
    const re = segmentRegex(seg);
    for (const e of await list(dir)) {
      if (full()) return;
      if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
      if (!re.test(e.name)) continue;
      const p = join(dir, e.name);
      if (last) {
        if (e.isFile() || (e.isSymbolicLink() && (await isFile(p)))) found.add(p);
      } else if (e.isDirectory() || e.isSymbolicLink()) {
        await walk(p, i + 1);
      }
    }
  };

  const list = async (dir: string) => {
    dirsVisited++;
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch {
      // Missing or unreadable directories simply match nothing; the caller warns on zero matches.
      return [];
    }
  };

  await walk(join(root, ...segs.slice(0, firstGlob)), firstGlob);
  return { files: [...found].sort(), truncated };
}
