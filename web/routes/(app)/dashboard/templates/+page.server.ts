// The report templates (definitions of kind `report`), for those who may edit definitions.
import { error, isHttpError } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { gql } from '$lib/api';
import { ReportTemplatesDocument } from '$lib/api/generated/graphql';
import { can } from '$lib/admin/permissions';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';
import type { ReportTemplate } from '$lib/reports/template-draft.svelte';

export const load: PageServerLoad = async ({ fetch, locals, parent, url }) => {
	const { me } = await parent();
	if (!me || !can(me.grants, 'definition.edit')) error(403, { message: dictionary(locals.lang).error.forbidden });
	try {
		const templates = (await gql(ReportTemplatesDocument, {}, fetch)).definitions.map((d) => ({ ...d, schema: d.schema as ReportTemplate }));
		return { templates };
	} catch (cause) {
		if (isHttpError(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
