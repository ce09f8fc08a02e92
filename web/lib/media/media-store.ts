// Media answers on the phone (issue 15.4): a photo, signature or recording is kept in IndexedDB
// (the `media` store, web/lib/offline/db.ts v3) under a UUID made here, and that UUID is the answer.
// So a record can be finished and queued offline for days; the outbox sends its files first (tus,
// media-upload.ts), then the record, and the server links the two. The SHA-256 of the bytes goes with
// the upload, so the server keeps only the bytes the phone had.
import { fieldDb } from '$lib/offline/db';
import type { LocalMedia } from '$lib/offline/types';
import { newId } from '$lib/ids';

export type MediaKind = LocalMedia['kind'];

/** Hex SHA-256 of a blob; '' where the browser has no WebCrypto (plain-http LAN: the server then skips the check). */
async function sha256Of(blob: Blob): Promise<string> {
	if (!globalThis.crypto?.subtle) return '';
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface MediaOwner {
	definitionKey: string;
	definitionVersion: number;
	/** The question's path with repeat indexes written `[]`. */
	field: string;
	kind: MediaKind;
}

/** Keeps a captured file on the phone; answers its id (the value to write into the answer). */
export async function keepMedia(blob: Blob, owner: MediaOwner): Promise<string> {
	const media: LocalMedia = {
		id: newId(),
		...owner,
		blob,
		type: blob.type,
		sha256: await sha256Of(blob),
		state: 'pending',
		uploadUrl: null,
		refusal: null,
		createdAt: new Date().toISOString(),
	};
	await (await fieldDb()).put('media', media);
	return media.id;
}

export async function getMedia(id: string): Promise<LocalMedia | undefined> {
	return (await fieldDb()).get('media', id);
}

export async function pendingMedia(): Promise<LocalMedia[]> {
	return (await fieldDb()).getAllFromIndex('media', 'by-state', 'pending');
}

export async function updateMedia(id: string, change: Partial<Pick<LocalMedia, 'state' | 'uploadUrl' | 'refusal'>>): Promise<void> {
	const db = await fieldDb();
	const tx = db.transaction('media', 'readwrite');
	const current = await tx.store.get(id);
	if (current) await tx.store.put({ ...current, ...change });
	await tx.done;
}

/** The question path of a formio component path: `actions[0].photo` → `actions[].photo`. */
export function questionPath(componentPath: string): string {
	return componentPath.replace(/\[\d+\]/g, '[]');
}
