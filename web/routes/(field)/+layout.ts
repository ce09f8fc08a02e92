// The field pages (fill page, field home) render in the browser only, with no server load above
// them: after one online visit they open with no connection (the service worker serves the
// `/field` shell for any navigation it cannot fetch). The session is worked out client-side.
import type { LayoutLoad } from './$types';
import { loadFieldSession } from '$lib/field/session';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ fetch, url }) => loadFieldSession(fetch, url);
