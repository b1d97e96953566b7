import type { Command } from '../command.ts';
import { parseFlags } from '../args.ts';
import { migrate, migrationStatus, openStore } from '../../store/db.ts';
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
    const store = await openStore(values.db ?? ctx.config.DEPLOYRISK_DB, {
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
