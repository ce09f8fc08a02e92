// Turns API failures in server loads into the right SvelteKit outcome: a login redirect when the
// session has expired, otherwise an HTTP error page with a localized message.
import { error, redirect } from '@sveltejs/kit';
import { isApiError } from '$lib/api';
import { dictionary, type Lang } from '$lib/i18n';
import { loginPath } from '$lib/navigation';

export function failLoad(cause: unknown, url: URL, lang: Lang): never {
	const t = dictionary(lang).error;
	if (isApiError(cause)) {
		switch (cause.code) {
			case 'UNAUTHENTICATED':
				redirect(303, loginPath(url.pathname + url.search));
			case 'FORBIDDEN':
				error(403, { message: t.forbidden, code: cause.code });
			case 'NOT_FOUND':
				error(404, { message: t.notFound, code: cause.code });
			case 'NETWORK':
				error(503, { message: t.generic, code: cause.code });
		}
	}
	console.error('load failed', cause);
	error(500, { message: t.generic, code: isApiError(cause) ? cause.code : 'INTERNAL' });
}
