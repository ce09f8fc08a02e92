// Static assets of the printable reports: the stylesheet, a print button script (no inline script,
// so the page's strict CSP holds) and the Khmer font files shipped with the app (never a CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ROUTE } from '../http/authorize-first';
import { Problem } from '../core/problems';

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
h1{margin:.2em 0;font-size:1.6rem}h2{font-size:1.2rem;border-bottom:2px solid #0f4c5c;padding-bottom:4px;margin-top:28px}h3{font-size:1.05rem;margin-bottom:4px}
.brand{color:#0f4c5c;font-weight:700;margin:0}.meta{margin:2px 0;color:#3d4f5c}.head{display:flex;justify-content:space-between;gap:16px;align-items:flex-start}
nav a,nav button{font:inherit;margin-left:8px;padding:6px 14px;border:1px solid #0f4c5c;border-radius:6px;background:#fff;color:#0f4c5c;cursor:pointer;text-decoration:none}
table{width:100%;border-collapse:collapse;margin:8px 0}th,td{padding:6px 8px;border-bottom:1px solid #d5dde3;text-align:left;vertical-align:top}
th{background:#eef3f6}.num{text-align:right;white-space:nowrap}.bar-col{width:40%}.bar{display:inline-block;height:12px;background:#2a7f8f;border-radius:3px;min-width:2px}
.badge{padding:2px 8px;border-radius:10px;font-size:.85em;white-space:nowrap}.met{background:#dff3e4;color:#17652d}.below{background:#fde8e4;color:#8c2a17}.none{background:#eef0f2;color:#4a5560}
.desc{color:#3d4f5c;margin:0 0 6px}.empty{color:#6b7a86;font-style:italic}.indicator{break-inside:avoid}footer{margin-top:32px;color:#6b7a86;font-size:.85em}
@media print{.no-print{display:none}body{margin:0;max-width:none}@page{size:A4;margin:16mm}}`,
].join('\n');

const PRINT_JS = "document.getElementById('print')?.addEventListener('click',()=>window.print());";

export function reportAssetRoutes(app: FastifyInstance): void {
  app.get('/reports/assets/report.css', { config: PUBLIC_ROUTE }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
  app.get('/reports/assets/print.js', { config: PUBLIC_ROUTE }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(PRINT_JS));
  app.get<{ Params: { subset: string; weight: string } }>('/reports/assets/font-:subset-:weight.woff2', { config: PUBLIC_ROUTE }, async (request, reply) => {
    const id = `${request.params.subset}-${request.params.weight}`;
    if (!FONTS.has(id)) throw new Problem('NOT_FOUND');
    const file = readFileSync(join(fontDir, `noto-sans-khmer-${request.params.subset}-${request.params.weight}-normal.woff2`));
    return reply.type('font/woff2').header('cache-control', 'public, max-age=86400').send(file);
  });
}
