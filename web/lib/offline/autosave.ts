// Autosave of the record open on the fill page: a change schedules a save AUTOSAVE_MS after the
// last keystroke (flush() saves at once, e.g. when the page is hidden). From the first unsaved
// change until that input is in IndexedDB the page holds app updates (web/lib/pwa/update-hold.ts),
// so a new app version never takes over with typed input only in memory. Saves run one after the
// other; a record with no answer yet is not stored (no empty drafts in the lists).
import { holdUpdates } from '$lib/pwa/update-hold';
import { hasAnswers, saveAnswers } from './records';
import type { LocalRecord } from './types';

export const AUTOSAVE_MS = 400;

export class Autosave {
	private timer: ReturnType<typeof setTimeout> | undefined;
	private release: (() => void) | null = null;
	private chain: Promise<void> = Promise.resolve();

	constructor(
		private readonly record: LocalRecord,
		/** True when the record is already in IndexedDB. */
		public stored: boolean,
		private readonly read: () => Record<string, unknown> | null,
		private readonly onSaved: (first: boolean) => void,
	) {}

	changed(): void {
		this.release ??= holdUpdates();
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
	}

	get pending(): boolean {
		return this.timer !== undefined;
	}

	/** Saves the current answers now; resolves when they (and every earlier save) are stored. */
	flush(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		const data = this.read();
		if (data) {
			this.chain = this.chain.then(async () => {
				if (!this.stored && !hasAnswers(data)) return;
				try {
					if (!(await saveAnswers(this.record, data))) return;
					const first = !this.stored;
					this.stored = true;
					this.onSaved(first);
				} catch (cause) {
					console.error('draft not saved', cause);
				}
			});
		}
		const saved = this.chain;
		void saved.then(() => {
			if (!this.timer) this.letGo();
		});
		return saved;
	}

	/** Drops a scheduled save (the record is being discarded or finished) once earlier saves are done. */
	async cancel(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		await this.chain;
		this.letGo();
	}

	private letGo(): void {
		this.release?.();
		this.release = null;
	}
}
