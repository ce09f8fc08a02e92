// One way to read a stored media file's bytes, wherever they are (decision 320): the disk (MEDIA_DIR)
// or the bucket. A row read as 'disk' whose file a sweep has just moved is read from the bucket.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AppServices } from '../core/services';
import type { MediaStoredIn } from '../db/schema';
import type { ObjectStore } from './object-store';

export interface MediaSource {
  dir: string;
  store?: ObjectStore | undefined;
}

/** This instance's media folder and, with object storage, its bucket. */
export function mediaSourceOf(services: Pick<AppServices, 'config' | 'mediaOffload'>): MediaSource {
  return { dir: services.config.media.dir, store: services.mediaOffload?.store };
}

/** The file's bytes, or null when it is in neither place. */
export async function openStoredMedia(source: MediaSource, file: { id: string; stored_in: MediaStoredIn }): Promise<Readable | null> {
  if (file.stored_in === 'disk') {
    const path = join(source.dir, file.id);
    // Opened before it is read: a sweep that removes the file now cannot take it from under the reader.
    const handle = await open(path, 'r').catch(() => null);
    if (handle) return handle.createReadStream();
  }
  if (!source.store) return null;
  return source.store.get(file.id).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  });
}
