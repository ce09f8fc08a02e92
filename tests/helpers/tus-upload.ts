// Sends a file by tus (tus-js-client, the client the fill page uses) over real HTTP, and makes bytes
// that the server's content sniffing reads as a JPEG. Shared by the media upload tests.
import { createHash, randomBytes } from 'node:crypto';
import * as tus from 'tus-js-client';

/** Bytes that file-type reads as a JPEG (SOI + JFIF APP0), then noise. */
export function jpeg(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).copy(bytes, 0);
  return bytes;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface Sent {
  url: string | null;
  error: (Error & { originalResponse?: { getStatus(): number; getBody(): string } | null }) | null;
}

export function upload(base: string, token: string, bytes: Buffer, metadata: Record<string, string>, options: Partial<tus.UploadOptions> = {}): Promise<Sent> {
  return new Promise((resolve) => {
    const sending = new tus.Upload(bytes, {
      endpoint: `${base}/media/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata,
      chunkSize: 4 * 1024 * 1024,
      retryDelays: [],
      ...options,
      onSuccess: () => resolve({ url: sending.url, error: null }),
      onError: (error) => resolve({ url: sending.url, error: error as Sent['error'] }),
    });
    sending.start();
  });
}
