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
import { clipsOf, player } from './prompts.svelte';
import './prompts.css';

type WithElement = { element?: HTMLElement; component?: { label?: string; properties?: Record<string, string> } };

export function attachPrompts(form: PickerForm, host: HTMLElement, lang: Lang): () => void {
	const available = new Set<string>();
	form.everyComponent((instance) => {
		for (const code of Object.keys(clipsOf(instance.component?.properties))) available.add(code);
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
			if (!element || Object.keys(clips).length === 0) return;
			visit(element, () => {
				const target = document.createElement('div');
				target.className = 'sa-prompt-host';
				element.prepend(target);
				const app = mount(PromptButton, { target, props: { clips, label: component?.label ?? '', lang } });
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
