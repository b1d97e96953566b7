// What every subcommand provides. main.ts lists them; each lives in commands/<name>.ts.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export interface CliContext {
  config: Config;
  log: Logger;
  io: CliIo;
}

export interface Command {
  name: string;
  /** One line for `deployrisk --help`; the canonical copy lives in commands/index.ts. */
  summary?: string;
  /** Full help text shown by `deployrisk NAME --help`. */
  help: string;
  /** Returns the exit code. Throw AppError for errors; main maps codes to exit codes. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}
