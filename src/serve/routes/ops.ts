// Health, readiness, metrics, the OpenAPI document and Swagger UI (served from the local
// swagger-ui-dist package, no CDN). None of these need a token.
import type { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../errors.ts';
import { pingStore } from '../../store/deployments.ts';
import type { AppEnv, Services } from '../context.ts';
import { buildOpenApi } from '../openapi.ts';

const SWAGGER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>deployrisk API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" href="/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script>
</body></html>`;

export function opsRoutes(app: Hono<AppEnv>, s: Services): void {
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets = new Map<string, Buffer>();
  let openapi: string | null = null;

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const model = s.deps.scorer();
    s.metrics.setModel(model?.info ?? null);
    let database = 'ok';
    try {
      await pingStore(s.deps.store.db);
    } catch (e) {
      database = `unreachable: ${(e as Error).message}`;
    }
    const checks = { model: model ? `loaded ${model.info.version}` : 'no model loaded', database };
    if (!model) throw new AppError('no_model', 'not ready: no model loaded', { ready: false, checks });
    if (database !== 'ok')
      throw new AppError('unreachable', 'not ready: database unreachable', { ready: false, checks });
    return c.json({ ready: true, checks });
  });

  app.get('/metrics', async (c) => {
    s.metrics.setModel(s.deps.scorer()?.info ?? null);
    return c.body(await s.metrics.registry.metrics(), 200, {
      'content-type': s.metrics.registry.contentType,
    });
  });

  app.get('/openapi.json', (c) => {
    openapi ??= JSON.stringify(buildOpenApi({ version: '0.1.0' }));
    return c.body(openapi, 200, { 'content-type': 'application/json' });
  });

  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/:file', (c) => {
    const file = c.req.param('file');
    const type = SWAGGER_FILES[file];
    if (!type) throw new AppError('not_found', `no such file ${file}`);
    let data = assets.get(file);
    if (!data) {
      data = readFileSync(join(swaggerDir, file));
      assets.set(file, data);
    }
    return c.body(new Uint8Array(data), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
}
