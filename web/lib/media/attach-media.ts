// Puts a camera, signature pad or recorder on every photo / signature / audio field of a rendered
// formio form, the way the pickers sit on places (web/lib/pickers/attach.ts, whose input helpers this
// shares): the Form.io textfield stays underneath, hidden, and holds the file's id, typed into it like
// a keyboard would, so formio's data and `required` are unchanged. formio re-renders repeat rows, so
// overlays are kept per live input (web/lib/pickers/overlays.ts).
import { mount } from 'svelte';
import type { Lang } from '$lib/i18n';
import { inputOf, setHidden, typeInto, type PickerForm } from '$lib/pickers/attach';
import { keepOverlays } from '$lib/pickers/overlays';
import MediaField from './media-field.svelte';
import { isMediaWidget } from '$engine/model/media-fields';
import { questionPath } from './media-store';
import './media.css';

export interface MediaContext {
	lang: Lang;
	definitionKey: string;
	definitionVersion: number;
}

export function attachMedia(form: PickerForm, host: HTMLElement, ctx: MediaContext): () => void {
	return keepOverlays(host, 'sa-media-host', (visit) =>
		form.everyComponent((instance) => {
			const kind = instance.component?.properties?.widget;
			if (!kind || !isMediaWidget(kind)) return;
			const input = inputOf(instance);
			if (!input) return;
			visit(input, () => {
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
				return { target, app };
			});
		}),
	);
}
