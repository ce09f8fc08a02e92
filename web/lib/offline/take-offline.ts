// "Take offline": downloads what the facilitator chose on /field (forms and places) so the fill
// page and its pickers work with no connection: the published definition of each chosen form (and
// the versions the phone's records use), the geography lists down to the villages of the chosen
// communes (or of every commune of a chosen district), and the providers of the kinds the chosen
// forms ask for, and the recordings of their questions (audio prompts). Run again from /field
// ("Update") and on app start when online.
import { fetchDefinition, fetchGeoUnits, fetchServiceProviders, type DefinitionFull } from '$lib/queries';
import type { Lang } from '$lib/i18n';
import { audioPromptsOf } from '$engine/model/audio-prompts';
import { promptPath } from '$lib/prompts/prompts.svelte';
import { getMeta, setMeta } from './db';
import { listRecords } from './records';
import { putDefinition, putGeo, putProviders, storedDefinition } from './store';
import type { OfflineChoice } from './types';

export const EMPTY_CHOICE: OfflineChoice = { forms: [], places: [], updatedAt: null };
const PARALLEL = 4;

export async function offlineChoice(): Promise<OfflineChoice> {
	return (await getMeta('offline')) ?? EMPTY_CHOICE;
}

/** Every `x-provider-kind` a definition's fields ask for ('' when a provider field names none). */
export function providerKinds(schema: unknown): Set<string> {
	const kinds = new Set<string>();
	const visit = (node: unknown) => {
		if (!node || typeof node !== 'object') return;
		if (Array.isArray(node)) return node.forEach(visit);
		const record = node as Record<string, unknown>;
		if (record['x-widget'] === 'provider') kinds.add(typeof record['x-provider-kind'] === 'string' ? record['x-provider-kind'] : '');
		for (const value of Object.values(record)) visit(value);
	};
	visit(schema);
	return kinds;
}

/** Geography parents to download for the chosen places: '' (provinces) and each level down. */
export function geoParents(places: string[]): { fixed: string[]; districts: string[] } {
	const fixed = new Set<string>(['']);
	const districts = new Set<string>();
	for (const code of places) {
		fixed.add(code.slice(0, 2));
		if (code.length === 4) districts.add(code);
		else if (code.length >= 6) {
			fixed.add(code.slice(0, 4));
			fixed.add(code.slice(0, 6));
		}
	}
	return { fixed: [...fixed], districts: [...districts] };
}

async function inParallel<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
	const queue = [...items];
	await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
		for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
	}));
}

export interface DownloadResult {
	definitions: DefinitionFull[];
	failed: string[];
}

/** Downloads everything for `choice` and saves the choice with its time. Needs the network. */
export async function downloadChoice(choice: Pick<OfflineChoice, 'forms' | 'places'>, lang: Lang): Promise<DownloadResult> {
	const failed: string[] = [];
	const definitions: DefinitionFull[] = [];
	const attempt = async (what: string, run: () => Promise<void>) => {
		try {
			await run();
		} catch (cause) {
			console.warn('offline download failed', what, cause);
			failed.push(what);
		}
	};

	// Forms: the published version, and every version a record on the phone still uses.
	const records = await listRecords();
	await inParallel(choice.forms, (key) =>
		attempt(key, async () => {
			const definition = await fetchDefinition(fetch, key, null, lang);
			if (!definition) throw new Error(`${key} not found`);
			await putDefinition(definition);
			definitions.push(definition);
		}),
	);
	// Recorded questions: fetched once so the service worker keeps them (they play offline).
	const clips = new Set(definitions.flatMap((d) => audioPromptsOf(d.schema).map((p) => p.sha256)));
	await inParallel([...clips], (sha256) =>
		attempt(`audio ${sha256.slice(0, 8)}`, async () => {
			const response = await fetch(promptPath(sha256));
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			await response.arrayBuffer();
		}),
	);
	const pinned = new Set(records.filter((r) => r.state !== 'sent').map((r) => `${r.definitionKey}@${r.definitionVersion}`));
	await inParallel([...pinned], (id) =>
		attempt(id, async () => {
			const [key, version] = [id.slice(0, id.lastIndexOf('@')), Number(id.slice(id.lastIndexOf('@') + 1))];
			if (await storedDefinition(key, version)) return;
			const definition = await fetchDefinition(fetch, key, version, lang);
			if (definition) await putDefinition(definition);
		}),
	);

	// Places: the path down to each chosen commune, its villages; a district: all its communes.
	const { fixed, districts } = geoParents(choice.places.map((p) => p.code));
	const communes: string[] = [];
	await inParallel([...fixed, ...districts.filter((d) => !fixed.includes(d))], (parent) =>
		attempt(`geo ${parent || 'provinces'}`, async () => {
			const units = await fetchGeoUnits(parent || null);
			await putGeo(parent, units);
			if (districts.includes(parent)) communes.push(...units.map((u) => u.code));
		}),
	);
	await inParallel(communes.filter((c) => !fixed.includes(c)), (commune) =>
		attempt(`geo ${commune}`, async () => putGeo(commune, await fetchGeoUnits(commune))),
	);

	// Providers of the kinds the chosen forms need (the server keeps those in the user's area).
	const kinds = new Set<string>();
	for (const definition of definitions) for (const kind of providerKinds(definition.schema)) kinds.add(kind);
	await inParallel([...kinds], (kind) => attempt(`providers ${kind || 'all'}`, async () => putProviders(kind, await fetchServiceProviders(kind || null))));

	const previous = await offlineChoice();
	// Plain copies: the page's choice may be reactive proxies, which IndexedDB cannot clone.
	const forms = [...choice.forms];
	const places = choice.places.map(({ code, nameKm, nameEn }) => ({ code, nameKm, nameEn }));
	await setMeta('offline', { forms, places, updatedAt: failed.length && previous.updatedAt ? previous.updatedAt : new Date().toISOString() });
	return { definitions, failed };
}

let refreshed = false;

/** On app start, online: downloads the saved choice again (once per page load). */
export async function refreshOffline(lang: Lang): Promise<void> {
	if (refreshed || !navigator.onLine) return;
	refreshed = true;
	const choice = await offlineChoice();
	if (choice.forms.length || choice.places.length) await downloadChoice(choice, lang);
}
