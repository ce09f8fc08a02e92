// SvelteKit app-wide types: the request-scoped language and the shape of errors shown by +error.
import type { Lang } from '$lib/i18n';

declare global {
	namespace App {
		interface Locals {
			lang: Lang;
			/** True when the language came from ?lang or the cookie (not the default). */
			langChosen: boolean;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
