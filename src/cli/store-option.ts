// The --db flag shared by commands that use the store: flag, else DEPLOYRISK_DB, else ./deployrisk.db.
import { openStore, type Store } from '../store/db.ts';
import type { CliContext } from './command.ts';

export const DB_FLAG_HELP =
  '  --db URL        store: SQLite file path, sqlite:PATH or postgres://user:pass@host:port/db\n' +
  '                  (default $DEPLOYRISK_DB or ./deployrisk.db)';

export function openStoreFor(ctx: CliContext, flag: string | undefined): Promise<Store> {
  return openStore(flag ?? ctx.config.DEPLOYRISK_DB, {
    poolSize: ctx.config.DEPLOYRISK_PG_POOL_SIZE,
    migrate: ctx.config.DEPLOYRISK_AUTO_MIGRATE,
  });
}
