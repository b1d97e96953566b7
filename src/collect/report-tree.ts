// The parsed-XML shape the report readers walk (fast-xml-parser's preserveOrder output, produced in
// junit.ts, the only importer of the parser), and what every reader shares: attribute access,
// entity-free text decoding, durations, and the check of declared counts against counted cases.
import type { TestCaseResult, TestTally } from '../features/test-report.ts';

export type Attrs = Record<string, string>;
/** One tag key with its children, attributes under ':@'. */
export type XmlNode = Record<string, unknown> & { ':@'?: Attrs };

export const tagOf = (node: XmlNode): string | undefined => Object.keys(node).find((k) => k !== ':@');

export const childrenOf = (node: XmlNode): XmlNode[] => {
  const tag = tagOf(node);
  const c = tag === undefined ? undefined : node[tag];
  return Array.isArray(c) ? (c as XmlNode[]) : [];
};

export const attr = (node: XmlNode, name: string): string | undefined => {
  const v = node[':@']?.[name];
  return v === undefined ? undefined : decodeRefs(v);
};

/** Only the predefined and numeric references; nothing a document can define. */
export function decodeRefs(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, ref: string) => {
    switch (ref) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const cp = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** Surefire writes "1,234.567" for long tests; anything unparsable or negative counts as 0. */
export function seconds(v: string | undefined): number {
  if (v === undefined) return 0;
  const x = Number(v.replace(/[,\s]/g, ''));
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/** A non-negative integer attribute, or undefined when absent or not a count. */
export function count(node: XmlNode, name: string): number | undefined {
  const v = node[':@']?.[name];
  if (v === undefined || !/^\s*\d{1,9}\s*$/.test(v)) return undefined;
  return Number(v);
}

/**
 * Elements named `want` anywhere below `root` (root itself excluded), in document order, without
 * descending into `opaque` elements or into the wanted ones. Explicit stack: nesting depth is the
 * document's choice (bounded by the parser's maxNestedTags), not ours.
 */
export function findAll(root: XmlNode, want: ReadonlySet<string>, opaque: ReadonlySet<string>): XmlNode[] {
  const out: XmlNode[] = [];
  const stack = childrenOf(root).slice().reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const tag = tagOf(node);
    if (tag === undefined || tag === '#text' || opaque.has(tag)) continue;
    if (want.has(tag)) {
      out.push(node);
      continue;
    }
    const kids = childrenOf(node);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return out;
}

/** Declared figures a producer writes; failedOrErrored where it does not split the two (NUnit 3). */
export type Declared = Partial<TestTally> & { failedOrErrored?: number };

/** The differing figures as "tests=6 (test cases: 0), failures=1 (test cases: 0)", or null. */
export function declaredDiff(
  declared: Declared,
  counted: TestTally,
  names: Record<string, string>,
): string | null {
  const got: Record<string, number> = {
    total: counted.total,
    failed: counted.failed,
    errored: counted.errored,
    skipped: counted.skipped,
    failedOrErrored: counted.failed + counted.errored,
  };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(declared)) {
    if (v === undefined || got[k] === v) continue;
    parts.push(`${names[k] ?? k}=${v} (test cases: ${got[k]})`);
  }
  return parts.length > 0 ? parts.join(', ') : null;
}

export interface FormatRead {
  cases: TestCaseResult[];
  declaredOnly?: TestTally;
  /** Reasons the report was read only in part or its figures disagree; the caller adds the source. */
  notes: string[];
}
