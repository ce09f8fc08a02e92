// Static assets of the printable reports: the stylesheet, the printed pages' stylesheet per language
// (page numbers), the shipped default logo, a print button script (no inline script, so the page's
// strict CSP holds) and the Khmer font files shipped with the app (never a CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ROUTE } from '../http/authorize-first';
import { Problem } from '../core/problems';
import { REPORT_TEXTS } from './report-texts';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('@fontsource/noto-sans-khmer/package.json')), 'files');
const FONTS = new Set(['khmer-400', 'khmer-700', 'latin-400', 'latin-700']);

const face = (subset: string, weight: number, range: string) =>
  `@font-face{font-family:'Noto Sans Khmer';font-style:normal;font-weight:${weight};font-display:swap;src:url(/reports/assets/font-${subset}-${weight}.woff2) format('woff2');unicode-range:${range}}`;

const CSS = [
  face('khmer', 400, 'U+1780-17FF,U+19E0-19FF,U+200C-200D,U+25CC'),
  face('khmer', 700, 'U+1780-17FF,U+19E0-19FF,U+200C-200D,U+25CC'),
  face('latin', 400, 'U+0000-00FF,U+2000-206F,U+20AC'),
  face('latin', 700, 'U+0000-00FF,U+2000-206F,U+20AC'),
  `body{font-family:'Noto Sans Khmer',system-ui,sans-serif;color:#14212b;margin:24px auto;max-width:960px;padding:0 16px;line-height:1.6}
h1{margin:.2em 0;font-size:1.5rem;text-align:center}h2{font-size:1.2rem;border-bottom:2px solid #0f4c5c;padding-bottom:4px;margin-top:28px;break-after:avoid}h3{font-size:1.05rem;margin-bottom:4px;break-after:avoid}
.toolbar{display:flex;justify-content:flex-end;gap:8px;flex-wrap:wrap;margin-bottom:12px}.toolbar a,.toolbar button{font:inherit;padding:6px 14px;border:1px solid #0f4c5c;border-radius:6px;background:#fff;color:#0f4c5c;cursor:pointer;text-decoration:none}
.draft{margin-right:auto;padding:6px 10px;border-radius:6px;background:#fff4d6;color:#6b4a00}
.national{display:grid;grid-template-columns:1fr 1fr 1fr;align-items:start;gap:8px;margin-bottom:8px}
.issuer{grid-column:1;text-align:center;font-size:.9em}.issuer .logo{display:block;margin:0 auto 4px;width:72px;height:72px;object-fit:contain}.org-line{margin:0;font-weight:700;color:#0f2f4a}
.kingdom{grid-column:2;text-align:center}.kingdom-name,.motto{margin:0;font-weight:700;font-size:1.1em}.ornament{margin:4px auto 0;width:120px;border-top:3px double #14212b;height:0}
.title-block{text-align:center;margin:12px 0}.meta{margin:2px 0;color:#3d4f5c}
.toc ol{margin:0;padding-left:2.2em}.toc a{color:#0f4c5c;text-decoration:none}
table{width:100%;border-collapse:collapse;margin:8px 0}th,td{padding:6px 8px;border-bottom:1px solid #d5dde3;text-align:left;vertical-align:top}
th{background:#eef3f6}.num{text-align:right;white-space:nowrap}.bar-col{width:40%}.bar{display:inline-block;height:12px;background:#2a7f8f;border-radius:3px;min-width:2px}
thead{display:table-header-group}tr{break-inside:avoid}
.badge{padding:2px 8px;border-radius:10px;font-size:.85em;white-space:nowrap}.met{background:#dff3e4;color:#17652d}.below{background:#fde8e4;color:#8c2a17}.none{background:#eef0f2;color:#4a5560}
.desc{color:#3d4f5c;margin:0 0 6px}.empty{color:#6b7a86;font-style:italic}.indicator{break-inside:avoid}
.narrative p{margin:.4em 0}.signatures{break-inside:avoid}.signature-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:24px;margin-top:12px}
.signature{text-align:center}.signature p{margin:2px 0}.sig-label{font-weight:700}.sig-space{margin-top:56px!important;color:#8a97a1;font-size:.8em}.sig-name{font-weight:700;border-top:1px dotted #14212b;padding-top:4px;min-height:1.6em}
.report-footer{margin-top:32px;color:#6b7a86;font-size:.85em}
@media (max-width:600px){.national{grid-template-columns:1fr}.issuer,.kingdom{grid-column:1}.kingdom{order:-1}}
@media print{.no-print{display:none}body{margin:0;max-width:none;padding:0}}`,
].join('\n');

/**
 * The printed pages: A4 with the page number at the bottom centre ("ទំព័រ ១ នៃ ៣" in Khmer digits,
 * CSS's predefined khmer counter style; "Page 1 of 3"). @page margin boxes, printed by Chromium.
 */
function pagesCss(lang: 'km' | 'en'): string {
  const t = REPORT_TEXTS[lang];
  const style = lang === 'km' ? 'khmer' : 'decimal';
  return `@page{size:A4;margin:16mm 16mm 20mm;@bottom-center{content:"${t.page} " counter(page, ${style}) " ${t.of} " counter(pages, ${style});font-family:'Noto Sans Khmer',sans-serif;font-size:9pt;color:#3d4f5c}}`;
}

/** The shipped logo, used until an officer uploads the organisation's own (a neutral emblem). */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96"><circle cx="48" cy="48" r="45" fill="#fff" stroke="#0f4c5c" stroke-width="4"/><circle cx="48" cy="48" r="36" fill="none" stroke="#2a7f8f" stroke-width="2"/><path d="M48 20c8 10 8 22 0 32c-8-10-8-22 0-32z" fill="#2a7f8f"/><path d="M26 44c12 0 20 6 22 16c-12 0-20-6-22-16zM70 44c-12 0-20 6-22 16c12 0 20-6 22-16z" fill="#0f4c5c"/><rect x="30" y="64" width="36" height="5" rx="2" fill="#0f4c5c"/></svg>`;

const PRINT_JS = "document.getElementById('print')?.addEventListener('click',()=>window.print());";

export function reportAssetRoutes(app: FastifyInstance): void {
  app.get('/reports/assets/report.css', { config: PUBLIC_ROUTE }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
  for (const lang of ['km', 'en'] as const) {
    const css = pagesCss(lang);
    app.get(`/reports/assets/pages-${lang}.css`, { config: PUBLIC_ROUTE }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css));
  }
  app.get('/reports/assets/logo.svg', { config: PUBLIC_ROUTE }, async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox").send(LOGO_SVG),
  );
  app.get('/reports/assets/print.js', { config: PUBLIC_ROUTE }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(PRINT_JS));
  app.get<{ Params: { subset: string; weight: string } }>('/reports/assets/font-:subset-:weight.woff2', { config: PUBLIC_ROUTE }, async (request, reply) => {
    const id = `${request.params.subset}-${request.params.weight}`;
    if (!FONTS.has(id)) throw new Problem('NOT_FOUND');
    const file = readFileSync(join(fontDir, `noto-sans-khmer-${request.params.subset}-${request.params.weight}-normal.woff2`));
    return reply.type('font/woff2').header('cache-control', 'public, max-age=86400').send(file);
  });
}
