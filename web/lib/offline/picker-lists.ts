// Picker lists for the fill page that keep working with no connection. Policy: network first,
// phone second. When the phone says it is online the server is asked (at most NETWORK_WAIT_MS, so
// a "connected" phone with no real signal does not hang), and the answer is stored; when offline,
// or when the server cannot answer, the stored list is used. Network first because the server's
// list is the truth (area changes, new villages) and online the facilitator may pick any place of
// their area, not only the ones taken offline; the stored copy is the fallback.
// Offline, a list only offers places whose own lists are stored (villages always), so the cascade
// never leads to a level the phone cannot show.
import type { GeoUnit, ServiceProvider } from '$lib/queries';
import { networkLists, type PickerLists } from '$lib/pickers/source';
import { putGeo, putProviders, storedGeo, storedGeoParents, storedProviders } from './store';

export const NETWORK_WAIT_MS = 6000;
const VILLAGE_CODE_LENGTH = 8;

class NotOffline extends Error {
	constructor(what: string) {
		super(`not available offline: ${what}`);
		this.name = 'NotOffline';
	}
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new DOMException('no answer in time', 'TimeoutError')), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(cause: unknown) => {
				clearTimeout(timer);
				reject(cause);
			},
		);
	});
}

async function networkThenStore<T>(ask: () => Promise<T>, keep: (value: T) => Promise<void>, fallback: () => Promise<T | undefined>, what: string): Promise<T> {
	let failure: unknown = new NotOffline(what);
	if (navigator.onLine) {
		try {
			const value = await withTimeout(ask(), NETWORK_WAIT_MS);
			await keep(value).catch((cause: unknown) => console.warn('picker list not stored', cause));
			return value;
		} catch (cause) {
			failure = cause;
		}
	}
	const stored = await fallback().catch(() => undefined);
	if (stored === undefined) throw failure;
	return stored;
}

export const offlineLists: PickerLists = {
	geoUnits(parent: string): Promise<GeoUnit[]> {
		return networkThenStore(
			() => networkLists.geoUnits(parent),
			(units) => putGeo(parent, units),
			async () => {
				const stored = await storedGeo(parent);
				if (!stored) return undefined;
				const parents = await storedGeoParents();
				return stored.units.filter((u) => u.code.length >= VILLAGE_CODE_LENGTH || parents.has(u.code));
			},
			`geo ${parent}`,
		);
	},
	serviceProviders(kind: string): Promise<ServiceProvider[]> {
		return networkThenStore(
			() => networkLists.serviceProviders(kind),
			(providers) => putProviders(kind, providers),
			async () => (await storedProviders(kind))?.providers,
			`providers ${kind}`,
		);
	},
};
