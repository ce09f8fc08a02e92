// Why: audio prompts on the phone (issue 15.5). The facilitator chooses the language of the
// recordings apart from the language of the text, as the ISAF scorecard app does; the choice is kept
// on the phone. One player for the page: starting a clip stops the one playing. Clips are fetched
// from /audio-prompts/<sha256> (the service worker keeps them, so they play offline once fetched).
import type { Lang } from '$lib/i18n';
import { promptsEn, type PromptsDictionary } from '$lib/i18n/prompts-en';
import { promptsKm } from '$lib/i18n/prompts-km';

const KEY = 'sa.audio-language';

export const promptTexts = (lang: Lang): PromptsDictionary => (lang === 'en' ? promptsEn : promptsKm);

export const promptPath = (sha256: string): string => `/audio-prompts/${sha256}`;

function objectIn(text: string | undefined): Record<string, unknown> {
	try {
		const parsed = JSON.parse(text ?? '{}') as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** The label's clips of a component (`properties.audio`, JSON of language → sha256). */
export function clipsOf(properties: Record<string, string> | undefined): Record<string, string> {
	return objectIn(properties?.audio) as Record<string, string>;
}

/** The options' clips of a component (`properties.enumAudio`, JSON of value → language → sha256). */
export function optionClipsOf(properties: Record<string, string> | undefined): Record<string, Record<string, string>> {
	return objectIn(properties?.enumAudio) as Record<string, Record<string, string>>;
}

/** Every language some clip of the component is in. */
export function languagesOf(properties: Record<string, string> | undefined): string[] {
	return [...new Set([...Object.keys(clipsOf(properties)), ...Object.values(optionClipsOf(properties)).flatMap((c) => Object.keys(c))])];
}

class PromptPlayer {
	/** The language whose clips the buttons play ('' before one is known). */
	language = $state('');
	/** The clip playing now, if any. */
	playing = $state<string | null>(null);
	failed = $state<string | null>(null);
	private audio: HTMLAudioElement | null = null;

	/** The kept choice when the form has clips in it, else the UI language's, else the first. */
	choose(available: readonly string[], lang: Lang): void {
		let kept: string | null = null;
		try {
			kept = localStorage.getItem(KEY);
		} catch {
			kept = null;
		}
		this.language = kept && available.includes(kept) ? kept : available.includes(lang) ? lang : (available[0] ?? '');
	}

	setLanguage(code: string): void {
		this.language = code;
		try {
			localStorage.setItem(KEY, code);
		} catch {
			// private mode: the choice lasts for this page only
		}
	}

	toggle(sha256: string): void {
		if (this.playing === sha256) return this.stop();
		this.stop();
		this.failed = null;
		const audio = (this.audio ??= new Audio());
		audio.onended = () => (this.playing = null);
		audio.onerror = () => {
			this.failed = sha256;
			this.playing = null;
		};
		audio.src = promptPath(sha256);
		this.playing = sha256;
		audio.play().catch(() => {
			this.failed = sha256;
			this.playing = null;
		});
	}

	stop(): void {
		this.audio?.pause();
		this.playing = null;
	}
}

export const player = new PromptPlayer();
