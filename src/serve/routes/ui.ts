// GET /ui and below: the dashboard, server-rendered HTML (no script, no CDN). Each route parses its
// input, calls a dashboard use case (src/service/dashboard) and renders a page (src/serve/ui).
import type { Hono } from 'hono';
import { z } from 'zod';
import { isAppError } from '../../errors.ts';
import { DEPLOY_OUTCOMES } from '../../features/schema.ts';
import { riskLevelSchema } from '../../risk/scale.ts';
import { deployDetail } from '../../service/dashboard/deploy-detail.ts';
import { deployList, PENDING } from '../../service/dashboard/deploy-list.ts';
import { modelHealthView } from '../../service/dashboard/model-health-view.ts';
import { serviceNames, serviceOverview } from '../../service/dashboard/service-overview.ts';
import { parseWith, type AppEnv, type Ctx, type Services } from '../context.ts';
import { statusFor, toAppError } from '../http-errors.ts';
import { readBodyText } from '../request-body.ts';
import { deployPage } from '../ui/deploy-page.ts';
import { deploysPage } from '../ui/deploys-page.ts';
import { CSS_PATH, errorPage, STYLESHEET, type Html } from '../ui/html.ts';
import { loginPage } from '../ui/login-page.ts';
import { modelsPage } from '../ui/models-page.ts';
import { servicePage, servicesPage } from '../ui/services-page.ts';
import { authorizeUi, endSession, safeNext, startSession } from '../ui/session.ts';

export const UI_PAGE_SIZE = 50;

const blank = (v: unknown) => (v === '' ? undefined : v);
const opt = <T extends z.ZodType>(t: T) => z.preprocess(blank, t.optional());
const listQuery = z.object({
  service: opt(z.string().max(200)),
  environment: opt(z.string().max(200)),
  level: opt(riskLevelSchema),
  outcome: opt(z.enum([...DEPLOY_OUTCOMES, PENDING])),
  cursor: opt(z.string().max(200)),
});

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function uiRoutes(app: Hono<AppEnv>, s: Services): void {
  const store = s.deps.store;
  const signedIn = s.auth.enabled;
  const send = (c: Ctx, body: Html, status: 200 | 400 | 401 | 403 | 404 | 500 = 200) =>
    c.body(body.toString(), status, HEADERS);

  /** A dashboard page: authorised, and any error as an HTML page (or a sign-in redirect). */
  const pageRoute = (path: string, render: (c: Ctx) => Promise<Html>) =>
    app.get(path, async (c) => {
      try {
        authorizeUi(s, c);
        return send(c, await render(c));
      } catch (e) {
        const err = isAppError(e) ? e : toAppError(e, s.deps.log, c.get('requestId') ?? 'unknown');
        if (err.code === 'unauthorized') {
          const url = new URL(c.req.url);
          return c.redirect(`/ui/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
        }
        const status = statusFor(err.code);
        return c.body(errorPage(signedIn, status, err.code, err.message).toString(), status, HEADERS);
      }
    });

  app.get(CSS_PATH, (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );

  app.get('/ui/login', (c) => {
    if (!s.auth.enabled) return c.redirect('/ui', 303);
    return send(c, loginPage(safeNext(c.req.query('next')), null));
  });

  app.post('/ui/login', async (c) => {
    if (!s.auth.enabled) return c.redirect('/ui', 303);
    // Read within the body limit (as JSON bodies are), then parsed as the form posts it.
    const text = await readBodyText(c.req.raw, c.env?.incoming, s.deps.config.DEPLOYRISK_BODY_LIMIT);
    const form = new URLSearchParams(text);
    const next = safeNext(form.get('next'));
    const token = (form.get('token') ?? '').trim();
    try {
      s.auth.check(token, 'score');
    } catch (e) {
      if (!isAppError(e)) throw e;
      const message =
        e.code === 'forbidden' ? 'That token lacks the score scope.' : 'That token is not valid.';
      return send(c, loginPage(next, message), e.code === 'forbidden' ? 403 : 401);
    }
    startSession(s, c, token);
    return c.redirect(next, 303);
  });

  app.post('/ui/logout', (c) => {
    endSession(c);
    return c.redirect(s.auth.enabled ? '/ui/login' : '/ui', 303);
  });

  pageRoute('/ui', async (c) => {
    const q = { ...parseWith(listQuery, c.req.query(), 'query'), limit: UI_PAGE_SIZE };
    return deploysPage(await deployList(store, q), q, signedIn);
  });

  pageRoute('/ui/deploys/:id', async (c) =>
    deployPage(await deployDetail(store, c.req.param('id') ?? ''), signedIn),
  );

  pageRoute('/ui/models', async () =>
    modelsPage(
      await modelHealthView(store, {
        active: s.deps.scorer()?.info ?? null,
        shipped: s.deps.models?.() ?? [],
        window: s.deps.config.DEPLOYRISK_DRIFT_WINDOW,
      }),
      signedIn,
    ),
  );

  pageRoute('/ui/services', async () => servicesPage(await serviceNames(store), signedIn));

  pageRoute('/ui/services/:service', async (c) =>
    servicePage(await serviceOverview(store, c.req.param('service') ?? '', s.deps.clock()), signedIn),
  );
}
