// Service-worker helpers for the offline/update browser tests: wait for the worker, ask it its build
// version, read every IndexedDB database of the page, and make a "next" build to deploy.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { webBuildDir } from '../../server/http/web';
import { SCREENSHOT_DIR } from './browser';

export const KHMER = /[\u1780-\u17FF]/;
/** Where the offline/update screenshots go (SHOTS_DIR to put them elsewhere); created on first use. */
export const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOT_DIR;
mkdirSync(SHOTS, { recursive: true });

/** Waits until a worker controls the page with its precache done; returns that worker's build version. */
export async function waitForWorker(page: Page): Promise<string> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
		// The page may still navigate (a redirect after sign-in, a load finishing) between the check and
		// the question, leaving a page with no controller yet for a moment: ask again until one answers.
		try {
			return await controllerVersion(page);
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await page.waitForTimeout(200);
		}
	}
}

/** The build version of the worker controlling the page (it answers a VERSION message). */
export async function controllerVersion(page: Page): Promise<string> {
	return page.evaluate(
		() =>
			new Promise<string>((resolve, reject) => {
				const controller = navigator.serviceWorker.controller;
				if (!controller) return reject(new Error('no controller'));
				const channel = new MessageChannel();
				channel.port1.onmessage = (e: MessageEvent<{ version: string }>) => resolve(e.data.version);
				controller.postMessage({ type: 'VERSION' }, [channel.port2]);
			}),
	);
}

export type IndexedDbDump = Record<string, { version: number; stores: Record<string, unknown[]> }>;

/** Every record of every IndexedDB database of the page's origin. */
export async function dumpIndexedDb(page: Page): Promise<IndexedDbDump> {
	return page.evaluate(async () => {
		const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
		const out: Record<string, { version: number; stores: Record<string, unknown[]> }> = {};
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			const db = await request(indexedDB.open(name));
			const stores: Record<string, unknown[]> = {};
			for (const store of Array.from(db.objectStoreNames)) stores[store] = await request(db.transaction(store).objectStore(store).getAll());
			out[name] = { version: db.version, stores };
			db.close();
		}
		return out;
	});
}

/** Puts one record into a database of its own (a stand-in for any data a page keeps locally). */
export async function seedRecord(page: Page, db: string, record: { id: string; [key: string]: unknown }): Promise<void> {
	await page.evaluate(
		async ({ db, record }) => {
			const open = indexedDB.open(db, 1);
			open.onupgradeneeded = () => open.result.createObjectStore('records', { keyPath: 'id' });
			const handle = await new Promise<IDBDatabase>((resolve, reject) => ((open.onsuccess = () => resolve(open.result)), (open.onerror = () => reject(open.error))));
			const tx = handle.transaction('records', 'readwrite');
			tx.objectStore('records').put(record);
			await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
			handle.close();
		},
		{ db, record },
	);
}

/**
 * A second deployable build: a copy of `build/` whose service worker carries another version (the
 * bytes of /service-worker.js change, so browsers install it as an update with its own cache). It
 * lives beside the repository's node_modules so the copied server code resolves its packages.
 */
export function makeNextBuild(suffix: string): { dir: string; version: string; previous: string; remove: () => void } {
	const dir = fileURLToPath(new URL(`../../.svelte-kit/e2e-build-${suffix}/`, import.meta.url));
	rmSync(dir, { recursive: true, force: true });
	cpSync(webBuildDir, dir, { recursive: true });
	const client = join(dir, 'client');
	const previous = (JSON.parse(readFileSync(join(client, '_app/version.json'), 'utf8')) as { version: string }).version;
	const version = `${previous}-${suffix}`;
	for (const file of ['service-worker.js', '_app/version.json']) {
		const path = join(client, file);
		const text = readFileSync(path, 'utf8');
		if (!text.includes(previous)) throw new Error(`${file} does not name version ${previous}`);
		writeFileSync(path, text.split(previous).join(version));
		for (const compressed of readdirSync(join(path, '..')).filter((f) => f.startsWith(`${file.split('/').pop()}.`))) rmSync(join(path, '..', compressed));
	}
	return { dir, version, previous, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
