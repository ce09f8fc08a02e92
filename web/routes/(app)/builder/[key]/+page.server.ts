import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fetchSchema, fetchVersions } from '$lib/builder/queries';
import { dictionary } from '$lib/i18n';
import { isEditor } from '$lib/navigation';
import { failLoad } from '$lib/server/load-errors';

const flashVersion = (raw: string | null) => (raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null);

export const load: PageServerLoad = async ({ fetch, locals, params, url, parent }) => {
	const { me } = await parent();
	const t = dictionary(locals.lang);
	if (!isEditor(me)) error(403, { message: t.error.forbidden });
	try {
		const info = await fetchVersions(fetch, params.key, locals.lang);
		const latest = info?.versions.reduce((a, b) => (b.version > a.version ? b : a));
		const current = latest ? await fetchSchema(fetch, params.key, latest.version) : null;
		if (!info || !current) error(404, { message: t.error.notFound });
		return {
			key: info.key,
			title: info.title,
			versions: info.versions,
			current,
			published: flashVersion(url.searchParams.get('published')),
			restored: flashVersion(url.searchParams.get('restored')),
			retired: flashVersion(url.searchParams.get('retired')),
			loadedAt: Date.now(),
		};
	} catch (cause) {
		if (isHttpError(cause) || isRedirect(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
