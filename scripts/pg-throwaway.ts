// A throwaway PostgreSQL cluster for benchmarks: initdb in a temp dir (as the postgres user when
// running as root, since initdb refuses root), started on a free loopback port, removed on stop().
// The same recipe as .ci/run, for scripts that must not depend on a server being there.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, loopback only). */
  url: string;
  stop(): void;
}

function pgBinDir(): string {
  try {
    const initdb = execFileSync('sh', ['-c', 'readlink -f "$(command -v initdb)"'], { encoding: 'utf8' }).trim();
    if (initdb) return join(initdb, '..');
  } catch {
    // not on PATH
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin/initdb'))) return join(root, v, 'bin');
  throw new Error('PostgreSQL is not installed (apt-get install -y postgresql), and TEST_PG_URL is not set');
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export async function startThrowawayPostgres(opts: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'deployrisk-pg-'));
  const root = process.getuid?.() === 0;
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  const run = (cmd: string, args: string[]) =>
    root ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  // durable: false mirrors CI (fsync off); the benchmark keeps PostgreSQL's defaults so the
  // comparison with SQLite (WAL, synchronous=NORMAL) is not flattered.
  const extra = opts.durable === false ? ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off' : '';
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200${extra}`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
