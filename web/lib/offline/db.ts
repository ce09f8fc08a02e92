// The phone's IndexedDB database for field work (through `idb`, a 1 KB promise wrapper kept by the
// author of the IndexedDB spec tests). The shape changes only by versioned upgrades: UPGRADES[n]
// takes a database at version n to n + 1, and opening runs every step from the version found, so
// a phone that skipped app releases is upgraded step by step and nothing is ever dropped.
// tests/e2e/offline-upgrade.test.ts builds the v1 shape by hand and checks the v2 result.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { LocalMedia, LocalRecord, MetaKey, MetaValues, RecordState, StoredDefinition, StoredGeo, StoredProviders } from './types';

export const DB_NAME = 'sa-studio-field';
export const DB_VERSION = 3;

export interface FieldDB extends DBSchema {
	definitions: { key: string; value: StoredDefinition };
	geo: { key: string; value: StoredGeo };
	providers: { key: string; value: StoredProviders };
	records: {
		key: string;
		value: LocalRecord;
		indexes: { 'by-state': RecordState; 'by-form': string };
	};
	meta: { key: MetaKey; value: MetaValues[MetaKey] };
	/** Photos, signatures and recordings (issue 15.4), kept until the server has them. */
	media: { key: string; value: LocalMedia; indexes: { 'by-state': LocalMedia['state'] } };
}

export type FieldDatabase = IDBPDatabase<FieldDB>;
type UpgradeTx = IDBPTransaction<FieldDB, StoreNames<FieldDB>[], 'versionchange'>;
type Upgrade = (db: FieldDatabase, tx: UpgradeTx) => Promise<void> | void;

/** v1 (first release): one store per kind of data, records keyed by their id, no indexes. */
const toV1: Upgrade = (db) => {
	db.createObjectStore('definitions', { keyPath: 'id' });
	db.createObjectStore('geo', { keyPath: 'parent' });
	db.createObjectStore('providers', { keyPath: 'kind' });
	db.createObjectStore('records', { keyPath: 'id' });
	db.createObjectStore('meta');
};

/**
 * v2: records get indexes by state (the outbox reads queued ones) and by form (the fill page lists
 * a form's records), and the fields v1 did not have (`replaces`, `serverCreatedAt`, `refusal`,
 * `sentAt`, `updatedAt`) are filled in.
 */
const toV2: Upgrade = async (_db, tx) => {
	const records = tx.objectStore('records');
	records.createIndex('by-state', 'state');
	records.createIndex('by-form', 'definitionKey');
	let cursor = await records.openCursor();
	while (cursor) {
		const old = cursor.value as Partial<LocalRecord> & Pick<LocalRecord, 'id'>;
		await cursor.update(upgradeRecord(old));
		cursor = await cursor.continue();
	}
};

/** A v1 record in the v2 shape (missing fields get their empty value; states kept). */
export function upgradeRecord(old: Partial<LocalRecord> & Pick<LocalRecord, 'id'>): LocalRecord {
	const createdAt = old.createdAt ?? new Date().toISOString();
	return {
		id: old.id,
		definitionKey: old.definitionKey ?? '',
		definitionVersion: old.definitionVersion ?? 1,
		data: old.data ?? {},
		training: old.training ?? false,
		state: old.state ?? 'draft',
		refusal: old.refusal ?? null,
		replaces: old.replaces ?? null,
		createdAt,
		updatedAt: old.updatedAt ?? createdAt,
		sentAt: old.sentAt ?? null,
		serverCreatedAt: old.serverCreatedAt ?? null,
	};
}

/** v3: a store of media answers (their bytes), sent before the records that name them. */
const toV3: Upgrade = (db) => {
	db.createObjectStore('media', { keyPath: 'id' }).createIndex('by-state', 'state');
};

/** UPGRADES[n] upgrades version n to n + 1. Append a step for every new version; never edit one. */
export const UPGRADES: readonly Upgrade[] = [toV1, toV2, toV3];

let opened: Promise<FieldDatabase> | null = null;

/** The database, opened (and upgraded) once per page. */
export function fieldDb(): Promise<FieldDatabase> {
	opened ??= openDB<FieldDB>(DB_NAME, DB_VERSION, {
		upgrade(db, oldVersion, newVersion, tx) {
			let chain = Promise.resolve();
			for (let v = oldVersion; v < (newVersion ?? DB_VERSION); v++) {
				const step = UPGRADES[v]!;
				chain = chain.then(() => step(db, tx));
			}
			chain.catch((cause: unknown) => {
				console.error('offline store upgrade failed', cause);
				tx.abort();
			});
		},
		// Another tab runs a newer app: let it upgrade, this tab reopens on its next use.
		blocking(_current, _blocked, event) {
			(event.target as IDBDatabase).close();
			opened = null;
		},
		terminated() {
			opened = null;
		},
	}).catch((cause: unknown) => {
		opened = null;
		throw cause;
	});
	return opened;
}

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
	return (await (await fieldDb()).get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
	await (await fieldDb()).put('meta', value, key);
}
