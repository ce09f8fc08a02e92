// Field home data, in the browser: what is on this phone (records, stored forms, the offline
// choice) and, when online, the published forms the user may fill (to choose from).
import type { PageLoad } from './$types';
import { can } from '$lib/admin/permissions';
import { fetchDefinitions, type DefinitionSummary } from '$lib/queries';
import { getMeta } from '$lib/offline/db';
import { listRecords } from '$lib/offline/records';
import { storedDefinitions } from '$lib/offline/store';
import { offlineChoice } from '$lib/offline/take-offline';

export const load: PageLoad = async ({ fetch, parent, depends }) => {
	depends('field:home');
	const { lang, online, me } = await parent();
	let published: DefinitionSummary[] | null = null;
	if (online) {
		try {
			published = (await fetchDefinitions(fetch, lang)).filter((d) => d.kind === 'form');
		} catch {
			published = null;
		}
	}
	const [records, stored, choice, persist] = await Promise.all([listRecords(), storedDefinitions(), offlineChoice(), getMeta('persist')]);
	return {
		published,
		mayFill: can(me?.grants ?? [], 'submission.create'),
		records,
		stored,
		choice,
		persist: persist ?? null,
	};
};
