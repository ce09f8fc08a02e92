// Puts a picker on every `geography` / `provider` field of a rendered formio form. The Form.io
// textfield stays underneath (hidden while the picker is in charge): the picker types the code or
// id into it and fires `input`, exactly as a keyboard would, so formio's value, validation (the
// engine's pattern) and the submission are unchanged. formio re-renders parts of a form (repeat
// rows, redraws), so a MutationObserver re-scans and attaches pickers to new inputs and removes
// those whose input is gone.
import { mount, unmount } from 'svelte';
import type { Lang } from '$lib/i18n';
import GeoPicker from './geo-picker.svelte';
import ProviderPicker from './provider-picker.svelte';
import { isGeoLevel, type PickerSource } from './source';
import './pickers.css';

export interface PickerContext {
	lang: Lang;
	/** The most precise place (district or commune, 4 or 6 digits) answered at the root of the form. */
	area: string;
}

export interface ComponentInstance {
	key?: string;
	path?: string;
	dataValue?: unknown;
	component?: { key?: string; properties?: Record<string, string> };
	refs?: { input?: ArrayLike<HTMLInputElement> | HTMLInputElement };
}

export interface PickerForm {
	data: Record<string, unknown>;
	everyComponent(fn: (component: ComponentInstance) => unknown): void;
	on(event: string, listener: (...args: unknown[]) => void): void;
}

interface Attached {
	target: HTMLElement;
	/** The mounted picker's exports (both pickers export `focus`); a plain record so `unmount` accepts it. */
	app: Record<string, unknown>;
	input: HTMLInputElement;
	onFocus: () => void;
}

const HIDDEN = 'sa-picker-input--hidden';

export function inputOf(instance: ComponentInstance): HTMLInputElement | undefined {
	const refs = instance.refs?.input;
	// formio keeps the inputs as a NodeList (or an array, or one element).
	const input = refs && typeof refs === 'object' && 'length' in refs ? refs[0] : refs;
	return input instanceof HTMLInputElement ? input : undefined;
}

/** Types `value` into a formio input the way a user would, so formio updates its data and validates. */
export function typeInto(input: HTMLInputElement, value: string): void {
	if (input.value === value) return;
	input.value = value;
	input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function setHidden(input: HTMLInputElement, hidden: boolean): void {
	input.classList.toggle(HIDDEN, hidden);
	if (hidden) {
		input.setAttribute('tabindex', '-1');
		input.setAttribute('aria-hidden', 'true');
	} else {
		input.removeAttribute('tabindex');
		input.removeAttribute('aria-hidden');
	}
}

function areaOf(form: PickerForm): string {
	let area = '';
	form.everyComponent((c) => {
		const props = c.component?.properties;
		if (props?.widget !== 'geography' || /[.[]/.test(c.path ?? c.key ?? '')) return;
		const value = typeof c.dataValue === 'string' ? c.dataValue : '';
		if (/^(\d{4}|\d{6}|\d{8})$/.test(value) && Math.min(value.length, 6) > area.length) area = value.slice(0, 6);
	});
	return area;
}

export function attachPickers(form: PickerForm, host: HTMLElement, ctx: PickerContext, source: PickerSource): () => void {
	const attached = new Map<HTMLInputElement, Attached>();
	let scheduled = false;
	let stopped = false;

	function attach(instance: ComponentInstance, input: HTMLInputElement): void {
		const props = instance.component?.properties ?? {};
		const fieldKey = instance.component?.key ?? instance.key ?? '';
		const target = document.createElement('div');
		target.className = 'sa-picker-host';
		input.before(target);
		const initial = typeof instance.dataValue === 'string' ? instance.dataValue : input.value;
		setHidden(input, true);
		const common = {
			ctx,
			source,
			initial,
			fieldKey,
			write: (value: string) => typeInto(input, value),
			setFallback: (on: boolean) => setHidden(input, !on),
		};
		const app: Record<string, unknown> =
			props.widget === 'geography'
				? mount(GeoPicker, { target, props: { ...common, level: isGeoLevel(props.geoLevel) ? props.geoLevel : 'village' } })
				: mount(ProviderPicker, { target, props: { ...common, kind: props.providerKind ?? '' } });
		// formio focuses the input (error summary links, focusOnComponent): hand focus to the picker.
		const onFocus = () => {
			if (input.classList.contains(HIDDEN)) (app as { focus?: () => boolean }).focus?.();
		};
		input.addEventListener('focus', onFocus);
		attached.set(input, { target, app, input, onFocus });
	}

	function detach(entry: Attached): void {
		entry.input.removeEventListener('focus', entry.onFocus);
		void unmount(entry.app);
		entry.target.remove();
		attached.delete(entry.input);
	}

	function scan(): void {
		scheduled = false;
		if (stopped) return;
		const seen = new Set<HTMLInputElement>();
		form.everyComponent((instance) => {
			const widget = instance.component?.properties?.widget;
			if (widget !== 'geography' && widget !== 'provider') return;
			const input = inputOf(instance);
			if (!input || !input.isConnected) return;
			seen.add(input);
			if (!attached.has(input)) attach(instance, input);
		});
		for (const entry of [...attached.values()]) if (!seen.has(entry.input) || !entry.input.isConnected) detach(entry);
		ctx.area = areaOf(form);
	}

	function schedule(): void {
		if (scheduled || stopped) return;
		scheduled = true;
		queueMicrotask(scan);
	}

	const observer = new MutationObserver((records) => {
		// Our own pickers re-render inside their hosts; only formio's changes need a scan.
		if (records.some((r) => !(r.target instanceof Element && r.target.closest('.sa-picker-host')))) schedule();
	});
	observer.observe(host, { childList: true, subtree: true });
	form.on('change', () => {
		if (!stopped) ctx.area = areaOf(form);
	});
	scan();

	return () => {
		stopped = true;
		observer.disconnect();
		for (const entry of [...attached.values()]) detach(entry);
	};
}
