// Definitions and picker lists kept on the phone, and the fill page's definition loader: from the
// network when it answers (the answer is stored), from the phone otherwise. Every definition the
// phone opens is stored, so a draft can always be finished on its version without a connection.
import { isApiError, type Fetch } from '$lib/api';
import type { Lang } from '$lib/i18n';
import { fetchDefinition, type DefinitionFull, type GeoUnit, type ServiceProvider } from '$lib/queries';
import { fieldDb } from './db';
import type { StoredDefinition, StoredGeo, StoredProviders } from './types';

export const definitionId = (key: string, version: number) => `${key}@${version}`;

export async function putDefinition(definition: DefinitionFull, fetchedAt = new Date().toISOString()): Promise<void> {
	const stored: StoredDefinition = { id: definitionId(definition.key, definition.version), key: definition.key, version: definition.version, definition, fetchedAt };
	await (await fieldDb()).put('definitions', stored);
}

/** The stored `key@version`, or with `version` null the highest stored version of `key`. */
export async function storedDefinition(key: string, version: number | null): Promise<StoredDefinition | undefined> {
	const db = await fieldDb();
	if (version !== null) return db.get('definitions', definitionId(key, version));
	const all = await db.getAll('definitions', IDBKeyRange.bound(`${key}@`, `${key}@\uffff`));
	return all.filter((d) => d.key === key).sort((a, b) => b.version - a.version)[0];
}

export async function storedDefinitions(): Promise<StoredDefinition[]> {
	return (await fieldDb()).getAll('definitions');
}

export async function putGeo(parent: string, units: GeoUnit[]): Promise<void> {
	await (await fieldDb()).put('geo', { parent, units, fetchedAt: new Date().toISOString() } satisfies StoredGeo);
}

export async function storedGeo(parent: string): Promise<StoredGeo | undefined> {
	return (await fieldDb()).get('geo', parent);
}

/** Parent codes whose children are stored. */
export async function storedGeoParents(): Promise<Set<string>> {
	return new Set(await (await fieldDb()).getAllKeys('geo'));
}

export async function putProviders(kind: string, providers: ServiceProvider[]): Promise<void> {
	await (await fieldDb()).put('providers', { kind, providers, fetchedAt: new Date().toISOString() } satisfies StoredProviders);
}

export async function storedProviders(kind: string): Promise<StoredProviders | undefined> {
	return (await fieldDb()).get('providers', kind);
}

/** True for failures that mean "no answer from the server" (not "the server said no"). */
export function isUnreachable(cause: unknown): boolean {
	if (!isApiError(cause)) return cause instanceof TypeError || (cause instanceof DOMException && cause.name === 'TimeoutError');
	return cause.code === 'NETWORK' || cause.code === 'UNAVAILABLE' || cause.status === 503 || cause.status === 502 || cause.status === 504;
}

export interface LoadedDefinition {
	definition: DefinitionFull;
	/** Set when it came from the phone (no connection): when it was downloaded. */
	storedAt: string | null;
}

/**
 * The definition for the fill page. Online: the server's answer, stored for later. When the server
 * cannot be reached: the stored copy (null when the phone has none). A "not found" from the server
 * is null; other refusals are thrown.
 */
export async function loadDefinition(fetchFn: Fetch, key: string, version: number | null, lang: Lang): Promise<LoadedDefinition | null> {
	// A published version never changes (decision 2), so a stored key@version needs no round trip
	// (each one is 2 s on a slow link). Only "the published version" (null) asks the server first.
	if (version !== null) {
		const frozen = await storedDefinition(key, version).catch(() => undefined);
		if (frozen) return { definition: frozen.definition, storedAt: navigator.onLine ? null : frozen.fetchedAt };
	}
	if (navigator.onLine) {
		try {
			const definition = await fetchDefinition(fetchFn, key, version, lang);
			if (definition?.kind === 'form') await putDefinition(definition).catch((cause: unknown) => console.warn('definition not stored', cause));
			return definition ? { definition, storedAt: null } : null;
		} catch (cause) {
			if (!isUnreachable(cause)) throw cause;
		}
	}
	const stored = await storedDefinition(key, version);
	return stored ? { definition: stored.definition, storedAt: stored.fetchedAt } : null;
}
