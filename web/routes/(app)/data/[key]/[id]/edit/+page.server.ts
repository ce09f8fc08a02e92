// /data/<key>/<id>/edit: the record's own form version, prefilled; the version number it was opened at
// goes with the correction (a second writer gets CONFLICT, never a silent overwrite).
import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fetchSchema } from '$lib/builder/queries';
import { fetchSubmission } from '$lib/data/queries';
import { dictionary } from '$lib/i18n';
import { fetchReviewRecord } from '$lib/review/queries';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, locals, params, url }) => {
	const notFound = () => error(404, { message: dictionary(locals.lang).error.notFound });
	if (!/^[0-9a-f-]{36}$/i.test(params.id)) notFound();
	try {
		const [submission, review] = await Promise.all([fetchSubmission(fetch, params.id), fetchReviewRecord(fetch, params.id)]);
		if (!submission || !review.facts || submission.definitionKey !== params.key) notFound();
		const definition = await fetchSchema(fetch, params.key, submission!.definitionVersion);
		if (!definition) notFound();
		return { key: params.key, submission: submission!, facts: review.facts!, schema: definition!.schema };
	} catch (cause) {
		if (isHttpError(cause) || isRedirect(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
