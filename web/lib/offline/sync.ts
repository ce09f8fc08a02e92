// The outbox sender: queued records go to the server in batches of at most BATCH_SIZE through
// syncSubmissions, which answers per record. A record leaves the outbox only on the server's word:
// STORED/DUPLICATE → sent; CONFLICT/INVALID/FORBIDDEN → refused (with the reason, for the
// facilitator to fix). A failed call leaves the whole batch queued; resending is safe because the
// record id is the submission id (the server answers DUPLICATE for what it already has).
// Photos, signatures and recordings go first (media-upload.ts, tus), then the records that name them.
// One sender at a time across tabs (Web Locks); when a sender gets the lock, records left in
// `sending` by a closed tab or a crash are queued again (nobody else can be sending them).
import { gql, isApiError } from '$lib/api';
import { SyncSubmissionsDocument } from '$lib/api/generated/graphql';
import { fieldDb, setMeta } from './db';
import { sendPendingMedia } from '$lib/media/media-upload';
import { announce } from './records';
import { isUnreachable } from './store';
import type { LocalRecord, Refusal, SyncResult } from './types';

export const BATCH_SIZE = 100;
/** A batch also stays under this many bytes of answers (the server's body limit is 1 MiB). */
export const BATCH_BYTES = 600_000;
/** A call with no answer by then counts as a network failure (the batch is sent again later). */
const CALL_TIMEOUT_MS = 60_000;
const LOCK = 'sa-studio-outbox';
/** Without Web Locks (plain-http LAN), a record sending for this long is considered abandoned. */
const STALE_SENDING_MS = 120_000;

export type SyncOutcome =
	| { kind: 'done'; sent: number; refused: number }
	| { kind: 'offline' }
	| { kind: 'unauthenticated' }
	| { kind: 'failed'; message: string };

const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });

/** Asks the server to store `records`; throws ApiError for a failure of the whole call. */
export async function syncSubmissions(records: LocalRecord[], fetchFn: typeof fetch = timedFetch): Promise<SyncResult[]> {
	const input = records.map((r) => ({ id: r.id, definitionKey: r.definitionKey, definitionVersion: r.definitionVersion, data: r.data, training: r.training ?? false }));
	return (await gql(SyncSubmissionsDocument, { records: input }, fetchFn)).syncSubmissions as SyncResult[];
}

function refusalOf(result: SyncResult): Refusal {
	const en = result.message ?? result.status;
	return {
		status: result.status as Refusal['status'],
		code: result.code ?? result.status,
		message: { en, km: result.messageKm ?? en },
		errors: result.errors ?? [],
	};
}

/** Puts records left in `sending` back in the queue (all of them when holding the lock). */
async function requeueSending(all: boolean): Promise<void> {
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	const cutoff = new Date(Date.now() - STALE_SENDING_MS).toISOString();
	let cursor = await tx.store.index('by-state').openCursor('sending');
	while (cursor) {
		if (all || cursor.value.updatedAt < cutoff) await cursor.update({ ...cursor.value, state: 'queued' });
		cursor = await cursor.continue();
	}
	await tx.done;
}

/** Takes up to BATCH_SIZE queued records (oldest first, BATCH_BYTES at most) and marks them `sending`. */
async function takeBatch(): Promise<LocalRecord[]> {
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	const queued = await tx.store.index('by-state').getAll('queued');
	const batch: LocalRecord[] = [];
	let bytes = 0;
	for (const r of queued.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))) {
		const size = JSON.stringify(r.data).length;
		if (batch.length === BATCH_SIZE || (batch.length > 0 && bytes + size > BATCH_BYTES)) break;
		batch.push(r);
		bytes += size;
	}
	const now = new Date().toISOString();
	const taken = batch.map((r) => ({ ...r, state: 'sending' as const, updatedAt: now }));
	for (const r of taken) await tx.store.put(r);
	await tx.done;
	return taken;
}

/** Applies the server's answers; records without an answer go back to the queue. */
async function settle(batch: LocalRecord[], results: SyncResult[] | null): Promise<{ sent: number; refused: number }> {
	const byId = new Map((results ?? []).map((r) => [r.id, r]));
	const db = await fieldDb();
	const tx = db.transaction('records', 'readwrite');
	const now = new Date().toISOString();
	let sent = 0;
	let refused = 0;
	for (const taken of batch) {
		const current = await tx.store.get(taken.id);
		if (!current || current.state !== 'sending') continue;
		const result = byId.get(taken.id);
		if (result && (result.status === 'STORED' || result.status === 'DUPLICATE')) {
			await tx.store.put({ ...current, state: 'sent', sentAt: now, updatedAt: now, serverCreatedAt: result.submission?.createdAt ?? current.serverCreatedAt });
			sent++;
		} else if (result) {
			await tx.store.put({ ...current, state: 'refused', refusal: refusalOf(result), updatedAt: now });
			refused++;
		} else {
			await tx.store.put({ ...current, state: 'queued' });
		}
	}
	await tx.done;
	return { sent, refused };
}

async function sendAll(holdsLock: boolean): Promise<SyncOutcome> {
	await requeueSending(holdsLock);
	// Files first: the server takes a record only once every file it names has arrived whole.
	const media = await sendPendingMedia();
	if (media !== 'done') return { kind: media };
	let sent = 0;
	let refused = 0;
	for (;;) {
		const batch = await takeBatch();
		if (!batch.length) break;
		let results: SyncResult[];
		try {
			results = await syncSubmissions(batch);
		} catch (cause) {
			await settle(batch, null);
			announce();
			if (isApiError(cause) && cause.code === 'UNAUTHENTICATED') return { kind: 'unauthenticated' };
			if (isUnreachable(cause)) return { kind: 'offline' };
			return { kind: 'failed', message: cause instanceof Error ? cause.message : String(cause) };
		}
		const settled = await settle(batch, results);
		sent += settled.sent;
		refused += settled.refused;
		await setMeta('lastSyncAt', new Date().toISOString());
		announce();
		// The server answered none of them: stop instead of sending the same batch forever.
		if (settled.sent + settled.refused === 0) return { kind: 'failed', message: 'no answers' };
	}
	return { kind: 'done', sent, refused };
}

let running: Promise<SyncOutcome> | null = null;
let again = false;

async function runOnce(): Promise<SyncOutcome> {
	if (!navigator.onLine) return { kind: 'offline' };
	if (navigator.locks) return navigator.locks.request(LOCK, () => sendAll(true));
	return sendAll(false);
}

/**
 * Sends everything queued, batch after batch, until the queue is empty or a call fails. A call
 * during a run joins it and makes it look at the queue once more; across tabs, Web Locks make
 * senders take turns.
 */
export function sendQueued(): Promise<SyncOutcome> {
	if (running) {
		again = true;
		return running;
	}
	running = (async () => {
		let outcome: SyncOutcome;
		do {
			again = false;
			outcome = await runOnce();
		} while (again && outcome.kind === 'done');
		return outcome;
	})().finally(() => {
		running = null;
	});
	return running;
}
