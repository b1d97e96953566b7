import { ALERT_LEVELS } from '../../risk/scale.ts';
import { startServer } from '../../serve/server.ts';
import { numberFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { realAppDeps } from '../serve-deps.ts';
import { openStoreFor } from '../store-option.ts';

const PRETENURING_FLAG = '--no-allocation-site-pretenuring';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the scoring API (POST /v1/score, gates, outcomes, summaries, /docs)',
  help: `Usage: deployrisk serve [--port N] [--host ADDR] [--db URL]

Serves the HTTP API with the shipped default model (models/DEFAULT, or DEPLOYRISK_MODEL_DIR) and
the store (SQLite file or PostgreSQL). API reference: GET /docs (Swagger UI) and GET /openapi.json.

Options:
  --port N      port (default $PORT or 8080; 0 picks a free port, printed on stderr)
  --host ADDR   bind address (default $HOST or all interfaces; loopback only without tokens)
  --db URL      store: SQLite file path, sqlite:PATH or postgres://user:pass@host:port/db
                (default $DEPLOYRISK_DB or ./deployrisk.db)
  -h, --help    this help

Environment:
  DEPLOYRISK_TOKENS             token=scope|scope,... (scopes: score, outcome, admin). Unset: no
                                auth, bound to 127.0.0.1 only.
  DEPLOYRISK_REPO_ROOTS         directories under which POST /v1/score may open git repositories
  DEPLOYRISK_SLACK_WEBHOOK_URL  Slack incoming webhook for high scores
  DEPLOYRISK_SLACK_MIN_LEVEL    ${ALERT_LEVELS.join(' | ')} (default high)
  DEPLOYRISK_BODY_LIMIT         largest request body in bytes (default 1048576)
  DEPLOYRISK_PG_POOL_SIZE       PostgreSQL connections per replica (default 10)
  DEPLOYRISK_AUTO_MIGRATE       false: do not migrate at start-up; refuse a store with pending
                                migrations (run \`deployrisk migrate\` before the rollout)

Without a loadable model the server still starts: /readyz answers 503 and POST /v1/score
answers 503 no_model. SIGTERM/SIGINT: stop accepting, finish in-flight requests, close the store.
Exit codes: 0 after a clean shutdown, 2 bad flags or environment, 4 internal error.
`,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
    });
    const port = numberFlag(values.port, '--port', { min: 0, max: 65535, integer: true }) ?? ctx.config.PORT;
    const store = await openStoreFor(ctx, values.db, { serving: true });
    const deps = await realAppDeps(ctx.config, ctx.log, store);
    const server = await startServer(deps, { port, ...(values.host ? { host: values.host } : {}) });
    // npm start passes this V8 flag; a container command that starts bin/deployrisk.mjs itself
    // may not (docs/operations.md, "Where a score's time goes", has the measurements).
    if (!process.execArgv.includes(PRETENURING_FLAG))
      ctx.log.info(
        `node runs without ${PRETENURING_FLAG} (npm start passes it): request parsing costs several times more CPU`,
      );
    const model = deps.scorer()?.info.version ?? 'none';
    ctx.log.info(
      `listening on http://${server.host}:${server.port} (model ${model}, store ${store.description}; ` +
        'scoring runs a Float32Array forward pass, no TensorFlow.js backend is loaded)',
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        ctx.log.info(`${signal}: shutting down`);
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        void server.close().then(resolve);
      };
      const onTerm = () => stop('SIGTERM');
      const onInt = () => stop('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
    });
    ctx.log.info('stopped');
    return 0;
  },
};
