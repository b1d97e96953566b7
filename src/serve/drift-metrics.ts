// Prometheus gauges of the active model's health, computed when /metrics is scraped (cached a
// few seconds so a busy scraper does not re-read the audit trail on every request).
import { Gauge } from 'prom-client';
import type { Services } from './context.ts';
import { modelHealth, type ModelHealth } from './model-health.ts';

const CACHE_MS = 5000;

export function registerDriftGauges(s: Services): void {
  // A metrics registry shared by several apps (tests) already has them.
  if (s.metrics.registry.getSingleMetric('deployrisk_feature_psi')) return;
  const registers = [s.metrics.registry];
  let cached: { at: number; version: string | null; health: ModelHealth } | null = null;
  const health = async (): Promise<ModelHealth> => {
    const version = s.deps.scorer()?.info.version ?? null;
    const now = s.deps.clock();
    if (cached && cached.version === version && now - cached.at < CACHE_MS && now >= cached.at)
      return cached.health;
    const h = await modelHealth(s.deps.store, version, s.deps.config.DEPLOYRISK_DRIFT_WINDOW);
    cached = { at: now, version, health: h };
    return h;
  };
  new Gauge({
    name: 'deployrisk_feature_psi',
    help: 'Population stability index per feature: training distribution vs the last N scored requests (> 0.25 = shifted)',
    labelNames: ['feature', 'model_version'] as const,
    registers,
    async collect() {
      this.reset();
      const h = await health();
      for (const f of h.drift.features ?? [])
        this.set({ feature: f.feature, model_version: h.model.version ?? 'none' }, f.psi);
    },
  });
  const live = (name: string, help: string, pick: (h: ModelHealth) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['model_version'] as const,
      registers,
      async collect() {
        this.reset();
        const h = await health();
        const v = pick(h);
        if (v !== null) this.set({ model_version: h.model.version ?? 'none' }, v);
      },
    });
  live(
    'deployrisk_live_brier',
    'Brier score of scored deploys with a recorded outcome (active model)',
    (h) => h.live.brier,
  );
  live(
    'deployrisk_live_outcomes',
    'Scored deploys with a recorded outcome (active model)',
    (h) => h.live.deploysWithOutcome,
  );
  live(
    'deployrisk_live_observed_failure_rate',
    'Share of those deploys that failed or were rolled back',
    (h) => h.live.observedFailureRate,
  );
  live(
    'deployrisk_live_mean_probability',
    'Mean predicted failure probability of those deploys',
    (h) => h.live.meanProbability,
  );
}
