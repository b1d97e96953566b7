// Bearer tokens from DEPLOYRISK_TOKENS ("token=score|outcome,other=admin"). Tokens are compared as
// SHA-256 digests with timingSafeEqual, so neither length nor content leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
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

export function createAuth(spec: string | undefined): Auth {
  const entries = parseTokens(spec);
  if (entries.length === 0) return { enabled: false, check: () => {} };
  return {
    enabled: true,
    check(token, scope) {
      if (token === undefined || token === '') throw new AppError('unauthorized', 'missing bearer token');
      const d = digest(token);
      // Compare against every entry so the time does not depend on which one matches.
      let found: TokenEntry | undefined;
      for (const e of entries) if (timingSafeEqual(e.digest, d) && !found) found = e;
      if (!found) throw new AppError('unauthorized', 'invalid token');
      if (!found.scopes.has(scope) && !found.scopes.has('admin')) {
        throw new AppError('forbidden', `token lacks the "${scope}" scope`);
      }
    },
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
