// The --db flag shared by commands that use the store: flag, else DEPLOYRISK_DB, else ./deployrisk.db.
import { openStore, type Store } from '../store/db.ts';
import type { CliContext } from './command.ts';

/** The --db lines of a command's help, with descriptions starting at `column` like its other options. */
export function dbFlagHelp(column = 18): string {
  const pad = ' '.repeat(column);
  return (
    `${'  --db URL'.padEnd(column)}store: SQLite file path, sqlite:PATH or postgres://user:pass@host:port/db\n` +
    `${pad}(default $DEPLOYRISK_DB or ./deployrisk.db)`
  );
}

/** How often a serving process checkpoints a SQLite WAL in the background (see store/dialect.ts). */
export const SERVE_CHECKPOINT_MS = 250;

export function openStoreFor(
  ctx: CliContext,
  flag: string | undefined,
  opts: { serving?: boolean } = {},
): Promise<Store> {
  return openStore(flag ?? ctx.config.DEPLOYRISK_DB, {
    poolSize: ctx.config.DEPLOYRISK_PG_POOL_SIZE,
    migrate: ctx.config.DEPLOYRISK_AUTO_MIGRATE,
    ...(opts.serving
      ? { backgroundCheckpointMs: SERVE_CHECKPOINT_MS, log: (m: string) => ctx.log.warn(m) }
      : {}),
  });
}
