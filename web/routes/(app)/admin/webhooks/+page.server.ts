import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { listTokenForms } from '$lib/admin/api-tokens';
import { listDeliveries, listWebhooks, type DeliveryPage } from '$lib/admin/webhooks';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The webhooks the caller manages, the forms they may be limited to, and (?log=<id>) one delivery log page. */
export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { rights } = await parent();
	if (!rights.webhooks) error(403, { message: dictionary(locals.lang).error.forbidden, code: 'FORBIDDEN' });
	const log = url.searchParams.get('log') ?? '';
	const after = url.searchParams.get('after') ?? '';
	try {
		const [{ webhooks, events }, forms] = await Promise.all([listWebhooks(fetch), listTokenForms(locals.lang, fetch)]);
		const open = UUID.test(log) && webhooks.some((w) => w.id === log) ? log : null;
		const deliveries: DeliveryPage | null = open ? await listDeliveries(open, /^\d{1,19}$/.test(after) ? after : null, fetch) : null;
		return { webhooks, events, forms, open, after: deliveries && after ? after : null, deliveries };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
