// Posts the Slack summary of a high score to an incoming webhook. Best effort: a slow or failing
// Slack never delays or fails the score; pending posts are awaited on shutdown.
import type { Logger } from '../log.ts';
import type { SlackMessage } from '../summary/index.ts';

export interface Notifier {
  notify(message: SlackMessage, context: { id: string }): void;
  /** Resolves when every post started so far has finished. */
  drain(): Promise<void>;
}

export function createSlackNotifier(
  url: string | undefined,
  opts: { log: Logger; fetch?: typeof fetch; timeoutMs?: number },
): Notifier {
  const pending = new Set<Promise<void>>();
  const doFetch = opts.fetch ?? fetch;
  return {
    notify(message, context) {
      if (!url) return;
      const p = doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      })
        .then(async (res) => {
          await res.body?.cancel();
          if (!res.ok)
            opts.log.warn('slack webhook refused the message', { id: context.id, status: res.status });
        })
        .catch((e: unknown) => opts.log.warn('slack webhook failed', { id: context.id, error: String(e) }))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async drain() {
      await Promise.all([...pending]);
    },
  };
}
