// Runs the app on a port. Without tokens the server binds loopback only. On SIGTERM/SIGINT it
// stops accepting, lets in-flight requests finish, flushes Slack posts, then closes the store.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import type { AppDeps } from './deps.ts';

export interface RunningServer {
  port: number;
  host: string;
  /** Resolves once the server and the store are closed. */
  close(): Promise<void>;
}

export async function startServer(
  deps: AppDeps,
  opts: { port: number; host?: string },
): Promise<RunningServer> {
  const { app, services } = buildApp(deps);
  let host = opts.host ?? deps.config.HOST;
  if (!services.auth.enabled) {
    if (host !== undefined && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      deps.log.warn(`DEPLOYRISK_TOKENS is unset: ignoring HOST=${host} and binding 127.0.0.1`);
    }
    host = '127.0.0.1';
    deps.log.warn('running WITHOUT auth (DEPLOYRISK_TOKENS unset): bound to 127.0.0.1 only');
  }
  const bindHost = host ?? '0.0.0.0';
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: bindHost }, () => resolve(s));
    s.once('error', reject);
  });
  // Keep-alive sockets would hold close() open; idle ones are closed once shutdown starts.
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    port,
    host: bindHost,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await services.notifier.drain();
        await deps.store.close();
      })();
      return closing;
    },
  };
}
