// Server-rendered HTML for the dashboard: hono's html`` tag (values escaped, nested templates
// kept), the page shell and its stylesheet. No script anywhere: every page reads without JS.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { LEVEL_COLOURS, RISK_LEVELS, type RiskLevel } from '../../risk/scale.ts';

export type Html = HtmlEscapedString;
export { raw };

/** html`` with only synchronous values, so always a string (never a Promise). */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  html(strings, ...values) as Html;

export const CSS_PATH = '/ui/assets/app.css';

/** The stylesheet; the level chips take their colours from the one risk scale. */
export const STYLESHEET = `
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--panel:#f6f8fa;--link:#0550ae}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem}
header.top{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.25rem;border-bottom:1px solid var(--line);background:var(--panel)}
header.top .brand{font-weight:700;color:var(--fg);text-decoration:none}
header.top nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
header.top form{margin-left:auto}
main{padding:1rem 1.25rem 3rem;max-width:1200px}
h1{font-size:1.5rem;margin:.25rem 0 1rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;color:var(--muted);padding:.25rem 0}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
pre{background:var(--panel);border:1px solid var(--line);padding:.75rem;overflow:auto;white-space:pre-wrap}
.muted{color:var(--muted)}
.chip{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-weight:600;white-space:nowrap}
${RISK_LEVELS.map((l) => `.lv-${l}{background:${LEVEL_COLOURS[l]}}`).join('\n')}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;background:var(--panel);padding:.75rem;border:1px solid var(--line)}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--fg)}
select,input,button{font:inherit;padding:.3rem .5rem;border:1px solid #818b98;border-radius:4px;background:#fff;color:var(--fg)}
button{background:#1f883d;border-color:#1a7f37;color:#fff;font-weight:600;cursor:pointer}
button.link{background:none;border:none;color:var(--link);text-decoration:underline;padding:0;font-weight:400}
.pager{display:flex;gap:1.5rem;margin:.75rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.cards{display:flex;flex-wrap:wrap;gap:1rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;min-width:12rem}
.card .big{font-size:1.6rem;font-weight:700}
.chart{max-width:100%;height:auto}
.slack{border:1px solid var(--line);border-left:4px solid #611f69;border-radius:4px;padding:.5rem .9rem;max-width:48rem}
.slack .hdr{font-weight:700;font-size:1.05rem}.slack p{margin:.4rem 0;white-space:pre-wrap}.slack .ctx{color:var(--muted);font-size:.85rem}
.error{border:1px solid #cf222e;background:#fff1f0;padding:.75rem}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1.5rem}
`;

export function levelChip(level: RiskLevel, text: string): Html {
  return h`<span class="chip lv-${level}">${text}</span>`;
}

export interface PageOptions {
  title: string;
  /** Shows the sign-out button (only when the dashboard is behind tokens). */
  signedIn: boolean;
  current?: 'deploys' | 'services' | 'models';
}

export function page(opts: PageOptions, body: Html): Html {
  const item = (key: PageOptions['current'], href: string, label: string) =>
    h`<li><a href="${href}"${opts.current === key ? raw(' aria-current="page"') : ''}>${label}</a></li>`;
  return h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · deployrisk</title><link rel="stylesheet" href="${CSS_PATH}"></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/ui">deployrisk</a>
<nav aria-label="Dashboard"><ul>${item('deploys', '/ui', 'Deploys')}${item('services', '/ui/services', 'Services')}${item('models', '/ui/models', 'Model health')}</ul></nav>
${opts.signedIn ? h`<form method="post" action="/ui/logout"><button type="submit" class="link">Sign out</button></form>` : ''}
</header>
<main id="main">${body}</main></body></html>`;
}

/** A 4xx/5xx page: the error code and message, in the page shell. */
export function errorPage(signedIn: boolean, status: number, code: string, message: string): Html {
  return page(
    { title: `Error ${status}`, signedIn },
    h`<h1>Error ${status}</h1><p class="error"><strong>${code}</strong>: ${message}</p><p><a href="/ui">Back to the deploys</a></p>`,
  );
}

export const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;
export const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
