// Prometheus metrics. One registry per app, so tests can build many apps side by side.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ModelInfo } from '../model/scorer-types.ts';
import { RISK_LEVELS, scaleDescription } from '../risk/scale.ts';

export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  scores: Counter<'level'>;
  outcomes: Counter<'status' | 'source'>;
  setModel(info: ModelInfo | null): void;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'deployrisk_' });
  const requestDuration = new Histogram({
    name: 'deployrisk_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const scores = new Counter({
    name: 'deployrisk_scores_total',
    help: `Deploys scored, by risk level (${scaleDescription()})`,
    labelNames: ['level'] as const,
    registers: [registry],
  });
  // Every level of the one scale is a series from the start (0 until scored), so a dashboard's
  // share of high/critical deploys is defined before the first one arrives.
  for (const level of RISK_LEVELS) scores.inc({ level }, 0);
  const outcomes = new Counter({
    name: 'deployrisk_outcomes_total',
    help: 'Deploy outcomes recorded (first time only), by status and source',
    labelNames: ['status', 'source'] as const,
    registers: [registry],
  });
  const modelInfo = new Gauge({
    name: 'deployrisk_model_info',
    help: 'The active model (value 1), labelled with its version',
    labelNames: ['version', 'feature_schema_version', 'created_at'] as const,
    registers: [registry],
  });
  let current: string | null = null;
  return {
    registry,
    requestDuration,
    scores,
    outcomes,
    setModel(info) {
      const key = info ? `${info.version}` : null;
      if (key === current) return;
      modelInfo.reset();
      if (info)
        modelInfo.set(
          {
            version: info.version,
            feature_schema_version: info.featureSchemaVersion,
            created_at: info.createdAt,
          },
          1,
        );
      current = key;
    },
  };
}
