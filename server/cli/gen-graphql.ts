// Writes the merged GraphQL schema (server/graphql/schema.graphql) and the types generated from it.
// Run after changing a module's SDL: `npm run gen:graphql` (tests/unit/graphql-codegen.test.ts fails
// while the committed files are stale).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { generateGraphQL } from '../graphql/codegen';

const root = resolve(import.meta.dirname, '../..');
for (const [path, content] of await generateGraphQL()) {
  await mkdir(dirname(resolve(root, path)), { recursive: true });
  await writeFile(resolve(root, path), content);
  console.log(`wrote ${path}`);
}
