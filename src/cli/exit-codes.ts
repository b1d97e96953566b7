import type { ErrorCode } from '../errors.ts';

// 0 proceed / success, 1 blocked by a gate, 2 usage or input error, 3 service unreachable, 4 internal.
export const EXIT = { ok: 0, blocked: 1, badInput: 2, unreachable: 3, internal: 4 } as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'bad_input':
    case 'not_found':
    case 'conflict':
    case 'schema_mismatch':
    case 'payload_too_large':
    // A token the server refuses is a configuration error, not an outage: under `score
    // --fail-open` it must not turn into "proceed" for every deploy until someone notices.
    case 'unauthorized':
    case 'forbidden':
      return EXIT.badInput;
    case 'unreachable':
      return EXIT.unreachable;
    case 'no_model':
    case 'git_failed':
    case 'internal':
      return EXIT.internal;
  }
}
