// Composition root of the CLI: parses the command name, builds config/logger, maps errors to exit codes.
import { loadConfig } from '../config.ts';
import { isAppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { CliIo } from './command.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { COMMANDS } from './commands/index.ts';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'deployrisk — how likely is this deploy to fail, and how fast should it roll out?',
    '',
    'Usage: deployrisk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `deployrisk <command> --help` for the options of one command.',
    'Environment: DEPLOYRISK_DB (store, default ./deployrisk.db), PORT, DEPLOYRISK_REPO_ROOTS,',
    'DEPLOYRISK_TOKENS, DEPLOYRISK_MAX_REPORT_BYTES, DEPLOYRISK_LOG_LEVEL.',
    '',
  ].join('\n');
}

const defaultIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('deployrisk 0.1.0\n');
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`deployrisk: unknown command "${name}"\n\n${usage()}`);
    return EXIT.badInput;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.endsWith('\n') ? command.help : command.help + '\n');
    return EXIT.ok;
  }
  try {
    const config = loadConfig();
    const log = createLogger(config.DEPLOYRISK_LOG_LEVEL, io.stderr);
    return await command.run(rest, { config, log, io });
  } catch (e) {
    if (isAppError(e)) {
      io.stderr(`deployrisk ${name}: ${e.message}\n`);
      return exitCodeFor(e.code);
    }
    io.stderr(`deployrisk ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
