// The words for a refused review action or correction, by the server's problem code (Khmer or English).
import { ApiError } from '$lib/api';
import { dictionary, format, type Lang } from '$lib/i18n';

export function problemText(cause: unknown, lang: Lang): string {
	const words = dictionary(lang).review.errors;
	const message = cause instanceof ApiError ? cause.messageIn(lang) : cause instanceof Error ? cause.message : String(cause);
	const code = cause instanceof ApiError ? cause.code : '';
	const known = words[code];
	return known ? format(known, { message }) : format(words.other!, { message });
}

export function problemCode(cause: unknown): string {
	return cause instanceof ApiError ? String(cause.code) : 'INTERNAL';
}
