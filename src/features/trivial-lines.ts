// Lines SZZ must not blame: blank or whitespace-only lines, and lines that are only a comment in
// the file's language (chosen by extension). A change to them cannot have caused a bug. Pure.
// codeOf() gives what is left of a line once layout and comments are gone, so that a change that
// only re-indents, re-wraps or re-words a trailing comment can be told apart from a change to code.

type Style = { line: string[]; block?: [string, string] };

const C_LIKE: Style = { line: ['//'], block: ['/*', '*/'] };
const HASH: Style = { line: ['#'] };
const STYLES: Record<string, Style> = {};
const assign = (exts: string[], s: Style) => exts.forEach((e) => (STYLES[e] = s));
assign(
  [
    'js',
    'mjs',
    'cjs',
    'jsx',
    'ts',
    'mts',
    'cts',
    'tsx',
    'java',
    'c',
    'h',
    'cc',
    'cpp',
    'cxx',
    'hpp',
    'hh',
    'cs',
    'go',
    'rs',
    'kt',
    'kts',
    'swift',
    'scala',
    'groovy',
    'gradle',
    'dart',
    'm',
    'mm',
    'proto',
    'css',
    'scss',
    'less',
    'zig',
    'sol',
  ],
  C_LIKE,
);
assign(['php'], { line: ['//', '#'], block: ['/*', '*/'] });
assign(
  [
    'py',
    'pyi',
    'rb',
    'rake',
    'ru',
    'gemspec',
    'podspec',
    'sh',
    'bash',
    'zsh',
    'fish',
    'pl',
    'pm',
    'r',
    'yaml',
    'yml',
    'toml',
    'cfg',
    'ini',
    'conf',
    'mk',
    'cmake',
    'tf',
    'hcl',
    'nix',
    'dockerfile',
    'ps1',
    'jl',
    'ex',
    'exs',
    'cr',
    'nim',
    'coffee',
  ],
  HASH,
);
assign(['sql', 'lua', 'hs', 'elm', 'ada', 'vhd', 'vhdl'], { line: ['--'] });
assign(['lisp', 'el', 'clj', 'cljs', 'scm', 'rkt', 'asm', 's'], { line: [';'] });
assign(['tex', 'sty', 'erl', 'hrl', 'mat'], { line: ['%'] });
assign(['html', 'htm', 'xml', 'xhtml', 'svg', 'vue', 'md'], { line: [], block: ['<!--', '-->'] });
assign(['vim'], { line: ['"'] });
assign(['bat', 'cmd'], { line: ['REM ', 'rem ', '::'] });

function styleFor(path: string): Style | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (
    lower === 'makefile' ||
    lower === 'dockerfile' ||
    lower.startsWith('dockerfile.') ||
    lower === '.gitignore' ||
    // Ruby DSL files without an extension.
    [
      'gemfile',
      'rakefile',
      'guardfile',
      'podfile',
      'vagrantfile',
      'brewfile',
      'berksfile',
      'capfile',
    ].includes(lower)
  )
    return HASH;
  const dot = lower.lastIndexOf('.');
  return dot >= 0 ? (STYLES[lower.slice(dot + 1)] ?? null) : null;
}

export const isWhitespaceOnly = (text: string): boolean => text.trim().length === 0;

/**
 * True when the line holds only a comment (or only the pieces of a block comment: its opener, a
 * continuation starting with `*`, its closer). Unknown extensions: never a comment.
 */
export function isCommentOnly(text: string, path: string): boolean {
  const s = styleFor(path);
  const t = text.trim();
  if (!s || t.length === 0) return false;
  if (s.line.some((p) => t.startsWith(p))) return true;
  if (s.block) {
    const [open, close] = s.block;
    if (t.startsWith(open)) {
      // `/* a */ code()` has code after the comment.
      const end = t.indexOf(close, open.length);
      return end < 0 || t.slice(end + close.length).trim().length === 0;
    }
    if (open === '/*' && (t.startsWith('*') || t === close)) return true;
    if (t === close) return true;
  }
  return false;
}

export const isTrivialLine = (text: string, path: string): boolean =>
  isWhitespaceOnly(text) || isCommentOnly(text, path);

/** Quotes outside of escapes are balanced in `s`: a comment marker after it is not inside a string. */
function quotesBalanced(s: string): boolean {
  const open: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '"' && c !== "'" && c !== '`') continue;
    if (open.length > 0 && open[open.length - 1] === c) open.pop();
    else if (open.length === 0) open.push(c);
  }
  return open.length === 0;
}

/**
 * The code of a line: comment-only lines give '', a trailing line comment is cut when it is
 * preceded by whitespace and not inside a string, and all whitespace is removed. Two lines with
 * the same code differ only cosmetically.
 */
export function codeOf(text: string, path: string): string {
  if (isTrivialLine(text, path)) return '';
  let code = text;
  const s = styleFor(path);
  for (const marker of s?.line ?? []) {
    let from = 0;
    for (;;) {
      const at = code.indexOf(marker, from);
      if (at < 0) break;
      const before = code.slice(0, at);
      if (/\s$/.test(before) && quotesBalanced(before)) {
        code = before;
        break;
      }
      from = at + marker.length;
    }
  }
  return code.replace(/\s+/g, '');
}

const TRIPLE_RE = /"""|'''/;

/**
 * Lines of a Python file that belong to a docstring-like string: a triple-quoted string that is a
 * statement of its own (module, class and function docstrings, bare string notes), 1-based. A
 * triple-quoted string inside an expression (`x = """…`) is code. Other languages: none.
 * Heuristic: a triple quote inside a one-line string can mislead it.
 */
export function docstringLines(source: string, path: string): Set<number> {
  const out = new Set<number>();
  if (!/\.pyi?$/i.test(path)) return out;
  let open: { delim: string; doc: boolean } | null = null;
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const n = i + 1;
    if (open) {
      if (open.doc) out.add(n);
      if (line.includes(open.delim)) open = null;
      continue;
    }
    const m = TRIPLE_RE.exec(line);
    if (!m) continue;
    const delim = m[0];
    const doc = /^\s*[rRuUbB]{0,2}$/.test(line.slice(0, m.index));
    const close = line.indexOf(delim, m.index + 3);
    if (close < 0) {
      open = { delim, doc };
      if (doc) out.add(n);
    } else if (doc && isWhitespaceOnly(line.slice(close + 3).replace(/#.*$/, ''))) out.add(n);
  }
  return out;
}
