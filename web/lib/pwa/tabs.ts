// Why: a new app version may take over only when no open tab of this site holds unsaved input
// (updatesHeld() is per page). Tabs ask each other over a BroadcastChannel; each answers for itself.
import { onUpdatesReleased, updatesHeld } from './update-hold';

type TabMessage = { type: 'ask'; id: string } | { type: 'answer'; id: string; held: boolean } | { type: 'released' };

const CHANNEL = 'sa-app-updates';
/** How long to wait for the other tabs' answers (same browser, same process group: milliseconds). */
const ANSWER_MS = 300;
/** A tab that let go while closing must be gone before the others ask again. */
const RELEASE_SETTLE_MS = 150;

export interface Tabs {
	/** True when this tab or any other open tab holds unsaved input. */
	anyHeld: () => Promise<boolean>;
	/** Calls `listener` when the last hold is released in this tab or in another one. */
	onReleased: (listener: () => void) => () => void;
	close: () => void;
}

export function connectTabs(): Tabs {
	const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
	const waiting = new Map<string, (held: boolean) => void>();
	const released = new Set<() => void>();
	const notify = () => {
		for (const listener of released) listener();
	};
	channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
		const message = event.data;
		if (message.type === 'ask') channel.postMessage({ type: 'answer', id: message.id, held: updatesHeld() } satisfies TabMessage);
		else if (message.type === 'answer') waiting.get(message.id)?.(message.held);
		else if (message.type === 'released') setTimeout(notify, RELEASE_SETTLE_MS);
	});
	const stopLocal = onUpdatesReleased(() => {
		channel?.postMessage({ type: 'released' } satisfies TabMessage);
		notify();
	});
	// A tab closed or left while holding input lets go too (its input is the form's to keep on pagehide).
	const onHide = () => {
		if (updatesHeld()) channel?.postMessage({ type: 'released' } satisfies TabMessage);
	};
	addEventListener('pagehide', onHide);

	return {
		anyHeld: async () => {
			if (updatesHeld()) return true;
			if (!channel) return false;
			const id = crypto.randomUUID();
			let held = false;
			waiting.set(id, (answer) => {
				held ||= answer;
			});
			channel.postMessage({ type: 'ask', id } satisfies TabMessage);
			await new Promise((resolve) => setTimeout(resolve, ANSWER_MS));
			waiting.delete(id);
			return held || updatesHeld();
		},
		onReleased: (listener) => {
			released.add(listener);
			return () => released.delete(listener);
		},
		close: () => {
			stopLocal();
			removeEventListener('pagehide', onHide);
			channel?.close();
		},
	};
}
