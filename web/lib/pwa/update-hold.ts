// Why: a new app version (service worker) must never take over while a form holds input that is
// not yet in IndexedDB. Pages that hold such input call holdUpdates() and release it when saved or
// closed; the update flow (web/lib/pwa/) applies a waiting version only when nothing is held.
const holders = new Set<symbol>();
const listeners = new Set<() => void>();

/** Marks this page as holding unsaved input; call the returned function to let go. */
export function holdUpdates(): () => void {
	const token = Symbol('hold');
	holders.add(token);
	return () => {
		if (!holders.delete(token)) return;
		if (holders.size === 0) for (const listener of listeners) listener();
	};
}

/** True while any form on this page holds unsaved input. */
export function updatesHeld(): boolean {
	return holders.size > 0;
}

/** Calls `listener` each time the last hold is released; returns an unsubscribe function. */
export function onUpdatesReleased(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
