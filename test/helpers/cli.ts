// Runs the real CLI: in-process through main() (fast), or as a child process (env, exit codes).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

const BIN = resolve(import.meta.dirname, '../../bin/deployrisk.mjs');

export function spawnCli(
  argv: string[],
  opts: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, DEPLOYRISK_LOG_LEVEL: 'warn', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    input: opts.input ?? '',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
