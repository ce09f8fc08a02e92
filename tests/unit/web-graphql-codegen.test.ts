// The web app's GraphQL types (web/lib/api/generated/graphql.ts) are generated from the server's SDL
// and the operations in web/lib/api/operations/*.graphql, and committed: regenerating in memory must
// give the committed file, so a changed schema or operation without `npm run gen:graphql` fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateWebGraphql, loadServerSdl, WEB_GRAPHQL_OUTPUT } from '../../web/lib/api/codegen';

describe('web GraphQL codegen', () => {
	it('the committed web/lib/api/generated/graphql.ts is up to date', async () => {
		const generated = await generateWebGraphql(await loadServerSdl());
		const committed = readFileSync(WEB_GRAPHQL_OUTPUT, 'utf8');
		expect(committed === generated, 'web/lib/api/generated/graphql.ts is stale: run `npm run gen:graphql`').toBe(true);
	});

	it('every operation is validated against the schema (an unknown field fails generation)', async () => {
		const sdl = await loadServerSdl();
		const broken = sdl.replace(/\bsubmissionCount: Int!/g, 'submissionTotal: Int!');
		await expect(generateWebGraphql(broken)).rejects.toThrow(/submissionCount/);
	});
});
