// Shared by the route files: the hono env type, the per-app services, and small request helpers.
import type { Context } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { bearerToken, type Auth, type Scope } from './auth.ts';
import type { AppDeps } from './deps.ts';
import type { HistoryCache } from './history-cache.ts';
import type { Metrics } from './metrics.ts';
import type { Notifier } from './slack-notify.ts';
import { readBodyText } from './request-body.ts';
import type { DeploymentWriter } from '../store/deployments.ts';

/** `incoming` and `outgoing` are set by @hono/node-server; absent under app.request() in tests. */
export type AppEnv = {
  Variables: { requestId: string };
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
};
export type Ctx = Context<AppEnv>;

/**
 * A request header. Over a real socket it is read from Node's raw header list: asking hono
 * (c.req.header) makes @hono/node-server build a WHATWG Headers from that list on every request,
 * a cost paid for the two or three headers a route reads. Repeated headers are joined with ", "
 * as WHATWG Headers does, not resolved as Node's `incoming.headers` does (it keeps the first
 * Authorization and drops the rest, which would let a request carrying two tokens pass on the
 * first one where hono's path refuses it).
 */
export function requestHeader(c: Ctx, name: Lowercase<string>): string | undefined {
  const incoming = c.env?.incoming;
  if (!incoming) return c.req.header(name);
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === name.length && raw[i]!.toLowerCase() === name) {
      value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
    }
  }
  return value;
}

/**
 * A response header set before the route runs. Over a real socket it goes on Node's response, which
 * merges it into whatever the route returns; through hono (c.header) every response would carry a
 * WHATWG Headers that the adapter then copies back into a plain object.
 */
export function setResponseHeader(c: Ctx, name: string, value: string): void {
  const outgoing = c.env?.outgoing;
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}

export interface Services {
  deps: AppDeps;
  auth: Auth;
  metrics: Metrics;
  notifier: Notifier;
  /** Audit records of scored deploys, group-committed. */
  audit: DeploymentWriter;
  /** Recent deploys and outcomes per service, for the history features; told of every write here. */
  history: HistoryCache;
}

export function authorize(s: Services, c: Ctx, scope: Scope, fallbackToken?: string): void {
  s.auth.check(bearerToken(requestHeader(c, 'authorization')) ?? fallbackToken, scope);
}

export async function readJson(s: Services, c: Ctx): Promise<unknown> {
  const type = requestHeader(c, 'content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('bad_input', 'send the body as application/json');
  }
  const text = await readBodyText(c.req.raw, c.env?.incoming, s.deps.config.DEPLOYRISK_BODY_LIMIT);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('bad_input', 'request body is not valid JSON');
  }
}

export function parseWith<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('bad_input', `invalid ${what}: ${msg}`, r.error.issues);
  }
  return r.data;
}
