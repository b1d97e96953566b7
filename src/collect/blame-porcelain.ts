// Parser of `git blame --porcelain` output: which commit each final line comes from. git prints a
// commit's headers (author-time, boundary, …) only the first time the commit appears.

export interface BlamedLine {
  sha: string;
  /** Line number in the blamed revision's file. */
  finalLine: number;
  authorTime: number; // epoch ms
  committerTime: number; // epoch ms
  /** The commit is a boundary (root of the walk). */
  boundary: boolean;
  text: string;
}

interface Info {
  authorTime: number;
  committerTime: number;
  boundary: boolean;
}

const HEADER_RE = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d+) (\d+)(?: \d+)?$/;

export function parseBlamePorcelain(text: string): BlamedLine[] {
  const infos = new Map<string, Info>();
  const out: BlamedLine[] = [];
  let sha: string | null = null;
  let finalLine = 0;
  for (const line of text.split('\n')) {
    if (sha === null) {
      const m = HEADER_RE.exec(line);
      if (!m) continue;
      sha = m[1]!;
      finalLine = Number(m[3]);
      if (!infos.has(sha)) infos.set(sha, { authorTime: 0, committerTime: 0, boundary: false });
      continue;
    }
    const info = infos.get(sha)!;
    if (line.startsWith('\t')) {
      out.push({ sha, finalLine, ...info, text: line.slice(1) });
      sha = null;
    } else if (line.startsWith('author-time ')) info.authorTime = Number(line.slice(12)) * 1000;
    else if (line.startsWith('committer-time ')) info.committerTime = Number(line.slice(15)) * 1000;
    else if (line === 'boundary') info.boundary = true;
  }
  return out;
}
