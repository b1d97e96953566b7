// Parser of `git show -U0 --no-color --format=` output: per file, the old-side lines a commit
// deletes or modifies (what SZZ blames) and the new-side lines it adds. Pure.

export interface DiffLine {
  /** 1-based line number on its side (old for deleted, new for added). */
  line: number;
  text: string;
  /** Ordinal of the hunk within its file (0-based): the lines of one hunk replace each other. */
  hunk: number;
}

export interface FileDiff {
  /** Path before the commit; null for an added file. */
  oldPath: string | null;
  /** Path after the commit; null for a deleted file. */
  newPath: string | null;
  binary: boolean;
  deleted: DiffLine[];
  added: DiffLine[];
}

// git writes paths with unusual bytes as C-style quoted strings ("a/t\303\244st").
export function unquoteGitPath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(esc[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function sidePath(rest: string, prefix: 'a/' | 'b/'): string | null {
  const p = unquoteGitPath(rest.trim());
  if (p === '/dev/null') return null;
  return p.startsWith(prefix) ? p.slice(2) : p;
}

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let cur: FileDiff | null = null;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  let hunk = -1;
  for (const raw of text.split('\n')) {
    if (raw.startsWith('diff --git ') || raw.startsWith('diff --cc ') || raw.startsWith('diff --combined ')) {
      cur = { oldPath: null, newPath: null, binary: false, deleted: [], added: [] };
      // Fallback names from the header, replaced by ---/+++ when present (they are unambiguous).
      const m = /^diff --git (?:"?a\/)(.*?)"? "?b\/(.*?)"?$/.exec(raw);
      if (m) {
        cur.oldPath = m[1]!;
        cur.newPath = m[2]!;
      }
      files.push(cur);
      inHunk = false;
      hunk = -1;
      continue;
    }
    if (!cur) continue;
    if (!inHunk) {
      if (raw.startsWith('--- ')) cur.oldPath = sidePath(raw.slice(4), 'a/');
      else if (raw.startsWith('+++ ')) cur.newPath = sidePath(raw.slice(4), 'b/');
      else if (raw.startsWith('new file mode')) cur.oldPath = null;
      else if (raw.startsWith('deleted file mode')) cur.newPath = null;
      else if (raw.startsWith('rename from ')) cur.oldPath = unquoteGitPath(raw.slice(12));
      else if (raw.startsWith('rename to ')) cur.newPath = unquoteGitPath(raw.slice(10));
      else if (raw.startsWith('Binary files ')) cur.binary = true;
    }
    const h = HUNK_RE.exec(raw);
    if (h) {
      inHunk = true;
      hunk++;
      oldLine = Number(h[1]);
      newLine = Number(h[3]);
      // With zero old lines git names the line *before* the hunk; nothing is deleted then.
      continue;
    }
    if (!inHunk) continue;
    if (raw.startsWith('-')) cur.deleted.push({ line: oldLine++, text: raw.slice(1), hunk });
    else if (raw.startsWith('+')) cur.added.push({ line: newLine++, text: raw.slice(1), hunk });
    else if (raw.startsWith(' ')) {
      oldLine++;
      newLine++;
    }
    // "\ No newline at end of file" and blank separators carry no line.
  }
  return files;
}

/** Sorted line numbers → inclusive [start, end] runs, for `git blame -L`. */
export function toRanges(lines: readonly number[]): [number, number][] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}
