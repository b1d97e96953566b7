// The --db flag shared by commands that use the store: flag, else DEPLOYRISK_DB, else ./deployrisk.db.
import { openStore, type Store } from '../store/db.ts';
import type { CliContext } from './command.ts';

export const DB_FLAG_HELP = '  --db URL        store: SQLite file path or sqlite:PATH (default $DEPLOYRISK_DB or ./deployrisk.db)';

export function openStoreFor(ctx: CliContext, flag: string | undefined): Promise<Store> {
  return openStore(flag ?? ctx.config.DEPLOYRISK_DB);
}
