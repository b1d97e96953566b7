// Who may see the dashboard. With DEPLOYRISK_TOKENS set, a request needs a bearer token with the
// score scope or the session cookie the sign-in form sets (HttpOnly, SameSite=Strict, Path=/ui:
// a cross-site page can neither read it nor make the browser send it, and sign-in is POST only).
// Without tokens the server binds loopback only (server.ts) and the dashboard is open, as the API is.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { bearerToken } from '../auth.ts';
import { requestHeader, type AppEnv, type Ctx, type Services } from '../context.ts';

export const SESSION_COOKIE = 'deployrisk_ui';
/** How long a dashboard session lasts. */
export const SESSION_MS = 12 * 3_600_000;

/** A path to return to after signing in: only a dashboard path of this server. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' &&
    /^\/ui(?:[/?]|$)/.test(next) &&
    !next.startsWith('//') &&
    !/[\\\r\n]/.test(next)
    ? next
    : '/ui';
}

/** Throws unauthorized / forbidden as the API does; the routes turn them into a sign-in redirect. */
export function authorizeUi(s: Services, c: Ctx): void {
  if (!s.auth.enabled) return;
  const bearer = bearerToken(requestHeader(c, 'authorization'));
  if (bearer !== undefined) return s.auth.check(bearer, 'score');
  s.auth.checkSession(getCookie(c, SESSION_COOKIE), 'score', s.deps.clock());
}

const secure = (c: Context<AppEnv>) =>
  new URL(c.req.url).protocol === 'https:' || requestHeader(c, 'x-forwarded-proto') === 'https';

export function startSession(s: Services, c: Ctx, token: string): void {
  const now = s.deps.clock();
  setCookie(c, SESSION_COOKIE, s.auth.session(token, now + SESSION_MS), {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/ui',
    maxAge: Math.floor(SESSION_MS / 1000),
    secure: secure(c),
  });
}

export function endSession(c: Ctx): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/ui', httpOnly: true, sameSite: 'Strict', secure: secure(c) });
}
