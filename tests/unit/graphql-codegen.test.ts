// The committed GraphQL schema (server/graphql/schema.graphql) and the resolver types generated from
// it must match the modules' SDL: a changed SDL without `npm run gen:graphql` fails here (and in CI).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateGraphQL, RESOLVER_TYPES_FILE, SCHEMA_FILE } from '../../server/graphql/codegen';

const root = resolve(import.meta.dirname, '../..');

describe('GraphQL codegen', () => {
  it('has committed the schema and the types of the current SDL', async () => {
    const files = await generateGraphQL();
    expect([...files.keys()].sort()).toEqual([RESOLVER_TYPES_FILE, SCHEMA_FILE].sort());
    for (const [path, content] of files) {
      const committed = await readFile(resolve(root, path), 'utf8').catch(() => '');
      expect(committed, `${path} is stale: run npm run gen:graphql`).toBe(content);
    }
  }, 120_000);
});
