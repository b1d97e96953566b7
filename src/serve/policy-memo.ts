// The rollout policy a score's plan follows. planRollout resolves it on every call (merge and a
// zod check of the defaults, ~a tenth of a score's CPU); with no policy file the answer depends on
// the arguments only, so it is resolved once per (service, environment) and passed in.
import { resolvePolicy, type Policy } from '../rollout/index.ts';

/** Keeps at most `max` pairs; the names come from clients, so the map must not grow without end. */
export function createPolicyMemo(max = 1000): (service: string | undefined, environment: string) => Policy {
  const memo = new Map<string, Policy>();
  return (service, environment) => {
    const key = `${service ?? ''}\u0000${environment}`;
    let p = memo.get(key);
    if (!p) {
      p = resolvePolicy(null, service, environment);
      memo.set(key, p);
      if (memo.size > max) memo.delete(memo.keys().next().value!);
    }
    return p;
  };
}
