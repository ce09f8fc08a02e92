// One report template to edit: its newest version (draft or published), or, for a new key, a copy of
// the newest version of ?from= (the national template).
import { error, isHttpError } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { gql } from '$lib/api';
import { ReportTemplateVersionsDocument } from '$lib/api/generated/graphql';
import { can } from '$lib/admin/permissions';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';
import type { ReportTemplate } from '$lib/reports/template-draft.svelte';

export const load: PageServerLoad = async ({ fetch, locals, params, parent, url }) => {
	const { me } = await parent();
	if (!me || !can(me.grants, 'definition.edit')) error(403, { message: dictionary(locals.lang).error.forbidden });
	const notFound = () => error(404, { message: dictionary(locals.lang).error.notFound });
	try {
		const own = (await gql(ReportTemplateVersionsDocument, { key: params.key }, fetch)).definition?.versions.at(-1);
		if (own) return { key: params.key, doc: own.schema as ReportTemplate, version: own.version, status: own.status };
		const from = url.searchParams.get('from');
		const source = from ? (await gql(ReportTemplateVersionsDocument, { key: from }, fetch)).definition?.versions.at(-1) : undefined;
		if (!source) notFound();
		return { key: params.key, doc: source!.schema as ReportTemplate, version: null, status: null };
	} catch (cause) {
		if (isHttpError(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
