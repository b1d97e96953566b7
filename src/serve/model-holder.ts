// The model the server scores with, following the store's registry without a restart. A poll
// reads only the active row's version (one indexed lookup); a different version is loaded in
// the background and swapped in with one assignment, so requests in flight finish on the model
// they started with and none fails. A model that fails to load is logged and skipped; the old
// one keeps serving.
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ModelInfo, Scorer } from '../model/scorer-types.ts';
import type { Store } from '../store/db.ts';
import { activateModel, activeModelRef, getModel } from '../store/models.ts';

export type LoadModel = (dir: string) => Promise<Scorer>;

export interface ModelHolder {
  current(): Scorer | null;
  /** Checks the registry once; resolves when any swap is done. */
  refresh(): Promise<void>;
  /** Loads VERSION first, then marks it active and swaps; a model that does not load changes nothing. */
  activate(version: string, at: number): Promise<ModelInfo>;
  /** Last load failure (version and message), for health output. */
  lastError(): { version: string; message: string } | null;
  start(pollMs: number): void;
  stop(): void;
}

export function createModelHolder(o: {
  store: Store;
  load: LoadModel;
  log: Logger;
  initial: Scorer | null;
}): ModelHolder {
  let scorer = o.initial;
  let failed: { version: string; message: string } | null = null;
  let inflight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function check(): Promise<void> {
    const ref = await activeModelRef(o.store.db);
    if (!ref || ref.version === scorer?.info.version || ref.version === failed?.version) return;
    try {
      const next = await o.load(ref.artifactDir);
      if (next.info.version !== ref.version)
        throw new AppError(
          'bad_input',
          `${ref.artifactDir} holds model ${next.info.version}, not ${ref.version}`,
        );
      scorer = next;
      failed = null;
      o.log.info(`model ${ref.version} active`);
    } catch (e) {
      failed = { version: ref.version, message: (e as Error).message };
      o.log.error(
        `model ${ref.version} failed to load; still serving ${scorer?.info.version ?? 'none'}: ${failed.message}`,
      );
    }
  }

  const holder: ModelHolder = {
    current: () => scorer,
    refresh() {
      // One check at a time: a slow load is not started twice by overlapping polls.
      inflight ??= check()
        .catch((e) => o.log.warn(`model registry poll failed: ${(e as Error).message}`))
        .finally(() => (inflight = null));
      return inflight;
    },
    async activate(version, at) {
      const row = await getModel(o.store.db, version);
      if (!row) throw new AppError('not_found', `model ${version} is not registered`);
      let next: Scorer;
      try {
        next = await o.load(row.artifact_dir);
      } catch (e) {
        throw new AppError(
          'bad_input',
          `model ${version} failed to load; still serving ${scorer?.info.version ?? 'none'}: ${(e as Error).message}`,
          undefined,
          {
            cause: e,
          },
        );
      }
      await activateModel(o.store.db, version, at);
      scorer = next;
      failed = null;
      return next.info;
    },
    lastError: () => failed,
    start(pollMs) {
      if (timer) return;
      timer = setInterval(() => void holder.refresh(), pollMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return holder;
}
