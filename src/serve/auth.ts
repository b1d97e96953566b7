// Bearer tokens from DEPLOYRISK_TOKENS ("token=score|outcome,other=admin"). Tokens are compared as
// SHA-256 digests with timingSafeEqual, so neither length nor content leaks through timing.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';

export const SCOPES = ['score', 'outcome', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

interface TokenEntry {
  digest: Buffer;
  scopes: ReadonlySet<Scope>;
}

export interface Auth {
  /** False when no tokens are configured: the server then binds loopback only. */
  readonly enabled: boolean;
  /** Throws unauthorized / forbidden; admin implies every scope. */
  check(token: string | undefined, scope: Scope): void;
  /**
   * A dashboard session for a token that passed check(): `<expiresAt>.<HMAC-SHA256 keyed by the
   * token's digest over expiresAt>`. It holds no token; it stops working when its token leaves
   * DEPLOYRISK_TOKENS (nothing matches its MAC) or at expiresAt, and any replica with the same
   * tokens accepts it.
   */
  session(token: string, expiresAt: number): string;
  /** Throws unauthorized (missing, forged, expired, revoked) or forbidden, as check() does. */
  checkSession(value: string | undefined, scope: Scope, now: number): void;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function parseTokens(spec: string | undefined): TokenEntry[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
    .map((entry) => {
      const eq = entry.lastIndexOf('=');
      if (eq <= 0)
        throw new AppError('bad_input', 'DEPLOYRISK_TOKENS entries must look like token=scope|scope');
      const token = entry.slice(0, eq);
      const scopes = entry
        .slice(eq + 1)
        .split('|')
        .map((s) => s.trim());
      for (const s of scopes) {
        if (!(SCOPES as readonly string[]).includes(s)) {
          throw new AppError(
            'bad_input',
            `DEPLOYRISK_TOKENS: unknown scope "${s}" (use ${SCOPES.join(', ')})`,
          );
        }
      }
      return { digest: digest(token), scopes: new Set(scopes as Scope[]) };
    });
}

const sessionMac = (key: Buffer, expiresAt: number) =>
  createHmac('sha256', key).update(`deployrisk-ui-session.${expiresAt}`, 'utf8').digest();

function requireScope(found: TokenEntry, scope: Scope): void {
  if (!found.scopes.has(scope) && !found.scopes.has('admin')) {
    throw new AppError('forbidden', `token lacks the "${scope}" scope`);
  }
}

export function createAuth(spec: string | undefined): Auth {
  const entries = parseTokens(spec);
  if (entries.length === 0)
    return {
      enabled: false,
      check: () => {},
      session: () => {
        throw new AppError('bad_input', 'no tokens are configured: the dashboard needs no session');
      },
      checkSession: () => {},
    };
  return {
    enabled: true,
    check(token, scope) {
      if (token === undefined || token === '') throw new AppError('unauthorized', 'missing bearer token');
      const d = digest(token);
      // Compare against every entry so the time does not depend on which one matches.
      let found: TokenEntry | undefined;
      for (const e of entries) if (timingSafeEqual(e.digest, d) && !found) found = e;
      if (!found) throw new AppError('unauthorized', 'invalid token');
      requireScope(found, scope);
    },
    session(token, expiresAt) {
      const exp = Math.floor(expiresAt);
      return `${exp}.${sessionMac(digest(token), exp).toString('base64url')}`;
    },
    checkSession(value, scope, now) {
      const m = value === undefined ? null : /^(\d{1,16})\.([\w-]{43})$/.exec(value);
      if (!m) throw new AppError('unauthorized', 'no dashboard session');
      const exp = Number(m[1]);
      if (exp <= now) throw new AppError('unauthorized', 'the dashboard session has expired');
      const mac = Buffer.from(m[2]!, 'base64url');
      let found: TokenEntry | undefined;
      for (const e of entries) if (timingSafeEqual(sessionMac(e.digest, exp), mac) && !found) found = e;
      if (!found) throw new AppError('unauthorized', 'the dashboard session is no longer valid');
      requireScope(found, scope);
    },
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
