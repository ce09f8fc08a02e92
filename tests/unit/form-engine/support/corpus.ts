// Loads the test corpora: the data-driven fixtures and the shipped definitions (if any exist yet).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Definition } from '../../../../form-engine/index';

export interface FixtureTest {
  description: string;
  data: unknown;
  valid: boolean;
  errors?: Array<{ path: string; keyword: string }>;
  /** Expected cleaned data (what is stored), when the fixture checks it. */
  stored?: unknown;
}

export interface Fixture {
  file: string;
  description: string;
  definition: Definition;
  tests: FixtureTest[];
}

const root = join(import.meta.dirname, '..', '..', '..', '..');

export function loadFixtures(): Fixture[] {
  const dir = join(root, 'tests', 'fixtures', 'form-engine');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<Fixture, 'file'>) }));
}

/** Every definitions/forms/<key>/v<N>.json present at test time. */
export function loadShippedDefinitions(): Array<{ file: string; definition: Definition }> {
  const dir = join(root, 'definitions', 'forms');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((f) => /^v\d+\.json$/.test(f))
        .map((f) => join(dir, d.name, f)),
    )
    .sort()
    .map((file) => ({ file, definition: JSON.parse(readFileSync(file, 'utf8')) as Definition }));
}
