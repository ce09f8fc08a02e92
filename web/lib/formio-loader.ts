// Why: the fill page is usable only once formio.js (the largest chunk), the engine and the pickers
// are loaded. The page's load starts them (with the definition request) instead of the component's
// onMount after everything else: on a slow link this is seconds earlier. One download per page load.
import { browser } from '$app/environment';
import { withCalculationOperations } from './formio-operations';

type RendererModules = [typeof import('@formio/js/form'), typeof import('$lib/engine'), typeof import('$lib/pickers/attach')];

let modules: Promise<RendererModules> | null = null;

export function loadRenderer(): Promise<RendererModules> {
	if (!browser) return Promise.reject(new Error('the form renderer runs in the browser only'));
	modules ??= Promise.all([import('@formio/js/form'), import('$lib/engine'), import('$lib/pickers/attach'), withCalculationOperations()]).then(
		([formio, engine, pickers]): RendererModules => [formio, engine, pickers],
	);
	// A failed download (offline before the worker had cached it) is retried on the next call.
	modules.catch(() => (modules = null));
	return modules;
}

/** Resolves once a renderer download this page started has ended (at once when none started). */
export function rendererSettled(): Promise<void> {
	return (modules ?? Promise.resolve()).then(
		() => undefined,
		() => undefined,
	);
}
