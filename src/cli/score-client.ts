// Where `deployrisk score` sends its request: an in-process app (local mode, the same code and the
// same JSON as the server) or a running server over HTTP. Both answer ScoreResponse or throw AppError.
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Config } from '../config.ts';
import { buildApp } from '../serve/app.ts';
import type { ScoreResponse } from '../serve/scoring.ts';
import { openStore } from '../store/db.ts';
import { activeModelRegistry, loadActiveScorer } from './serve-deps.ts';

export type ScoreCall = (body: unknown) => Promise<ScoreResponse>;

async function fromResponse(res: Response, remote: boolean): Promise<ScoreResponse> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('unreachable', `server answered ${res.status} with a body that is not JSON`);
  }
  if (res.ok) return json as ScoreResponse;
  const err = (json as { error?: { code?: string; message?: string; details?: unknown } }).error;
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(err?.code ?? '')
    ? (err!.code as ErrorCode)
    : 'internal';
  // A remote 5xx (no model, broken server) means the service cannot answer: --fail-open applies.
  if (remote && res.status >= 500) {
    throw new AppError('unreachable', `server error ${res.status} ${code}: ${err?.message ?? ''}`.trim());
  }
  throw new AppError(code, err?.message ?? `HTTP ${res.status}`, err?.details);
}

export function remoteScorer(server: string, token: string | undefined, timeoutMs = 9000): ScoreCall {
  let url: URL;
  try {
    url = new URL('/v1/score', server);
  } catch {
    throw new AppError('bad_input', `--server must be a URL, got "${server}"`);
  }
  return async (body) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new AppError(
        'unreachable',
        `cannot reach ${url.origin}: ${(e as Error).cause ? String((e as Error).cause) : (e as Error).message}`,
      );
    }
    return fromResponse(res, true);
  };
}

/**
 * Local mode: the server's app in-process; records into `db` when given, else an in-memory store.
 * With a store, its registry's active model (`deployrisk models activate`) scores, as the server
 * on that store would; else the shipped one.
 */
export async function localScorer(
  config: Config,
  log: Logger,
  db: string | undefined,
): Promise<{ call: ScoreCall; close: () => Promise<void> }> {
  const store = await openStore(db ?? ':memory:');
  const scorer = db
    ? (await activeModelRegistry(config, log, store)).current()
    : await loadActiveScorer(config, log);
  const { app } = buildApp({
    store,
    scorer: () => scorer,
    config: { ...config, DEPLOYRISK_TOKENS: undefined, DEPLOYRISK_BODY_LIMIT: Number.MAX_SAFE_INTEGER },
    log,
    clock: () => Date.now(),
  });
  return {
    call: async (body) =>
      fromResponse(
        await app.request('/v1/score', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        false,
      ),
    close: () => store.close(),
  };
}
