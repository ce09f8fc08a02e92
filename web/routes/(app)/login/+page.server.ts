import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { safeNext } from '$lib/navigation';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { me } = await parent();
	const next = safeNext(url.searchParams.get('next'));
	if (me) redirect(303, next);
	return { next };
};
