// Why: media fields and GPS buttons (like the pickers) sit over formio inputs, and formio re-renders
// parts of a form (repeat rows, redraws) at will. This keeps one mounted overlay per live input:
// a MutationObserver re-scans after formio's changes (not the overlays' own, inside `hostClass`),
// mounts what is new and unmounts overlays whose input is gone.
import { unmount } from 'svelte';

export interface Overlay {
	/** The element the overlay is mounted in (removed with it). */
	target: HTMLElement;
	app: Record<string, unknown>;
}

/** `scan(visit)` calls `visit(anchor, make)` for every input (or other element: a label's prompt button) that wants an overlay; `make` runs only for new ones. Answers stop(). */
export function keepOverlays(host: HTMLElement, hostClass: string, scan: (visit: (input: HTMLElement, make: () => Overlay) => void) => void): () => void {
	const attached = new Map<HTMLElement, Overlay>();
	let scheduled = false;
	let stopped = false;

	const remove = (input: HTMLElement, overlay: Overlay): void => {
		void unmount(overlay.app);
		overlay.target.remove();
		attached.delete(input);
	};

	function rescan(): void {
		scheduled = false;
		if (stopped) return;
		const seen = new Set<HTMLElement>();
		scan((input, make) => {
			if (!input.isConnected) return;
			seen.add(input);
			if (!attached.has(input)) attached.set(input, make());
		});
		for (const [input, overlay] of [...attached.entries()]) if (!seen.has(input) || !input.isConnected) remove(input, overlay);
	}

	const observer = new MutationObserver((records) => {
		if (scheduled || stopped) return;
		if (records.some((r) => !(r.target instanceof Element && r.target.closest(`.${hostClass}`)))) {
			scheduled = true;
			queueMicrotask(rescan);
		}
	});
	observer.observe(host, { childList: true, subtree: true });
	rescan();
	return () => {
		stopped = true;
		observer.disconnect();
		for (const [input, overlay] of [...attached.entries()]) remove(input, overlay);
	};
}
