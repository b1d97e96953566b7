// The dashboard's routes in-process: who may see them (no tokens, a bearer token, the sign-in
// session cookie: its attributes, expiry, forgery and revocation), HTML errors, escaping, headers.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/serve/app.ts';
import { loadConfig } from '../../src/config.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';
import { TEST_DIALECTS } from '../helpers/test-db.ts';

const SCORE = 'ui-score-token-1';
const OUTCOME = 'ui-outcome-token-2';
const TOKENS = `${SCORE}=score,${OUTCOME}=outcome`;

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function scoreOne(app: TestApp, service = 'shop', token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await app.app.request(
    '/v1/score',
    jsonPost({ service, environment: 'production', features: { la: 40, nf: 2 }, notify: false }, headers),
  );
  expect(res.status).toBe(200);
  return (await jsonOf(res)).id as string;
}

describe.each(TEST_DIALECTS)('dashboard pages (%s)', (dialect) => {
  it('without tokens every page is open, as the API is (the server then binds loopback only)', async () => {
    t = await makeTestApp({ dialect });
    const id = await scoreOne(t);
    for (const path of ['/ui', `/ui/deploys/${id}`, '/ui/models', '/ui/services', '/ui/services/shop']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).not.toContain('<script');
      expect(html).not.toContain('Sign out');
    }
    expect((await t.app.request('/ui/login')).status).toBe(303);
  });

  it('answers bad input and unknown deploys with an HTML error page, and escapes what it shows', async () => {
    t = await makeTestApp({ dialect });
    await scoreOne(t, '<img src=x onerror=alert(1)>');
    const list = await (await t.app.request('/ui')).text();
    expect(list).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(list).not.toContain('<img src=x');
    const bad = await t.app.request('/ui?level=extreme');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<h1>Error 400<\/h1>.*bad_input/s);
    const missing = await t.app.request('/ui/deploys/nope');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('deployment nope not found');
    expect((await t.app.request('/ui?cursor=%%%')).status).toBe(400);
  });
});

describe('dashboard without a model', () => {
  it('still lists and shows model health, saying no model is loaded', async () => {
    t = await makeTestApp({ scorer: null });
    expect((await t.app.request('/ui')).status).toBe(200);
    const res = await t.app.request('/ui/models');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>none loaded</strong>');
    expect(html).toContain('No model known.');
  });
});

describe('dashboard sign-in', () => {
  it('sends a visitor without a session to the sign-in form, keeping where they were going', async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_TOKENS: TOKENS } });
    const res = await t.app.request('/ui/models?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui/login?next=%2Fui%2Fmodels%3Fx%3D1');
    const login = await t.app.request('/ui/login?next=%2Fui%2Fmodels');
    expect(await login.text()).toContain('name="next" value="/ui/models"');
  });

  it('refuses a wrong token (401) and one without the score scope (403), setting no cookie', async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_TOKENS: TOKENS } });
    const wrong = await t.app.request('/ui/login', form({ token: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That token is not valid.');
    const outcome = await t.app.request('/ui/login', form({ token: OUTCOME }));
    expect(outcome.status).toBe(403);
    expect(outcome.headers.get('set-cookie')).toBeNull();
  });

  it('a score token sets an HttpOnly, SameSite=Strict, Path=/ui cookie that holds no token and opens the pages', async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_TOKENS: TOKENS } });
    const id = await scoreOne(t, 'shop', SCORE);
    const res = await t.app.request('/ui/login', form({ token: SCORE, next: `/ui/deploys/${id}` }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/ui/deploys/${id}`);
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^deployrisk_ui=\d+\.[\w-]{43};/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/ui');
    expect(set).not.toContain(SCORE);
    const cookie = cookieOf(res);
    const page = await t.app.request(`/ui/deploys/${id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign out');
    // The API still wants its bearer token: the cookie is for the dashboard only.
    expect((await t.app.request(`/v1/deployments/${id}`, { headers: { cookie } })).status).toBe(401);
    // A bearer token opens the dashboard as well (scripts, curl).
    expect((await t.app.request('/ui', { headers: { authorization: `Bearer ${SCORE}` } })).status).toBe(200);
  });

  it('a session ends at expiry, when forged, when its token is revoked, and on sign-out', async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_TOKENS: TOKENS } });
    const cookie = cookieOf(await t.app.request('/ui/login', form({ token: SCORE })));
    expect((await t.app.request('/ui', { headers: { cookie } })).status).toBe(200);
    const [exp, mac] = cookie.split('=')[1]!.split('.');
    // A later expiry under the old MAC is a forgery.
    const forged = `deployrisk_ui=${Number(exp) + 86_400_000}.${mac}`;
    expect((await t.app.request('/ui', { headers: { cookie: forged } })).status).toBe(303);
    // The same store and cookie, served by an app whose tokens no longer include this one.
    const revoked = buildApp({
      ...t.services.deps,
      config: loadConfig({ DEPLOYRISK_LOG_LEVEL: 'silent', DEPLOYRISK_TOKENS: `other-token=score` }),
    });
    expect((await revoked.app.request('/ui', { headers: { cookie } })).status).toBe(303);
    // Another replica with the same tokens accepts it.
    const replica = buildApp({ ...t.services.deps });
    expect((await replica.app.request('/ui', { headers: { cookie } })).status).toBe(200);
    t.clock.now += 13 * 3_600_000;
    expect((await t.app.request('/ui', { headers: { cookie } })).status).toBe(303);
    const out = await t.app.request('/ui/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^deployrisk_ui=;.*Max-Age=0/);
  });

  it('returns only to dashboard paths after sign-in (no open redirect)', async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_TOKENS: TOKENS } });
    for (const next of ['//evil.example/ui', 'https://evil.example/ui', '/v1/models', '/uix', '/ui\\@evil']) {
      const res = await t.app.request('/ui/login', form({ token: SCORE, next }));
      expect(res.headers.get('location'), next).toBe('/ui');
    }
  });
});
