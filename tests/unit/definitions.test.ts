// The shipped ISAF definitions: valid and safe, bilingual everywhere, and their generated types current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDefinition, fieldPaths, toFormio } from '../../form-engine/index';
import { shippedDefinitions } from '../../definitions/index';
import { generateTypes } from '../../server/cli/gen-types';

const KHMER = /[\u1780-\u17FF]/;

function labels(node: unknown, out: Array<{ path: string; text: unknown }> = [], path = ''): Array<{ path: string; text: unknown }> {
  if (Array.isArray(node)) node.forEach((n, i) => labels(n, out, `${path}.${i}`));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'x-label' || k === 'x-title' || k === 'x-help' || k === 'title') out.push({ path: `${path}.${k}`, text: v });
      else labels(v, out, `${path}.${k}`);
    }
  }
  return out;
}

describe('shipped ISAF definitions', () => {
  it('ships the ten ISAF forms', () => {
    expect([...new Set(shippedDefinitions.map((d) => d.key))].sort()).toEqual([
      'csc-commune', 'csc-health-centre', 'csc-primary-school', 'i4c-session', 'jaap', 'jaap-monitoring',
      'ssa-commune', 'ssa-health-centre', 'ssa-primary-school', 'training-attendance',
    ]);
  });

  it.each(shippedDefinitions.map((d) => [d.key, d] as const))('%s is valid, safe and bilingual', (_key, def) => {
    expect(checkDefinition(def.schema)).toEqual([]);
    const texts = labels(def.schema);
    expect(texts.length).toBeGreaterThan(5);
    for (const { path, text } of texts) {
      const t = text as { km?: string; en?: string };
      expect(t.km, path).toMatch(KHMER);
      expect(t.en, path).toMatch(/[A-Za-z]/);
    }
    expect(fieldPaths(def.schema as never).length).toBeGreaterThan(4);
    expect(JSON.stringify(toFormio(def.schema as never, 'km'))).toMatch(KHMER);
  });

  it('scorecards and self-assessments of a service share their criteria, so they can be compared', () => {
    for (const service of ['health-centre', 'primary-school', 'commune']) {
      const csc = shippedDefinitions.find((d) => d.key === `csc-${service}`)!.schema as any;
      const ssa = shippedDefinitions.find((d) => d.key === `ssa-${service}`)!.schema as any;
      expect(ssa.properties.criteria.items.properties.criterion.enum).toEqual(csc.properties.criteria.items.properties.criterion.enum);
    }
  });

  it('has generated types that are up to date (npm run gen:types)', async () => {
    const files = await generateTypes();
    expect(files.length).toBe(shippedDefinitions.length + 1);
    for (const file of files) {
      expect(readFileSync(join('definitions', file.path), 'utf8'), file.path).toBe(file.content);
    }
  });
});
