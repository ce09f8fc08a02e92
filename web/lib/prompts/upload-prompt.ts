// Sends a clip the officer recorded or chose to POST /api/audio-prompts and answers its name (the
// SHA-256 the server computed); the server reads the type from the bytes and refuses anything else.
export async function uploadPrompt(clip: Blob): Promise<string> {
	const type = clip.type.split(';')[0] || 'audio/webm';
	const response = await fetch('/api/audio-prompts', { method: 'POST', headers: { 'content-type': type }, body: clip, credentials: 'same-origin' });
	const body = (await response.json().catch(() => ({}))) as { sha256?: string; message?: string; messageKm?: string };
	if (!response.ok || !body.sha256) throw new Error(body.message ?? `HTTP ${response.status}`);
	return body.sha256;
}
