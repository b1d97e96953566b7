import type { Command } from '../command.ts';
import { parseFlags } from '../args.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrate, migrationStatus, openStore, parseStoreUrl } from '../../store/db.ts';
import { MIGRATIONS } from '../../store/migrations/index.ts';
import { dbFlagHelp } from '../store-option.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending store migrations (run before a rollout when replicas skip auto-migration)',
  help: `Usage: deployrisk migrate [--db URL] [--status] [--json]

Brings the store's schema up to date and exits. Servers and commands migrate on their own at
start-up unless DEPLOYRISK_AUTO_MIGRATE=false; operators who set that run this once per release,
before the new replicas start. Safe to run concurrently with other replicas or another migrate:
on PostgreSQL a session advisory lock lets exactly one process apply the migrations, the others
wait and then find nothing to do.

Options:
${dbFlagHelp()}
  --status        only report applied and pending migrations; change nothing
  --json          print {"store", "dialect", "applied", "pending", "ran"} on stdout
  -h, --help      this help

Exit codes: 0 up to date (or status printed), 2 bad input, 3 database unreachable, 4 migration
failed.
`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      status: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const url = values.db ?? ctx.config.DEPLOYRISK_DB;
    const target = parseStoreUrl(url);
    // --status changes nothing, so it must not create the SQLite file it is asked about either.
    if (
      values.status &&
      target.dialect === 'sqlite' &&
      target.file !== ':memory:' &&
      !existsSync(target.file)
    ) {
      const description = `sqlite:${resolve(target.file)} (no such file yet)`;
      const pending = Object.keys(MIGRATIONS);
      ctx.io.stdout(
        values.json
          ? JSON.stringify({ store: description, dialect: 'sqlite', applied: [], pending, ran: [] }) + '\n'
          : `${description}: status; 0 applied, ${pending.length} pending (${pending.join(', ')})\n`,
      );
      return 0;
    }
    const store = await openStore(url, {
      migrate: false,
      requireCurrent: false,
      poolSize: 2,
    });
    try {
      const ran = values.status ? [] : await migrate(store.db);
      const { applied, pending } = await migrationStatus(store.db);
      if (values.json) {
        ctx.io.stdout(
          JSON.stringify({ store: store.description, dialect: store.dialect, applied, pending, ran }) + '\n',
        );
      } else {
        const head =
          ran.length > 0 ? `applied ${ran.join(', ')}` : values.status ? 'status' : 'already up to date';
        ctx.io.stdout(
          `${store.description}: ${head}; ${applied.length} applied, ${pending.length} pending${pending.length ? ` (${pending.join(', ')})` : ''}\n`,
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
