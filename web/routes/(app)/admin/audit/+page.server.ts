import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { auditLog, showError, type AuditFilter } from '$lib/admin/api';
import { isApiError } from '$lib/api';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';

const PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { rights } = await parent();
	if (!rights.audit) error(403, { message: dictionary(locals.lang).error.forbidden, code: 'FORBIDDEN' });
	const q = url.searchParams;
	const text = (name: string) => (q.get(name) ?? '').trim().slice(0, 200);
	const filter: AuditFilter = {};
	for (const key of ['actor', 'action', 'entity', 'entityId', 'from', 'to'] as const) {
		const value = text(key);
		if (value) filter[key] = value;
	}
	const invalid: string[] = (['from', 'to'] as const).filter((k) => filter[k] && !DATE.test(filter[k]!));
	for (const k of invalid) delete filter[k as 'from' | 'to'];
	const after = /^\d{1,19}$/.test(text('after')) ? text('after') : null;
	try {
		const page = await auditLog(PAGE_SIZE, after, filter, fetch);
		return { page, filter, after, invalid, problem: null as string | null };
	} catch (cause) {
		if (isApiError(cause) && cause.code === 'BAD_INPUT') {
			const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
			return { page: empty, filter, after, invalid, problem: showError(cause, locals.lang).message };
		}
		failLoad(cause, url, locals.lang);
	}
};
