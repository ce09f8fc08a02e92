// Why: puts a "Record location" button on every GPS question of a rendered formio form, the way
// attach-media.ts does for photos. The Form.io container and its number parts (latitude, longitude,
// accuracy, altitude, time) stay underneath, hidden, and the button types each part into its input
// like a keyboard would, so formio's data and its own range checks are those of the engine
// (form-engine/model/gps.ts). formio re-renders repeat rows: overlays are kept per live input
// (web/lib/pickers/overlays.ts).
import { mount } from 'svelte';
import type { GpsAnswer, GpsPart } from '$engine/model/gps';
import { GPS_PARTS } from '$engine/model/gps';
import type { Lang } from '$lib/i18n';
import { inputOf, typeInto, type ComponentInstance, type PickerForm } from '$lib/pickers/attach';
import { keepOverlays } from '$lib/pickers/overlays';
import GpsField from './gps-field.svelte';
import './gps.css';

interface GpsInstance extends ComponentInstance {
	components?: Array<ComponentInstance & { element?: HTMLElement }>;
}

const HIDDEN = 'sa-gps-part--hidden';

/** The stored point in a container's value, when it is one. */
function pointOf(value: unknown): GpsAnswer | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	if (typeof v.latitude !== 'number' || typeof v.longitude !== 'number' || typeof v.accuracy !== 'number') return null;
	return v as unknown as GpsAnswer;
}

export function attachGps(form: PickerForm, host: HTMLElement, lang: Lang): () => void {
	return keepOverlays(host, 'sa-gps-host', (visit) =>
		form.everyComponent((component) => {
			const instance = component as GpsInstance;
			if (instance.component?.properties?.widget !== 'gps') return;
			const parts = new Map<GpsPart, HTMLInputElement>();
			for (const child of instance.components ?? []) {
				const input = inputOf(child);
				const key = child.component?.key as GpsPart | undefined;
				if (input && key) parts.set(key, input);
				child.element?.classList.add(HIDDEN);
			}
			const first = parts.get('latitude');
			const wrapper = instance.components?.[0]?.element;
			if (!first || !wrapper) return;
			visit(first, () => {
				const target = document.createElement('div');
				target.className = 'sa-gps-host';
				wrapper.before(target);
				const maxAccuracy = Number(instance.component?.properties?.maxAccuracy) || undefined;
				const app = mount(GpsField, {
					target,
					props: {
						lang,
						initial: pointOf(instance.dataValue),
						...(maxAccuracy ? { maxAccuracy } : {}),
						write: (point: GpsAnswer | null) => {
							for (const { part } of GPS_PARTS) {
								const input = parts.get(part);
								const value = point?.[part];
								if (input) typeInto(input, value === undefined ? '' : String(value));
							}
						},
					},
				});
				return { target, app };
			});
		}),
	);
}
