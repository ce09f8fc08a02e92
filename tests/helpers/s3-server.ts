// A real S3-compatible server for the tests: s3rver (MIT), which speaks S3's REST API over HTTP and
// checks Signature V4 (default account S3RVER/S3RVER), keeping objects in a folder. It has no
// ListParts, so the media store's design (files land on the disk, then move to the bucket with
// PutObject; decision 320) is the one it can prove; MinIO, Ceph or AWS run the same calls.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: Array<{ eventName: string; s3: { object: { key: string } } }> }) => void): void;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The keys written (PUT) since the server started, in order. */
  puts: string[];
  /** The env an app needs to store media in this server's bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'sa-media', port = 0): Promise<S3Server> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = mkdtempSync(join(tmpdir(), 'sa-s3-'));
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  const puts: string[] = [];
  server.on('event', (event) => {
    for (const record of event.Records) if (record.eventName.startsWith('ObjectCreated')) puts.push(decodeURIComponent(record.s3.object.key));
  });
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    puts,
    env: { MEDIA_S3_ENDPOINT: endpoint, MEDIA_S3_BUCKET: bucket, MEDIA_S3_ACCESS_KEY_ID: 'S3RVER', MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER' },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
