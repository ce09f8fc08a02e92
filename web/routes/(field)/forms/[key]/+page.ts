// Fill page load, in the browser (no server load: the page opens offline). Which record: `?record=`
// (continue that one), `?new` (a new one), else the form's most recent draft, else a new one. The
// definition is the record's own version (a record stays on the version it was started on), or
// `?version=N`, or the published one; from the network when it answers, else from the phone.
import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { isApiError } from '$lib/api';
import { dictionary } from '$lib/i18n';
import { blankRecord, getRecord, listRecords } from '$lib/offline/records';
import { loadDefinition, storedDefinition } from '$lib/offline/store';
import { RECORD_CHOICE } from '$lib/field/record-choice';
import { loadRenderer } from '$lib/formio-loader';
import { browserLang } from '$lib/field/session';

export const load: PageLoad = async ({ fetch, params, url, parent, depends }) => {
	// The renderer downloads while the session, records and definition load (not after them).
	void loadRenderer().catch(() => undefined);
	depends(RECORD_CHOICE);
	// Everything below starts before the session answers (no waiting in series: on a slow link each
	// round trip is seconds). The language of the fetches is the browser's, as the session's is.
	const session = parent();
	void session.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
	const fetchLang = browserLang();
	const rawVersion = url.searchParams.get('version');
	const asked = rawVersion && /^[1-9]\d{0,8}$/.test(rawVersion) ? Number(rawVersion) : null;
	const recordId = url.searchParams.get('record');
	const records = await listRecords(params.key);
	let record = recordId ? records.find((r) => r.id === recordId) ?? (await getRecord(recordId)) : undefined;
	if (!record && !recordId && !url.searchParams.has('new') && asked === null) record = records.find((r) => r.state === 'draft');
	if (record && record.definitionKey !== params.key) record = undefined;

	const pinned = record?.definitionVersion ?? asked;
	const definitionLoad = loadDefinition(fetch, params.key, pinned, fetchLang);
	// The newest version this phone knows of (asked from the server when online, through loadDefinition).
	const latestLoad = pinned !== null ? loadDefinition(fetch, params.key, null, fetchLang).catch(() => null) : null;
	const { lang, online, me } = await session;
	const t = dictionary(lang).error;

	let loaded;
	try {
		loaded = await definitionLoad;
	} catch (cause) {
		const code = isApiError(cause) ? cause.code : 'INTERNAL';
		if (code === 'FORBIDDEN') error(403, { message: t.forbidden, code });
		if (code === 'NOT_FOUND') error(404, { message: t.notFound, code });
		error(500, { message: t.generic, code });
	}
	if (!loaded) error(online ? 404 : 503, { message: online ? t.notFound : dictionary(lang).fill.notOffline, code: online ? 'NOT_FOUND' : 'NOT_OFFLINE' });
	const { definition, storedAt } = loaded;
	if (definition.kind !== 'form') error(404, { message: t.notFound });

	let latestVersion = definition.version;
	if (latestLoad) {
		const latest = await latestLoad;
		latestVersion = Math.max(latestVersion, latest?.definition.version ?? (await storedDefinition(params.key, null))?.version ?? 0);
	}
	return {
		definition,
		storedAt,
		latestVersion,
		// A new record is training when the user's switch is on (the last known answer when offline).
		record: record ?? blankRecord(definition.key, definition.version, me?.trainingMode ?? false),
		records,
	};
};
