// Why: registers the service worker ourselves (kit.serviceWorker.register is false) so a new app
// version never takes over blindly. A new worker waits; it is told to take over (SKIP_WAITING) only
// when no open tab holds unsaved input (update-hold.ts, asked across tabs in tabs.ts), then every tab
// not holding input reloads on the new version. The banner (update-banner.svelte) reads `appUpdate`.
import { dev } from '$app/environment';
import { rendererSettled } from '$lib/formio-loader';
import { connectTabs, type Tabs } from './tabs';
import { updatesHeld } from './update-hold';

/** none: nothing new · held: a new version waits for an open form · ready: it can be applied now. */
export type UpdatePhase = 'none' | 'held' | 'ready' | 'applying';

export const appUpdate = $state<{ phase: UpdatePhase }>({ phase: 'none' });

export const SERVICE_WORKER_URL = '/service-worker.js';
const CHECK_EVERY_MS = 30 * 60_000;
const RENDERER_WAIT_MS = 30_000;

let registration: ServiceWorkerRegistration | null = null;
let tabs: Tabs | null = null;
let started = false;

/** Starts once per page, after the page (and a form renderer it is loading) has loaded: the first
 *  visit's precache must not share a slow link with what the facilitator is waiting for. */
export function startAppUpdates(): void {
	if (started || dev || !('serviceWorker' in navigator)) return;
	started = true;
	tabs = connectTabs();
	// Listening from the start (not after load): a version switched by another tab while this one
	// was loading still reloads it.
	let controlled = navigator.serviceWorker.controller !== null;
	navigator.serviceWorker.addEventListener('controllerchange', () => {
		// The first worker claiming a page that had none is not an update: nothing to reload.
		if (!controlled) {
			controlled = true;
			return;
		}
		// Input that started after the tabs were asked stays on the page; the next load is new.
		if (updatesHeld()) appUpdate.phase = 'none';
		else location.reload();
	});
	const go = async () => {
		await Promise.race([rendererSettled(), new Promise((resolve) => setTimeout(resolve, RENDERER_WAIT_MS))]);
		await register();
	};
	const start = () => void go().catch((cause: unknown) => console.warn('service worker not registered', cause));
	if (document.readyState === 'complete') start();
	else addEventListener('load', start, { once: true });
}

async function register(): Promise<void> {
	if (!tabs) return;
	registration = await navigator.serviceWorker.register(SERVICE_WORKER_URL, { updateViaCache: 'none' });
	const watch = (worker: ServiceWorker | null) => {
		if (!worker) return;
		const check = () => {
			if (worker.state === 'installed' && navigator.serviceWorker.controller) void evaluate('found');
		};
		worker.addEventListener('statechange', check);
		check();
	};
	// A version that was already waiting when this page opened: a fresh page holds nothing yet, so it
	// is applied at once unless another tab holds input.
	if (registration.waiting && navigator.serviceWorker.controller) void evaluate('start');
	watch(registration.installing);
	registration.addEventListener('updatefound', () => watch(registration?.installing ?? null));
	tabs.onReleased(() => void evaluate('released'));

	const update = () => void registration?.update().catch(() => undefined);
	addEventListener('online', update);
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') update();
	});
	setInterval(update, CHECK_EVERY_MS);
}

/**
 * Works out the banner. A waiting version is applied by itself when nothing is held and either this
 * page just opened or the form it waited for was just finished; found in the middle of other work,
 * it waits for "Update now" (or the next page load).
 */
async function evaluate(reason: 'start' | 'found' | 'released'): Promise<void> {
	if (!registration?.waiting || !tabs || appUpdate.phase === 'applying') return;
	const wasHeld = appUpdate.phase === 'held';
	if (await tabs.anyHeld()) appUpdate.phase = 'held';
	else if (reason === 'start' || (reason === 'released' && wasHeld)) await applyUpdate();
	else appUpdate.phase = 'ready';
}

/** Tells the waiting worker to take over when no tab holds input; false when one does. */
export async function applyUpdate(): Promise<boolean> {
	const waiting = registration?.waiting;
	if (!waiting || !tabs) return false;
	if (await tabs.anyHeld()) {
		appUpdate.phase = 'held';
		return false;
	}
	appUpdate.phase = 'applying';
	waiting.postMessage({ type: 'SKIP_WAITING' });
	return true;
}
