// Why: formio.js (the fill page's largest download) is a dynamic import, so the browser would only
// ask for it once the page's own modules have arrived; on slow 3G each wave of requests costs ~2 s.
// `<link rel="modulepreload">` tags in the fill page's HTML start it with the HTML. The hashed file
// names come from `_app/renderer.json`, written into the client build by vite.config.ts.
import { dev } from '$app/environment';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The client build beside this server code (build/client; this module sits a few folders below build/server). */
function rendererJson(): string | null {
	for (const up of ['../client/', '../../client/', '../../../client/', '../../../../client/']) {
		const path = fileURLToPath(new URL(`${up}_app/renderer.json`, import.meta.url));
		if (existsSync(path)) return path;
	}
	return null;
}

function tags(): string {
	if (cached !== undefined) return cached;
	cached = '';
	if (dev) return cached;
	try {
		const path = rendererJson();
		if (!path) return cached;
		const { files } = JSON.parse(readFileSync(path, 'utf8')) as { files: string[] };
		cached = files.filter((f) => /^\/_app\/immutable\/[\w/.-]+\.js$/.test(f)).map((f) => `<link rel="modulepreload" href="${f}">`).join('');
	} catch {
		// no hint: the page still imports the renderer itself
	}
	return cached;
}

/** The links to put in the fill page's head (nothing for every other page). */
export function rendererPreloadTag(pathname: string): string {
	return pathname.startsWith('/forms/') ? tags() : '';
}
