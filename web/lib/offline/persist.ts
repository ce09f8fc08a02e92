// Asks the browser once to keep this site's storage (navigator.storage.persist()): without it a
// phone short of space may evict IndexedDB, records included. The answer is remembered; the field
// home shows a warning when it was refused or the browser cannot be asked.
import { getMeta, setMeta } from './db';
import type { MetaValues } from './types';

export type Persistence = MetaValues['persist'];

export async function askPersistence(): Promise<Persistence> {
	const known = await getMeta('persist');
	if (known === 'granted') return known;
	const storage = navigator.storage;
	let answer: Persistence;
	if (!storage?.persist) answer = 'unsupported';
	else if (await storage.persisted().catch(() => false)) answer = 'granted';
	else if (known) return known; // asked once already: do not ask again on every page
	else answer = (await storage.persist().catch(() => false)) ? 'granted' : 'refused';
	await setMeta('persist', answer);
	return answer;
}
