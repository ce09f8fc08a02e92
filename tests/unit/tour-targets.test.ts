// Every tour target a trainer can choose exists as a data-tour attribute in the web app's markup.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOUR_TARGETS } from '../../web/lib/help/tour-targets';

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? svelteFiles(path) : path.endsWith('.svelte') ? [path] : [];
  });
}

describe('tour targets', () => {
  it('name only data-tour attributes that the pages have', () => {
    const markup = svelteFiles('web').map((f) => readFileSync(f, 'utf8')).join('\n');
    const present = new Set([...markup.matchAll(/data-tour="([a-z][a-z0-9-]*)"/g)].map((m) => m[1]));
    const named = new Set(Object.values(TOUR_TARGETS).flatMap((targets) => targets.map((t) => t.name)));
    expect([...named].filter((n) => !present.has(n))).toEqual([]);
    expect(named.size).toBeGreaterThan(8);
  });
});
