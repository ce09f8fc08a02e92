// What is pending, for every page (badge, field home), and when the outbox is sent: on app start,
// on the `online` event, when the page becomes visible, after a record is finished, on "Send now",
// and on a timer: every BASE_MS while things go well, after a failure FIRST_RETRY_MS doubling up to
// MAX_RETRY_MS (5 minutes). Started once per page by the page frame (startOutbox).
import { getMeta } from './db';
import { countIn, migrateLegacyDrafts, onRecordsChanged, purgeSent } from './records';
import { sendQueued, type SyncOutcome } from './sync';

export const BASE_MS = 30_000;
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 300_000;

export type OutboxStatus = 'idle' | 'sending' | 'offline' | 'unauthenticated' | 'failed';

export const outbox = $state({
	ready: false,
	online: typeof navigator === 'undefined' ? true : navigator.onLine,
	drafts: 0,
	queued: 0,
	sending: 0,
	refused: 0,
	sent: 0,
	lastSyncAt: null as string | null,
	status: 'idle' as OutboxStatus,
});

/** Finished records not yet on the server (waiting, being sent, refused): the badge number. */
export function unsentCount(): number {
	return outbox.queued + outbox.sending + outbox.refused;
}

/** Delay before the next automatic send after `failures` failures in a row. */
export function retryDelay(failures: number): number {
	return failures === 0 ? BASE_MS : Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
}

export async function refreshCounts(): Promise<void> {
	const [drafts, queued, sending, refused, sent, lastSyncAt] = await Promise.all([
		countIn('draft'),
		countIn('queued'),
		countIn('sending'),
		countIn('refused'),
		countIn('sent'),
		getMeta('lastSyncAt'),
	]);
	Object.assign(outbox, { drafts, queued, sending, refused, sent, lastSyncAt: lastSyncAt ?? null, ready: true });
}

let failures = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(ms: number): void {
	clearTimeout(timer);
	timer = setTimeout(() => void sendNow(), ms);
}

/** Sends the outbox now (also what the automatic triggers call); resolves with the outcome. */
export async function sendNow(): Promise<SyncOutcome> {
	clearTimeout(timer);
	if (!navigator.onLine) {
		outbox.status = 'offline';
		schedule(BASE_MS);
		return { kind: 'offline' };
	}
	outbox.status = 'sending';
	let outcome: SyncOutcome;
	try {
		outcome = await sendQueued();
	} catch (cause) {
		outcome = { kind: 'failed', message: String(cause) };
	}
	failures = outcome.kind === 'done' ? 0 : failures + 1;
	outbox.status = outcome.kind === 'done' ? 'idle' : outcome.kind;
	schedule(retryDelay(failures));
	await refreshCounts().catch(() => undefined);
	return outcome;
}

let started = false;

/** Starts the outbox for this page (idempotent): counts, legacy drafts, first send, triggers. */
export function startOutbox(): void {
	if (started || typeof indexedDB === 'undefined') return;
	started = true;
	onRecordsChanged(() => void refreshCounts().catch(() => undefined));
	addEventListener('online', () => {
		outbox.online = true;
		failures = 0;
		void sendNow();
	});
	addEventListener('offline', () => {
		outbox.online = false;
		outbox.status = 'offline';
	});
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible' && outbox.queued > 0) void sendNow();
	});
	void (async () => {
		try {
			await migrateLegacyDrafts();
			await purgeSent();
			await refreshCounts();
		} catch (cause) {
			console.warn('offline store unavailable', cause);
			return;
		}
		await sendNow();
	})();
}
