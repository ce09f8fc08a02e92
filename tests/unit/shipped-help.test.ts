// The shipped help pages are valid, their links lead somewhere, and their routes are real pages.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedHelp } from '../../definitions/help/index';
import { checkHelp } from '../../form-engine/help/check-help';
import type { HelpPage } from '../../form-engine/help/types';
import { helpLinkProblems, renderHelpMarkdown } from '../../server/help/help-markdown';

/** Route ids of the web app (`/forms/[key]`), read from web/routes without the `(group)` folders. */
function webRoutes(dir = 'web/routes', prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) {
      if (name === '+page.svelte') out.push(prefix || '/');
      continue;
    }
    out.push(...webRoutes(path, /^\(.+\)$/.test(name) ? prefix : `${prefix}/${name}`));
  }
  return out;
}

const pages = new Map(shippedHelp.map((h) => [h.key, h.schema as HelpPage]));

describe('shipped help pages', () => {
  it('include the page help, the role guides and the training plan', () => {
    expect([...pages.keys()]).toEqual(expect.arrayContaining(['home', 'login', 'fill', 'data', 'builder', 'dashboard', 'indicators', 'account', 'admin-users', 'admin-audit', 'admin-geography', 'guide-facilitator', 'guide-trainer']));
  });

  it.each(shippedHelp.map((h) => [h.key, h.schema] as const))('%s is valid and links only to what exists', (key, schema) => {
    expect(checkHelp(schema)).toEqual([]);
    const page = schema as HelpPage;
    for (const lang of ['km', 'en'] as const) {
      expect(helpLinkProblems(page.body[lang])).toEqual([]);
      const { html, headings } = renderHelpMarkdown(page.body[lang], lang);
      for (const [, target, anchor] of html.matchAll(/href="\/help\/([a-z0-9-]+)(?:#([^"]+))?"/g)) {
        expect(pages.has(target!), `${key}.${lang} links to help:${target}`).toBe(true);
        if (anchor) expect(renderHelpMarkdown(pages.get(target!)!.body[lang], lang).headings.map((h) => h.id)).toContain(anchor);
      }
      for (const [, anchor] of html.matchAll(/href="#([^"]+)"/g)) expect(headings.map((h) => h.id)).toContain(anchor);
    }
  });

  it('name only real product routes, and every product page has its help', () => {
    const routes = webRoutes();
    const covered = new Set(shippedHelp.flatMap((h) => (h.schema as HelpPage).routes ?? []));
    for (const r of covered) expect(routes, `route ${r}`).toContain(r);
    // The help pages themselves are the only pages without a "?" of their own.
    expect(routes.filter((r) => !covered.has(r) && !r.startsWith('/help'))).toEqual([]);
  });

  it('keep the builder widget anchors that the builder links to', () => {
    const ids = renderHelpMarkdown(pages.get('builder')!.body.km, 'km').headings.map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining(['text', 'number', 'geography', 'provider', 'gps', 'photo', 'signature', 'audio', 'repeat', 'section', 'calculation', 'rules', 'cascade', 'conditions']));
  });
});
