import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { dictionary } from '$lib/i18n';
import { isEditor } from '$lib/navigation';
import { failLoad } from '$lib/server/load-errors';
import { fetchIndicatorDraft, fetchPublishedForms, fetchRefreshStatus } from '$lib/indicators/queries';

export const load: PageServerLoad = async ({ fetch, locals, params, url, parent }) => {
	const { me } = await parent();
	const t = dictionary(locals.lang);
	if (!isEditor(me)) error(403, { message: t.error.forbidden });
	try {
		const [current, forms, published] = await Promise.all([
			fetchIndicatorDraft(fetch, params.key, locals.lang),
			fetchPublishedForms(fetch, locals.lang),
			fetchRefreshStatus(fetch, params.key, locals.lang),
		]);
		if (!current || current.kind !== 'indicator') error(404, { message: t.error.notFound });
		return { key: params.key, current, forms, published };
	} catch (cause) {
		if (isHttpError(cause) || isRedirect(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
