// A one-line progress bar on stderr when it is a terminal; silent otherwise (CI logs stay clean).
import type { CliIo } from './command.ts';

export function progressBar(
  io: CliIo,
  label: string,
): { update(done: number, total: number, phase?: string): void; end(): void } {
  if (!io.isTTY) return { update() {}, end() {} };
  let last = 0;
  return {
    update(done, total, phase = label) {
      const now = Date.now();
      if (now - last < 80 && done < total) return; // redraw at most ~12 times a second
      last = now;
      const width = 30;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      io.stderr(`\r${phase.padEnd(10)} ${bar} ${done}/${total}`);
    },
    end() {
      io.stderr('\r\x1b[K');
    },
  };
}
