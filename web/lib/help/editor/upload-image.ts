// Sends one picture to POST /api/help/images (the raw file as the body, its own content type) and
// returns the `image:<sha256>` reference to write in Markdown.
import { ApiError } from '$lib/api';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export async function uploadHelpImage(file: File, lang: string): Promise<string> {
	if (!IMAGE_TYPES.includes(file.type)) throw new Error(lang === 'km' ? 'សូមជ្រើសរើសរូបភាព PNG, JPEG, WebP ឬ GIF។' : 'Choose a PNG, JPEG, WebP or GIF picture.');
	if (file.size > MAX_IMAGE_BYTES) throw new Error(lang === 'km' ? 'រូបភាពធំជាង 2 MB។' : 'The picture is larger than 2 MB.');
	return postImage('/api/help/images', file, lang);
}

/** POSTs one image as the raw body to an image route (help images, report logos): its `image:` reference. */
export async function postImage(url: string, file: File, lang: string): Promise<string> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': file.type }, body: file, credentials: 'same-origin' });
	const body = (await response.json().catch(() => ({}))) as { ref?: string; code?: string; message?: string; messageKm?: string };
	if (!response.ok || !body.ref) throw new ApiError(body.code ?? 'INTERNAL', (lang === 'km' && body.messageKm) || body.message || `HTTP ${response.status}`, undefined, response.status, body.messageKm);
	return body.ref;
}
