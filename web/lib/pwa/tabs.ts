// Why: a new app version may take over only when no open tab of this site is busy: holding unsaved
// input (updatesHeld(), per page) or showing a form the facilitator is filling (a reload there would
// interrupt them even with every answer saved). Tabs ask each other over a BroadcastChannel; each
// answers for itself, and says when it lets go (input saved, form closed, tab closed).
import { onUpdatesReleased, updatesHeld } from './update-hold';

type TabMessage = { type: 'ask'; id: string } | { type: 'answer'; id: string; busy: boolean } | { type: 'released' };

const CHANNEL = 'sa-app-updates';
/** How long to wait for the other tabs' answers (same browser: milliseconds). */
const ANSWER_MS = 300;
/** A tab that let go while closing must be gone before the others ask again. */
const RELEASE_SETTLE_MS = 150;

/** A fill page is open in this tab. */
export function onFormPage(): boolean {
	return location.pathname.startsWith('/forms/');
}

/** This tab holds unsaved input or shows a form. */
export function tabBusy(): boolean {
	return updatesHeld() || onFormPage();
}

export interface Tabs {
	/** True when this tab or any other open tab is busy (`ownForm: false`: this tab's open form does not count). */
	anyBusy: (options?: { ownForm: boolean }) => Promise<boolean>;
	/** Calls `listener` when a tab (this one or another) lets go of input or closes a form. */
	onReleased: (listener: () => void) => () => void;
	/** This tab left a form (client-side navigation): the others may go ahead. */
	released: () => void;
	close: () => void;
}

export function connectTabs(): Tabs {
	const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
	const waiting = new Map<string, (busy: boolean) => void>();
	const listeners = new Set<() => void>();
	const notify = () => {
		for (const listener of listeners) listener();
	};
	const released = () => {
		channel?.postMessage({ type: 'released' } satisfies TabMessage);
		notify();
	};
	channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
		const message = event.data;
		if (message.type === 'ask') channel.postMessage({ type: 'answer', id: message.id, busy: tabBusy() } satisfies TabMessage);
		else if (message.type === 'answer') waiting.get(message.id)?.(message.busy);
		else if (message.type === 'released') setTimeout(notify, RELEASE_SETTLE_MS);
	});
	const stopLocal = onUpdatesReleased(released);
	// A tab closed or left while busy lets go too (its form keeps its input itself on pagehide).
	const onHide = () => {
		if (tabBusy()) channel?.postMessage({ type: 'released' } satisfies TabMessage);
	};
	addEventListener('pagehide', onHide);

	return {
		anyBusy: async ({ ownForm } = { ownForm: true }) => {
			const self = () => (ownForm ? tabBusy() : updatesHeld());
			if (self()) return true;
			if (!channel) return false;
			const id = crypto.randomUUID();
			let busy = false;
			waiting.set(id, (answer) => {
				busy ||= answer;
			});
			channel.postMessage({ type: 'ask', id } satisfies TabMessage);
			await new Promise((resolve) => setTimeout(resolve, ANSWER_MS));
			waiting.delete(id);
			return busy || self();
		},
		onReleased: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		released,
		close: () => {
			stopLocal();
			removeEventListener('pagehide', onHide);
			channel?.close();
		},
	};
}
