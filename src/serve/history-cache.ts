// The recent-deploy history each score reads (what store/recentOutcomes returns), kept per service
// in memory. Without it every score ran a join over the audit trail; the rows it needs are the very
// ones this process writes, so it keeps them up to date itself: a scored deploy is added, a
// recorded outcome is applied. Other replicas sharing the database write too, so an entry is
// reloaded once it is older than the TTL; replicas converge within that time.

export interface HistoryRow {
  id: string;
  createdAt: number;
  status: string | null;
  at: number | null;
  /** The deploy's scored probability (the percentile's peers). */
  probability?: number;
}

export interface HistoryCache {
  /** The service's latest deploys, newest first (at most `limit`). */
  recent(service: string): Promise<HistoryRow[]>;
  /** A deploy this process scored (call once its audit row is written or queued). */
  noteDeployment(service: string, row: { id: string; createdAt: number; probability?: number }): void;
  /** An outcome this process recorded. */
  noteOutcome(deploymentId: string, outcome: { status: string; at: number }): void;
}

type Edit = (rows: HistoryRow[]) => void;

interface Entry {
  rows: HistoryRow[];
  loadedAt: number;
  /** Set while a (re)load runs; edits made meanwhile are replayed on its result. */
  loading: Promise<HistoryRow[]> | null;
  edits: Edit[];
}

// Database order: created_at desc, then id desc.
const newer = (a: HistoryRow, b: { id: string; createdAt: number }) =>
  a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;

export function createHistoryCache(opts: {
  load: (service: string, limit: number) => Promise<HistoryRow[]>;
  limit: number;
  /** 0 turns the cache off: every call loads. */
  ttlMs: number;
  clock: () => number;
  /** Services kept; the least recently loaded goes first (service names come from clients). */
  maxServices?: number;
}): HistoryCache {
  const { limit, ttlMs, clock } = opts;
  const maxServices = opts.maxServices ?? 1000;
  const entries = new Map<string, Entry>();

  const edit = (entry: Entry, fn: Edit) => {
    fn(entry.rows);
    if (entry.loading) entry.edits.push(fn);
  };

  const reload = (service: string, entry: Entry): Promise<HistoryRow[]> => {
    const started = clock();
    entry.edits = [];
    const loading = opts.load(service, limit).then(
      (rows) => {
        const fresh = rows.slice(0, limit);
        for (const fn of entry.edits) fn(fresh);
        if (entry.loading === loading) {
          entry.rows = fresh;
          entry.loadedAt = started;
          entry.loading = null;
          entry.edits = [];
        }
        return fresh;
      },
      (e: unknown) => {
        if (entry.loading === loading) {
          entry.loading = null;
          entry.edits = [];
          // A failed load must not leave a fresh-looking entry behind.
          entry.loadedAt = -Infinity;
        }
        throw e;
      },
    );
    entry.loading = loading;
    return loading;
  };

  return {
    async recent(service) {
      if (ttlMs <= 0) return opts.load(service, limit);
      let entry = entries.get(service);
      if (!entry) {
        entry = { rows: [], loadedAt: -Infinity, loading: null, edits: [] };
        entries.set(service, entry);
        if (entries.size > maxServices) entries.delete(entries.keys().next().value!);
      }
      // Copies: notes from concurrent requests must not change a list a caller is reading.
      if (clock() - entry.loadedAt < ttlMs) return entry.rows.slice();
      return (await (entry.loading ?? reload(service, entry))).slice();
    },

    noteDeployment(service, row) {
      const entry = entries.get(service);
      if (!entry) return;
      const added: HistoryRow = {
        id: row.id,
        createdAt: row.createdAt,
        status: null,
        at: null,
        ...(row.probability !== undefined ? { probability: row.probability } : {}),
      };
      edit(entry, (rows) => {
        if (rows.some((r) => r.id === added.id)) return;
        let i = 0;
        while (i < rows.length && newer(rows[i]!, added)) i++;
        if (i >= limit) return;
        rows.splice(i, 0, { ...added });
        if (rows.length > limit) rows.length = limit;
      });
    },

    noteOutcome(deploymentId, outcome) {
      // A deploy is in at most one service's list; services are few, lists short.
      for (const entry of entries.values()) {
        edit(entry, (rows) => {
          const r = rows.find((x) => x.id === deploymentId);
          if (r) {
            r.status = outcome.status;
            r.at = outcome.at;
          }
        });
      }
    },
  };
}
