import { DEPLOY_OUTCOMES } from '../../features/schema.ts';
import { AppError } from '../../errors.ts';
import { recordOutcome } from '../../store/deployments.ts';
import { outcomeView } from '../../serve/views.ts';
import { dateFlag, parseFlags, requireFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';

const help = `Usage: deployrisk outcome --deployment ID --status succeeded|failed|rolled_back [--reason TEXT] [--at ISO] [--db URL] [--json]

Records the outcome of a scored deploy in the store (the same record as
POST /v1/deployments/{id}/outcome, source "cli"). Recording the same status again is a no-op;
a different status is a conflict (exit 2).

Options:
  --deployment ID   deployment id returned by score (required)
  --status S        ${DEPLOY_OUTCOMES.join(' | ')} (required)
  --reason TEXT     free text kept with the outcome
  --at ISO          when the deploy ended (default now)
${dbFlagHelp(20)}
  --json            print the stored outcome (the API's Outcome object) and whether it was created

Exit codes: 0 recorded (or already recorded), 2 bad input, conflict or unknown deployment, 4 internal error.
`;

export const outcomeCommand: Command = {
  name: 'outcome',
  summary: 'Record the outcome of a scored deploy (succeeded, failed, rolled_back)',
  help,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      deployment: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string' },
      at: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    const id = requireFlag(values.deployment, '--deployment');
    const status = requireFlag(values.status, '--status');
    if (!(DEPLOY_OUTCOMES as readonly string[]).includes(status))
      throw new AppError('bad_input', `--status must be one of ${DEPLOY_OUTCOMES.join(', ')}`);
    const now = Date.now();
    const at = dateFlag(values.at, '--at') ?? now;
    const store = await openStoreFor(ctx, values.db);
    try {
      const { outcome, created } = await recordOutcome(store.db, {
        deployment_id: id,
        status,
        at,
        reason: values.reason ?? null,
        source: 'cli',
        recorded_at: now,
      });
      const view = { ...outcomeView(outcome), created };
      ctx.io.stdout(
        values.json
          ? JSON.stringify(view) + '\n'
          : `${id}: ${outcome.status}${created ? '' : ' (already recorded)'}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
