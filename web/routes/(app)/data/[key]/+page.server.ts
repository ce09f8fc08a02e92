import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { columnsFor } from '$lib/data/columns';
import { parseFilter } from '$lib/data/filters';
import { fetchDataPage, fetchFormVersions } from '$lib/data/queries';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ fetch, locals, params, url }) => {
	const after = url.searchParams.get('after');
	const parsed = parseFilter(url.searchParams);
	try {
		const [form, submissions] = await Promise.all([
			fetchFormVersions(fetch, params.key, locals.lang),
			fetchDataPage(fetch, params.key, PAGE_SIZE, after, parsed.filter),
		]);
		if (!form) error(404, { message: dictionary(locals.lang).error.notFound });
		const versions = form.versions.filter((v) => v.status !== 'DRAFT');
		const newest = versions[versions.length - 1] ?? form.versions[form.versions.length - 1];
		return {
			key: form.key,
			title: newest?.schema['x-title'] ?? { km: form.title, en: form.title },
			versions: versions.map((v) => ({ version: v.version, schema: v.schema })),
			columns: columnsFor(versions),
			submissions,
			filter: parsed.filter,
			values: parsed.values,
			invalidFilter: parsed.invalid,
			isFirstPage: !after,
		};
	} catch (cause) {
		if (isHttpError(cause) || isRedirect(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
