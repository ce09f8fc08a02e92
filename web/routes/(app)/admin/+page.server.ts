import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { adminHome } from '$lib/navigation';

export const load: PageServerLoad = async ({ parent }) => {
	const { me } = await parent();
	redirect(303, adminHome(me?.grants) ?? '/');
};
