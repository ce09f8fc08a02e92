// The tus server of media uploads (decision 292): @tus/server speaks the resumable-upload protocol
// (a phone that loses the network asks the offset with HEAD and sends the rest with PATCH), and
// @tus/file-store keeps the bytes under MEDIA_DIR (one file per upload plus tus's small .json). The
// rules are ours (media.service.ts), called from tus's hooks; the lock is PostgreSQL's (pg-locker.ts),
// so two instances sharing MEDIA_DIR can take turns on one upload. tus's own GET (downloads) is never
// routed: files are read through GET /media/:id, which checks the area. Built on first use, so an app
// that never sees an upload never creates the folder.
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { EVENTS, type Upload } from '@tus/utils';
import { Server } from '@tus/server';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import type { MediaConfig } from '../config';
import type { Database } from '../db/schema';
import { isProblem, Problem } from '../core/problems';
import type { DefinitionCache } from '../definitions/definition-cache';
import { markRefused } from './media.repository';
import { UUID } from '../core/params';
import { checkUploadWriter, finishUpload, startUpload, tooLarge } from './media.service';
import { PgLocker } from './pg-locker';

export const UPLOAD_PATH = '/media/uploads';

/** Who sent each request tus is handling (set by the route after authentication). */
const callers = new WeakMap<object, Actor>();

export function setCaller(request: IncomingMessage, actor: Actor): void {
  callers.set(request, actor);
}

interface TusRequest {
  method: string;
  runtime?: { node?: { req: object } };
}

function callerOf(request: TusRequest): Actor {
  const node = request.runtime?.node?.req;
  const actor = node ? callers.get(node) : undefined;
  if (!actor) throw tusError(new Problem('UNAUTHENTICATED'));
  return actor;
}

/** A Problem in the shape tus sends ({status_code, body}), the body being our JSON error. */
function tusError(problem: Problem): { status_code: number; body: string } {
  return { status_code: problem.status, body: JSON.stringify(problem.toJSON()) };
}

async function asTus<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isProblem(error)) throw tusError(error);
    throw error;
  }
}

/** `onStored`: a file was checked and stored (the object-storage sweep is nudged). */
export function createMediaStore(db: Kysely<Database>, definitions: DefinitionCache, config: MediaConfig, onStored: () => void = () => undefined): Server {
  const datastore = new FileStore({ directory: config.dir });
  const server = new Server({
    path: UPLOAD_PATH,
    datastore,
    relativeLocation: true,
    maxSize: config.maxBytes,
    locker: new PgLocker(db),
    // No cross-site use: no Access-Control-Allow-Origin on any answer.
    allowedOrigins: () => false,
    disableTerminationForFinishedUploads: true,
    namingFunction: (_request, metadata) => {
      const id = metadata?.id;
      if (!id || !UUID.test(id)) throw tusError(new Problem('MEDIA_BAD_UPLOAD'));
      return id.toLowerCase();
    },
    onIncomingRequest: async (request, id) => {
      if (request.method === 'POST') return;
      await asTus(() => checkUploadWriter(db, callerOf(request), id, request.method));
    },
    onUploadCreate: async (request, upload: Upload) => {
      const metadata = upload.metadata ?? {};
      await asTus(() =>
        startUpload(
          db,
          definitions,
          callerOf(request),
          {
            id: upload.id,
            form: metadata.form ?? undefined,
            version: metadata.version ?? undefined,
            field: metadata.field ?? undefined,
            fileName: metadata.filename ?? metadata.name ?? undefined,
            size: upload.size,
          },
          config.maxBytes,
        ),
      );
      return {};
    },
    onUploadFinish: async (_request, upload: Upload) => {
      const stored = await asTus(() => finishUpload(db, upload.id, join(config.dir, upload.id), upload.offset, upload.metadata?.sha256 ?? undefined));
      onStored();
      return { headers: { 'Media-Content-Type': stored.contentType, 'Media-Sha256': stored.sha256 } };
    },
    onResponseError: (_request, error) => {
      // tus's own size refusal, in our shape and words.
      if ('status_code' in error && error.status_code === 413) return tusError(tooLarge(config.maxBytes));
      return undefined;
    },
  });
  server.on(EVENTS.POST_TERMINATE, (_request, _response, id) => {
    void markRefused(db, id).catch(() => undefined);
  });
  return server;
}
