// Why: registers the service worker ourselves (kit.serviceWorker.register is false) so a new app
// version never takes over blindly. A new worker waits; it is told to take over (SKIP_WAITING) only
// when no open tab is busy (unsaved input, update-hold.ts, or a form open; asked across tabs in
// tabs.ts), then every tab without unsaved input reloads on the new version. The banner
// (update-banner.svelte) reads `appUpdate`.
import { dev } from '$app/environment';
import { rendererSettled } from '$lib/formio-loader';
import { connectTabs, type Tabs } from './tabs';
import { updatesHeld } from './update-hold';

/** none: nothing new · held: a new version waits for an open form (or unsaved input) · ready: it can be applied now. */
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
		// Input typed after the tabs were asked stays on the page (no reload); the next load is new.
		// A form with every answer saved reloads and reopens its record (?record= in the address).
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
 * Works out the banner. A waiting version is applied by itself when no tab is busy and either this
 * page just opened or the form it waited for was just closed; found in the middle of other work, it
 * waits for "Update now" (or the next page load).
 */
async function evaluate(reason: 'start' | 'found' | 'released'): Promise<void> {
	if (!registration?.waiting || !tabs || appUpdate.phase === 'applying') return;
	const wasHeld = appUpdate.phase === 'held';
	// A page that just opened has nothing typed yet: its own form does not hold the update back.
	if (await tabs.anyBusy({ ownForm: reason !== 'start' })) appUpdate.phase = 'held';
	else if (reason === 'start' || (reason === 'released' && wasHeld)) await applyUpdate(reason === 'start');
	else appUpdate.phase = 'ready';
}

/** Call after each client-side navigation: leaving a form lets a waiting version go ahead. */
export function noteNavigation(from: URL | null | undefined, to: URL | null | undefined): void {
	if (from?.pathname.startsWith('/forms/') && !to?.pathname.startsWith('/forms/')) tabs?.released();
}

/** Tells the waiting worker to take over when no tab is busy; false when one is. */
export async function applyUpdate(atStart = false): Promise<boolean> {
	const waiting = registration?.waiting;
	if (!waiting || !tabs) return false;
	if (await tabs.anyBusy({ ownForm: !atStart })) {
		appUpdate.phase = 'held';
		return false;
	}
	appUpdate.phase = 'applying';
	waiting.postMessage({ type: 'SKIP_WAITING' });
	return true;
}
