// The dependency rule of docs/architecture.md, enforced in `npm test` (hence CI): dependency-cruiser
// cruises server/ and form-engine/ with .dependency-cruiser.cjs and must find no violation. A fixture
// tree that breaks each rule proves the rules still fire (a rule with a wrong path would pass silently).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = resolve(import.meta.dirname, '../..');

const config = (): Promise<ICruiseOptions> => extractDepcruiseOptions(resolve(root, '.dependency-cruiser.cjs')) as Promise<ICruiseOptions>;

async function violations(baseDir: string): Promise<string[]> {
  const options = await config();
  const tsConfig = extractTSConfig(resolve(root, 'tsconfig.json'));
  const { output } = await cruise(['server', 'form-engine'], { ...options, baseDir }, undefined, { tsConfig });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('dependency rule', () => {
  it('holds for the server and the form engine', async () => {
    expect(await violations(root)).toEqual([]);
  }, 120_000);

  it('catches each kind of violation', async () => {
    const found = await violations(resolve(root, 'tests/fixtures/dependency-rule'));
    const fired = [...new Set(found.map((v) => v.split(':')[0]))].sort();
    const rules = ((await config()).ruleSet?.forbidden ?? []).map((r) => r.name ?? '').sort();
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect(fired).toEqual(rules);
  }, 120_000);
});
