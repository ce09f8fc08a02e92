// S3-compatible object storage for media files (issue 15.4; decision 320), through the AWS SDK's S3
// client, the maintained one that every S3-compatible server (AWS, MinIO, Ceph, Garage, Wasabi,
// DigitalOcean Spaces) is tested against. Loaded only when MEDIA_S3_BUCKET is set, so an instance
// without object storage never pays for the SDK's modules. Checksums are sent only when an operation
// requires one (the SDK's newer default streams CRC32 trailers that several S3-compatible servers
// refuse); each file's SHA-256 is kept in PostgreSQL and in the object's metadata instead, and a file
// read back for the bucket is hashed again before it is trusted there (media-offload.ts).
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { S3Config } from '../config';

export interface ObjectStore {
  /** Writes the file at `path` (of `size` bytes) under the media id's key. */
  put(id: string, path: string, size: number, facts: { contentType: string; sha256: string }): Promise<void>;
  /** The object's bytes as a stream (fails with NoSuchKey when absent). */
  get(id: string): Promise<Readable>;
  /** The object's size and the SHA-256 it was written with, or null when absent. */
  head(id: string): Promise<{ size: number; sha256: string | undefined } | null>;
  /** Removes the object (an absent one is no error): expired export files (exports/export-jobs.ts). */
  remove(id: string): Promise<void>;
  close(): void;
}

/**
 * Puts the file and reads the object's size and SHA-256 back: it is trusted in the bucket only when
 * both match (a media file's move, an export file's; else this throws and the file stays on the disk).
 */
export async function putChecked(store: ObjectStore, id: string, path: string, size: number, facts: { contentType: string; sha256: string }): Promise<void> {
  await store.put(id, path, size, facts);
  const copy = await store.head(id);
  if (!copy || copy.size !== size || copy.sha256 !== facts.sha256) throw new Error(`the bucket's copy of ${id} is not the file (size ${copy?.size ?? 'none'} of ${size})`);
}

type S3Module = typeof import('@aws-sdk/client-s3');

let loading: Promise<S3Module> | undefined;

export async function createObjectStore(config: S3Config): Promise<ObjectStore> {
  // The SDK warns once, on stderr, that its releases after January 2027 need Node 22; this release is
  // pinned (package.json) and its support is written in docs/decisions.md (320), not in every log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3 = await (loading ??= import('@aws-sdk/client-s3'));
  const client = new s3.S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.pathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const key = (id: string) => `${config.prefix}${id}`;
  return {
    async put(id, path, size, facts) {
      await client.send(
        new s3.PutObjectCommand({
          Bucket: config.bucket,
          Key: key(id),
          Body: createReadStream(path),
          ContentLength: size,
          ContentType: facts.contentType,
          Metadata: { sha256: facts.sha256 },
        }),
      );
    },
    async get(id) {
      const answer = await client.send(new s3.GetObjectCommand({ Bucket: config.bucket, Key: key(id) }));
      return answer.Body as Readable;
    },
    async head(id) {
      try {
        const answer = await client.send(new s3.HeadObjectCommand({ Bucket: config.bucket, Key: key(id) }));
        return { size: Number(answer.ContentLength ?? 0), sha256: answer.Metadata?.sha256 };
      } catch (error) {
        if ((error as { name?: string }).name === 'NotFound') return null;
        throw error;
      }
    },
    async remove(id) {
      await client.send(new s3.DeleteObjectCommand({ Bucket: config.bucket, Key: key(id) }));
    },
    close() {
      client.destroy();
    },
  };
}
