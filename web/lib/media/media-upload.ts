// Sends the phone's waiting media files to the server before the outbox sends records (sync.ts), by
// tus (tus-js-client, the protocol's reference client): an upload cut by the network resumes from
// the offset the server holds, on the next sync, from the address kept in IndexedDB. A refusal
// (wrong type, too large) marks the file refused with the server's words; its record is then refused
// by the server too (MEDIA_NOT_UPLOADED), so the facilitator sees why and can take the photo again.
import { Upload, type DetailedError } from 'tus-js-client';
import type { LocalizedMessage } from '$lib/api';
import type { LocalMedia } from '$lib/offline/types';
import { pendingMedia, updateMedia } from './media-store';

export type MediaSendOutcome = 'done' | 'offline' | 'unauthenticated';

function refusalOf(error: DetailedError): LocalizedMessage | null {
	const status = error.originalResponse?.getStatus() ?? 0;
	if (status < 400 || status >= 500 || status === 401 || status === 408 || status === 429) return null;
	try {
		const body = JSON.parse(error.originalResponse?.getBody() ?? '') as { message?: string; messageKm?: string };
		if (body.message) return { en: body.message, km: body.messageKm ?? body.message };
	} catch {
		// not our JSON: a proxy's page
	}
	return { en: `The server answered ${status}.`, km: `ម៉ាស៊ីនមេបានឆ្លើយ ${status}។` };
}

function sendOne(media: LocalMedia): Promise<'stored' | 'refused' | 'offline' | 'unauthenticated'> {
	return new Promise((resolve) => {
		const upload = new Upload(media.blob, {
			endpoint: new URL('/media/uploads', location.href).href,
			...(media.uploadUrl ? { uploadUrl: media.uploadUrl } : {}),
			metadata: {
				id: media.id,
				form: media.definitionKey,
				version: String(media.definitionVersion),
				field: media.field,
				filetype: media.type,
				...(media.sha256 ? { sha256: media.sha256 } : {}),
			},
			// Small pieces: on a weak village connection each one that arrives is kept.
			chunkSize: 512 * 1024,
			retryDelays: [0, 1000, 3000],
			storeFingerprintForResuming: false,
			removeFingerprintOnSuccess: true,
			onUploadUrlAvailable: () => {
				if (upload.url) void updateMedia(media.id, { uploadUrl: upload.url });
			},
			onSuccess: () => {
				void updateMedia(media.id, { state: 'stored' }).then(() => resolve('stored'));
			},
			onError: (error) => {
				const detailed = error as DetailedError;
				const status = detailed.originalResponse?.getStatus() ?? 0;
				if (status === 401) return resolve('unauthenticated');
				// The upload the address names is gone (refused earlier, or cleaned up): start again next time.
				if (status === 404 && media.uploadUrl) return void updateMedia(media.id, { uploadUrl: null }).then(() => resolve('offline'));
				const refusal = refusalOf(detailed);
				if (refusal) return void updateMedia(media.id, { state: 'refused', refusal }).then(() => resolve('refused'));
				resolve('offline');
			},
		});
		upload.start();
	});
}

/** Sends every waiting file; 'offline' when one could not be sent now (records wait for it). */
export async function sendPendingMedia(): Promise<MediaSendOutcome> {
	let waiting: LocalMedia[];
	try {
		waiting = await pendingMedia();
	} catch (cause) {
		// A phone whose store cannot be read has no files of ours waiting: records still go.
		console.error('media store unreadable', cause);
		return 'done';
	}
	for (const media of waiting) {
		const outcome = await sendOne(media);
		if (outcome === 'offline' || outcome === 'unauthenticated') return outcome;
	}
	return 'done';
}
