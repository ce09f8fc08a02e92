// Loads the fill page's code ahead (route, formio renderer, engine, pickers) while the field home
// is open online, so the forms open later in this visit even if the connection is gone by then.
// (Across visits the service worker's cache does this job.)
import { preloadCode } from '$app/navigation';
import { loadRenderer } from '$lib/formio-loader';

let warmed = false;

export function warmFillPage(formKey: string): void {
	if (warmed || !navigator.onLine) return;
	warmed = true;
	void preloadCode(`/forms/${encodeURIComponent(formKey)}`).catch(() => undefined);
	void loadRenderer().catch(() => (warmed = false));
}
