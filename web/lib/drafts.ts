// Unsent answers are kept in localStorage per form@version, together with the submission id chosen
// when the draft started, so a reload or a lost connection loses nothing and a resend reuses the id.
// Storage can be unavailable (private mode, quota): then drafts silently live in memory only.
import { newId } from './ids';

export interface Draft {
	id: string;
	data: Record<string, unknown>;
	savedAt: string;
}

const PREFIX = 'sa-studio:draft:';

export function draftKey(key: string, version: number): string {
	return `${PREFIX}${key}@${version}`;
}

export function loadDraft(storageKey: string): Draft | null {
	try {
		const raw = localStorage.getItem(storageKey);
		if (!raw) return null;
		const parsed = JSON.parse(raw) as Partial<Draft>;
		if (typeof parsed.id !== 'string' || !parsed.data || typeof parsed.data !== 'object') return null;
		return { id: parsed.id, data: parsed.data, savedAt: parsed.savedAt ?? '' };
	} catch {
		return null;
	}
}

export function saveDraft(storageKey: string, draft: Draft): boolean {
	try {
		localStorage.setItem(storageKey, JSON.stringify(draft));
		return true;
	} catch {
		return false;
	}
}

export function clearDraft(storageKey: string): void {
	try {
		localStorage.removeItem(storageKey);
	} catch {
		// nothing stored
	}
}

export function emptyDraft(): Draft {
	return { id: newId(), data: {}, savedAt: '' };
}

/** True when the draft holds at least one answer worth restoring. */
export function hasAnswers(data: unknown): boolean {
	if (data === null || data === undefined || data === '') return false;
	if (Array.isArray(data)) return data.some(hasAnswers);
	if (typeof data === 'object') return Object.values(data as Record<string, unknown>).some(hasAnswers);
	return true;
}
