// The only reader of process.env. Everything else receives a parsed Config.
import { z } from 'zod';
import { AppError } from './errors.ts';
import { alertLevelSchema } from './risk/scale.ts';

const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(/[,:]/)
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
  );

export const configSchema = z.object({
  DEPLOYRISK_DB: z.string().default('./deployrisk.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().optional(),
  /** Upper bound for one test report file, bytes. */
  DEPLOYRISK_MAX_REPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** Roots under which the server may open git repositories (comma or colon separated). */
  DEPLOYRISK_REPO_ROOTS: csv,
  DEPLOYRISK_TOKENS: z.string().optional(),
  DEPLOYRISK_MODEL_DIR: z.string().optional(),
  /** Slack incoming-webhook URL; when set, scores at or above DEPLOYRISK_SLACK_MIN_LEVEL are posted. */
  DEPLOYRISK_SLACK_WEBHOOK_URL: z.url().optional(),
  DEPLOYRISK_SLACK_MIN_LEVEL: alertLevelSchema.default('high'),
  /** Largest accepted HTTP request body, bytes. */
  DEPLOYRISK_BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** How often the server checks the model registry for a newly activated model, ms. */
  DEPLOYRISK_MODEL_POLL_MS: z.coerce.number().int().min(100).default(3000),
  /**
   * How long the server trusts its in-memory copy of a service's recent deploys and outcomes, ms.
   * Its own writes update the copy at once; writes by other replicas show after at most this long.
   * 0 reads the database on every score.
   */
  DEPLOYRISK_HISTORY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  /** Scored requests compared with the training distribution for drift (PSI). */
  DEPLOYRISK_DRIFT_WINDOW: z.coerce.number().int().min(10).max(100_000).default(500),
  DEPLOYRISK_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** PostgreSQL connections per process (a pool); ignored for SQLite. */
  DEPLOYRISK_PG_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Apply pending store migrations at start-up; false when operators run `deployrisk migrate` first. */
  DEPLOYRISK_AUTO_MIGRATE: z.stringbool().default(true),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('bad_input', `invalid environment: ${msg}`, parsed.error.issues);
  }
  return parsed.data;
}
