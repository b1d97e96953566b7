// Builds the real dependencies of the scoring app (store, shipped model, git collector) for
// `deployrisk serve` and the local mode of `deployrisk score`.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { collectDeployFeatures } from '../collect/deploy-features.ts';
import type { Config } from '../config.ts';
import { isAppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { loadDefaultScorer, loadScorer, MODELS_DIR } from '../model/scorer.ts';
import type { ModelInfo, Scorer } from '../model/scorer-types.ts';
import type { AppDeps, CollectFn } from '../serve/deps.ts';
import { createModelHolder, type ModelHolder } from '../serve/model-holder.ts';
import type { Store } from '../store/db.ts';

/** The model named by DEPLOYRISK_MODEL_DIR, else models/DEFAULT; null (with a log line) when absent. */
export async function loadActiveScorer(config: Config, log: Logger): Promise<Scorer | null> {
  try {
    return config.DEPLOYRISK_MODEL_DIR
      ? await loadScorer(resolve(config.DEPLOYRISK_MODEL_DIR))
      : await loadDefaultScorer();
  } catch (e) {
    if (!isAppError(e)) throw e;
    log.error(`no model loaded: ${e.message}`);
    return null;
  }
}

/** Every loadable model under models/, for GET /v1/models. */
export async function listShippedModels(log: Logger, dir: string = MODELS_DIR): Promise<ModelInfo[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const infos: ModelInfo[] = [];
  for (const name of entries.sort()) {
    try {
      infos.push((await loadScorer(join(dir, name))).info);
    } catch (e) {
      log.debug(`models/${name} is not a loadable model: ${(e as Error).message}`);
    }
  }
  return infos;
}

export function gitCollector(config: Config, store: Store): CollectFn {
  return async (req) => {
    const out = await collectDeployFeatures({
      repoPath: req.repoPath,
      base: req.base,
      head: req.head,
      ...(req.junitXml ? { junitXml: req.junitXml } : {}),
      ...(req.environment ? { environment: req.environment } : {}),
      ...(req.service ? { service: req.service } : {}),
      store,
      maxReportBytes: config.DEPLOYRISK_MAX_REPORT_BYTES,
      now: new Date(req.now),
    });
    return { features: out.features, commits: out.commits, warnings: out.warnings };
  };
}

/**
 * The model a process on this store scores with: the registry's active model (deployrisk models
 * activate) when it loads, else the shipped one. Checked once here; the server also follows it.
 */
export async function activeModelRegistry(config: Config, log: Logger, store: Store): Promise<ModelHolder> {
  const registry = createModelHolder({
    store,
    load: loadScorer,
    log,
    initial: await loadActiveScorer(config, log),
  });
  await registry.refresh();
  return registry;
}

export async function realAppDeps(config: Config, log: Logger, store: Store): Promise<AppDeps> {
  const registry = await activeModelRegistry(config, log, store);
  registry.start(config.DEPLOYRISK_MODEL_POLL_MS);
  const models = await listShippedModels(log);
  return {
    store,
    registry,
    scorer: () => registry.current(),
    models: () => models,
    config,
    log,
    clock: () => Date.now(),
    collect: gitCollector(config, store),
  };
}
