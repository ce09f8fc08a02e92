// Puts a "Listen" button above the label of every question with recordings (`properties.audio`)
// of a rendered formio form, and the choice of the recordings' language at the top of the form when
// any question has one. formio re-renders repeat rows, so buttons are kept per live component
// element (web/lib/pickers/overlays.ts).
import { mount, unmount } from 'svelte';
import type { Lang } from '$lib/i18n';
import type { PickerForm } from '$lib/pickers/attach';
import { keepOverlays } from '$lib/pickers/overlays';
import PromptButton from './prompt-button.svelte';
import PromptLanguage from './prompt-language.svelte';
import { clipsOf, languagesOf, optionClipsOf, player } from './prompts.svelte';
import './prompts.css';

type FormioValue = { label: string; value: string | number };
type WithElement = { element?: HTMLElement; dataValue?: unknown; component?: { label?: string; properties?: Record<string, string>; values?: FormioValue[]; data?: { values?: FormioValue[] } } };

export function attachPrompts(form: PickerForm, host: HTMLElement, lang: Lang): () => void {
	const available = new Set<string>();
	form.everyComponent((instance) => {
		for (const code of languagesOf(instance.component?.properties)) available.add(code);
	});
	if (available.size === 0) return () => undefined;
	player.choose([...available], lang);
	const bar = document.createElement('div');
	bar.className = 'sa-prompt-bar';
	host.before(bar);
	const languageApp = mount(PromptLanguage, { target: bar, props: { available: [...available], lang } });
	const stop = keepOverlays(host, 'sa-prompt-host', (visit) =>
		form.everyComponent((instance) => {
			const { element, component } = instance as WithElement;
			const clips = clipsOf(component?.properties);
			const optionClips = optionClipsOf(component?.properties);
			if (!element || (Object.keys(clips).length === 0 && Object.keys(optionClips).length === 0)) return;
			visit(element, () => {
				const target = document.createElement('div');
				target.className = 'sa-prompt-host';
				element.prepend(target);
				const options = component?.values ?? component?.data?.values ?? [];
				const app = mount(PromptButton, {
					target,
					props: {
						clips,
						optionClips,
						label: component?.label ?? '',
						lang,
						answer: () => (instance as WithElement).dataValue,
						optionLabel: (value: string) => options.find((o) => String(o.value) === value)?.label ?? value,
						watch: (changed: () => void) => {
							let live = true;
							form.on('change', () => live && changed());
							return () => (live = false);
						},
					},
				});
				return { target, app };
			});
		}),
	);
	return () => {
		stop();
		player.stop();
		void unmount(languageApp);
		bar.remove();
	};
}
