// Puts a camera, signature pad or recorder on every photo / signature / audio field of a rendered
// formio form, the way the pickers sit on places (web/lib/pickers/attach.ts, whose input helpers this
// shares): the Form.io textfield stays underneath, hidden, and holds the file's id, typed into it like
// a keyboard would, so formio's data and `required` are unchanged. formio re-renders repeat rows, so
// a MutationObserver re-scans.
import { mount, unmount } from 'svelte';
import type { Lang } from '$lib/i18n';
import { inputOf, setHidden, typeInto, type PickerForm } from '$lib/pickers/attach';
import MediaField from './media-field.svelte';
import { isMediaWidget } from '$engine/model/media-fields';
import { questionPath } from './media-store';
import './media.css';

export interface MediaContext {
	lang: Lang;
	definitionKey: string;
	definitionVersion: number;
}

interface Attached {
	target: HTMLElement;
	app: Record<string, unknown>;
}

export function attachMedia(form: PickerForm, host: HTMLElement, ctx: MediaContext): () => void {
	const attached = new Map<HTMLInputElement, Attached>();
	let scheduled = false;
	let stopped = false;

	function scan(): void {
		scheduled = false;
		if (stopped) return;
		const seen = new Set<HTMLInputElement>();
		form.everyComponent((instance) => {
			const kind = instance.component?.properties?.widget;
			if (!kind || !isMediaWidget(kind)) return;
			const input = inputOf(instance);
			if (!input || !input.isConnected) return;
			seen.add(input);
			if (attached.has(input)) return;
			const target = document.createElement('div');
			target.className = 'sa-media-host';
			input.before(target);
			setHidden(input, true);
			const maxPixels = Number(instance.component?.properties?.maxPixels) || undefined;
			const app = mount(MediaField, {
				target,
				props: {
					lang: ctx.lang,
					kind,
					initial: typeof instance.dataValue === 'string' ? instance.dataValue : input.value,
					owner: { definitionKey: ctx.definitionKey, definitionVersion: ctx.definitionVersion, field: questionPath(instance.path ?? instance.key ?? ''), kind },
					...(maxPixels ? { maxPixels } : {}),
					write: (id: string) => typeInto(input, id),
				},
			});
			attached.set(input, { target, app });
		});
		for (const [input, entry] of [...attached.entries()]) {
			if (seen.has(input) && input.isConnected) continue;
			void unmount(entry.app);
			entry.target.remove();
			attached.delete(input);
		}
	}

	function schedule(): void {
		if (scheduled || stopped) return;
		scheduled = true;
		queueMicrotask(scan);
	}

	const observer = new MutationObserver((records) => {
		if (records.some((r) => !(r.target instanceof Element && r.target.closest('.sa-media-host')))) schedule();
	});
	observer.observe(host, { childList: true, subtree: true });
	scan();
	return () => {
		stopped = true;
		observer.disconnect();
		for (const entry of attached.values()) {
			void unmount(entry.app);
			entry.target.remove();
		}
		attached.clear();
	};
}
