// REST for audio prompts: POST /api/audio-prompts takes one clip as the raw body (an audio
// content-type, or video/webm as Chromium's recorder labels it; at most 2 MiB; form editors only,
// decided before the body is read) and answers 201 with its SHA-256, the name `x-audio` uses.
// GET /audio-prompts/<sha256> serves it to anyone who has the address, cached for a year.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst, PUBLIC_ROUTE } from '../http/authorize-first';
import { inTransactionOf } from '../db/transaction';
import { UploadBudget, type UploadLimits } from '../core/uploads/upload-limits';
import { readAll, readUpload } from '../core/uploads/upload-read';
import { acceptStreamedUploads, expectRawUpload } from '../http/upload-route';
import { sendContentAddressed } from '../http/content-addressed';
import { AUDIO_PROMPT_MAX_BYTES, readAudioPrompt, storeAudioPrompt } from './audio-prompts.service';

const LIMITS: UploadLimits = { maxBytes: AUDIO_PROMPT_MAX_BYTES, maxRows: 0, maxColumns: 0, maxCellChars: 0, maxMs: 60_000 };

/** onRequest: a sound type and an announced size within the limit, before the body is read. */
const expectAudio = expectRawUpload((type) => type.startsWith('audio/') || type === 'video/webm', { en: 'Send the clip as the body with an audio/… content-type.', km: 'សូមផ្ញើឯកសារសំឡេងជាមួយ content-type audio/…។' }, LIMITS);

export async function audioPromptRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post('/api/audio-prompts', { onRequest: [authorizeFirst({ action: 'definition.edit' }), expectAudio] }, async (request, reply) => {
      const bytes = await readUpload(request.body, new UploadBudget(LIMITS), readAll).catch((error: unknown) => {
        reply.header('connection', 'close');
        throw error;
      });
      const stored = await inTransactionOf(services.db, (trx) => storeAudioPrompt(trx, request.actor, bytes));
      return reply.status(201).send(stored);
    });
  });
  app.get<{ Params: { sha256: string } }>('/audio-prompts/:sha256', { config: PUBLIC_ROUTE }, async (request, reply) => {
    return sendContentAddressed(request, reply, await readAudioPrompt(services.db, request.params.sha256));
  });
}
