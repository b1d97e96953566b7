// Reads a small text file without trusting its size: fstat on the open handle first, then at most
// maxBytes + 1 bytes, so an oversized (or growing, or sparse multi-GB) file is refused unread.
import { open } from 'node:fs/promises';

export type CappedRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'unreadable' | 'not_a_file'; code?: string }
  | { ok: false; reason: 'too_big'; size: number };

export async function readTextCapped(file: string, maxBytes: number): Promise<CappedRead> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? { ok: false, reason: 'missing' } : { ok: false, reason: 'unreadable', code };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { ok: false, reason: 'not_a_file' };
    if (st.size > maxBytes) return { ok: false, reason: 'too_big', size: st.size };
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let len = 0;
    while (len < buf.length) {
      const { bytesRead } = await fh.read(buf, len, buf.length - len, len);
      if (bytesRead === 0) break;
      len += bytesRead;
    }
    if (len > maxBytes) return { ok: false, reason: 'too_big', size: len };
    const data = buf.subarray(0, len);
    // UTF-16LE with BOM shows up from Windows tooling; everything else is read as UTF-8.
    const text =
      data[0] === 0xff && data[1] === 0xfe ? data.subarray(2).toString('utf16le') : data.toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    return { ok: false, reason: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    await fh.close();
  }
}

/** The failure in words, e.g. "no such file", "12 bytes, over the 10-byte limit". */
export function readFailureText(r: Exclude<CappedRead, { ok: true }>, maxBytes: number): string {
  switch (r.reason) {
    case 'missing':
      return 'no such file';
    case 'unreadable':
      return `cannot read (${r.code ?? 'error'})`;
    case 'not_a_file':
      return 'not a regular file';
    case 'too_big':
      return `${r.size} bytes, over the ${maxBytes}-byte limit`;
  }
}
