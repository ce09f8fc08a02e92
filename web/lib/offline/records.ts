// Records kept on the phone: drafts, the outbox and what was sent (IndexedDB `records`). Every
// change is announced (this tab and the others, BroadcastChannel) so badges and lists recount.
// A record changes state only here and in sync.ts; a queued/sending/sent record is never edited.
import { newId } from '$lib/ids';
import { fieldDb, getMeta, setMeta } from './db';
import type { LocalRecord, RecordState } from './types';

const CHANNEL = 'sa-studio-records';
/** Sent records stay listed this long, then they are purged (the server has them). */
export const SENT_KEEP_DAYS = 30;
/** localStorage drafts of the first release (one per form@version), moved into records once. */
const LEGACY_DRAFT_PREFIX = 'sa-studio:draft:';

const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;

function ensureChannel(): void {
	if (channel || typeof BroadcastChannel === 'undefined') return;
	channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = () => {
		for (const listener of listeners) listener();
	};
}

/** Calls `listener` after any record changes, in this tab or another; returns an unsubscribe. */
export function onRecordsChanged(listener: () => void): () => void {
	ensureChannel();
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function announce(): void {
	ensureChannel();
	channel?.postMessage('changed');
	for (const listener of listeners) listener();
}

/** True when the data holds at least one answer worth keeping. */
export function hasAnswers(data: unknown): boolean {
	if (data === null || data === undefined || data === '') return false;
	if (Array.isArray(data)) return data.some(hasAnswers);
	if (typeof data === 'object') return Object.values(data as Record<string, unknown>).some(hasAnswers);
	return true;
}

/** A new, not yet stored record on `key@version`. */
export function blankRecord(definitionKey: string, definitionVersion: number, training = false): LocalRecord {
	const now = new Date().toISOString();
	return {
		id: newId(),
		definitionKey,
		definitionVersion,
		data: {},
		training,
		state: 'draft',
		refusal: null,
		replaces: null,
		createdAt: now,
		updatedAt: now,
		sentAt: null,
		serverCreatedAt: null,
	};
}

export async function getRecord(id: string): Promise<LocalRecord | undefined> {
	return (await fieldDb()).get('records', id);
}

/** Records of one form (or all), newest change first. */
export async function listRecords(definitionKey?: string): Promise<LocalRecord[]> {
	const db = await fieldDb();
	const all = definitionKey ? await db.getAllFromIndex('records', 'by-form', definitionKey) : await db.getAll('records');
	return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function recordsIn(state: RecordState): Promise<LocalRecord[]> {
	return (await fieldDb()).getAllFromIndex('records', 'by-state', state);
}

export async function countIn(state: RecordState): Promise<number> {
	return (await fieldDb()).countFromIndex('records', 'by-state', state);
}

/**
 * Saves the answers of a draft (or of a refused record being fixed). Refuses (false) when the
 * record has meanwhile been finished or sent, so an old tab can never overwrite the outbox.
 */
export async function saveAnswers(record: LocalRecord, data: Record<string, unknown>): Promise<boolean> {
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	const current = await tx.store.get(record.id);
	// Finished or sent meanwhile; or gone (discarded, or re-queued under a new id): do not write.
	if ((current && current.state !== 'draft' && current.state !== 'refused') || (!current && record.state !== 'draft')) {
		await tx.done;
		return false;
	}
	await tx.store.put({ ...(current ?? record), data, updatedAt: new Date().toISOString() });
	await tx.done;
	announce();
	return true;
}

/**
 * Moves a record to the outbox with its final answers. A record the server refused as CONFLICT
 * (its id is taken by other data) is queued under a new id, remembering the old one in `replaces`;
 * any other refused record keeps its id (the server never stored it). Returns the queued record.
 */
export async function queueRecord(record: LocalRecord, data: Record<string, unknown>): Promise<LocalRecord> {
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	const current = (await tx.store.get(record.id)) ?? record;
	if (current.state !== 'draft' && current.state !== 'refused') {
		await tx.done;
		return current;
	}
	// SUBMISSION_ID_TAKEN: other data is stored under this id, so these answers need their own id.
	// (A CONFLICT with code CONFLICT, "changed while sending", settles by resending the same id.)
	const conflict = current.refusal?.status === 'CONFLICT' && current.refusal.code !== 'CONFLICT';
	const queued: LocalRecord = {
		...current,
		id: conflict ? newId() : current.id,
		replaces: conflict ? current.id : current.replaces,
		data,
		state: 'queued',
		refusal: null,
		updatedAt: new Date().toISOString(),
	};
	if (conflict) await tx.store.delete(current.id);
	await tx.store.put(queued);
	await tx.done;
	announce();
	return queued;
}

/** Throws away a draft (start over). Only drafts and refused records can be discarded. */
export async function discardRecord(id: string): Promise<void> {
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	const current = await tx.store.get(id);
	if (current && (current.state === 'draft' || current.state === 'refused')) await tx.store.delete(id);
	await tx.done;
	announce();
}

/** Removes sent records older than SENT_KEEP_DAYS. */
export async function purgeSent(now = Date.now()): Promise<void> {
	const cutoff = new Date(now - SENT_KEEP_DAYS * 86_400_000).toISOString();
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	let cursor = await tx.store.index('by-state').openCursor('sent');
	while (cursor) {
		if ((cursor.value.sentAt ?? '') < cutoff) await cursor.delete();
		cursor = await cursor.continue();
	}
	await tx.done;
}

/**
 * Moves the localStorage drafts of the first release (`sa-studio:draft:<key>@<version>`) into
 * records, once per browser; the localStorage copies are removed after the records are stored.
 */
export async function migrateLegacyDrafts(): Promise<number> {
	if (await getMeta('draftsMigrated')) return 0;
	let storage: Storage;
	try {
		storage = localStorage;
	} catch {
		await setMeta('draftsMigrated', true);
		return 0;
	}
	const found: Array<{ storageKey: string; record: LocalRecord | null }> = [];
	for (let i = 0; i < storage.length; i++) {
		const storageKey = storage.key(i);
		const match = storageKey?.startsWith(LEGACY_DRAFT_PREFIX) ? /^(.+)@(\d+)$/.exec(storageKey.slice(LEGACY_DRAFT_PREFIX.length)) : null;
		if (!storageKey || !match) continue;
		try {
			const draft = JSON.parse(storage.getItem(storageKey) ?? '') as { id?: unknown; data?: unknown; savedAt?: unknown };
			if (typeof draft.id !== 'string' || !draft.data || typeof draft.data !== 'object' || !hasAnswers(draft.data)) {
				found.push({ storageKey, record: null });
				continue;
			}
			const at = typeof draft.savedAt === 'string' && draft.savedAt ? draft.savedAt : new Date().toISOString();
			const record = { ...blankRecord(match[1]!, Number(match[2])), id: draft.id, data: draft.data as Record<string, unknown>, createdAt: at, updatedAt: at };
			found.push({ storageKey, record });
		} catch {
			found.push({ storageKey, record: null });
		}
	}
	const db = await fieldDb();
	const tx = db.transaction(['records', 'meta'], 'readwrite');
	for (const { record } of found) if (record && !(await tx.objectStore('records').get(record.id))) await tx.objectStore('records').put(record);
	await tx.objectStore('meta').put(true, 'draftsMigrated');
	await tx.done;
	for (const { storageKey } of found) storage.removeItem(storageKey);
	if (found.length) announce();
	return found.filter((f) => f.record !== null).length;
}
