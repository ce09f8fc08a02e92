// The help editor for an existing page: its newest version (draft or published) as the starting text.
import { error, isHttpError, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { gql } from '$lib/api';
import { HelpSourceDocument, HelpVersionsDocument } from '$lib/api/generated/graphql';
import type { HelpPage } from '$engine/help/types';
import { isHelpEditor } from '$lib/help/permissions';
import { helpTexts } from '$lib/help/texts';
import { loginPath } from '$lib/navigation';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, params, url, locals, parent }) => {
	const { me } = await parent();
	if (!me) redirect(303, loginPath(url.pathname));
	if (!isHelpEditor(me)) error(403, { message: helpTexts(locals.lang).page.notFound });
	try {
		const versions = (await gql(HelpVersionsDocument, { key: params.page }, fetch)).definition?.versions ?? [];
		const latest = versions.at(-1);
		if (!latest) error(404, { message: helpTexts(locals.lang).page.notFound });
		const source = (await gql(HelpSourceDocument, { key: params.page, version: latest.version }, fetch)).definition;
		if (!source) error(404, { message: helpTexts(locals.lang).page.notFound });
		return { key: params.page, page: source.schema as HelpPage, version: source.version, status: source.status, versions };
	} catch (cause) {
		if (isHttpError(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
