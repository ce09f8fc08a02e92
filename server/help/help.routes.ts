// REST for help images: POST /api/help/images takes one image as the raw body (content-type image/png,
// image/jpeg, image/webp or image/gif; at most 2 MiB; help editors only, decided before the body is
// read) and answers 201 with its `image:<sha256>` reference. GET /help-images/<sha256> serves it to
// anyone (published help is public), cached for a year: the address is the content's hash.
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst, PUBLIC_ROUTE } from '../http/authorize-first';
import { inTransactionOf } from '../db/transaction';
import { UploadBudget, type UploadLimits } from '../core/uploads/upload-limits';
import { readAll, readUpload } from '../core/uploads/upload-read';
import { acceptStreamedUploads, expectRawUpload } from '../http/upload-route';
import { sendContentAddressed } from '../http/content-addressed';
import { HELP_IMAGE_MAX_BYTES } from './image-type';
import { readHelpImage, storeHelpImage } from './help.service';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
export const HELP_IMAGE_LIMITS: UploadLimits = { maxBytes: HELP_IMAGE_MAX_BYTES, maxRows: 0, maxColumns: 0, maxCellChars: 0, maxMs: 60_000 };

/** onRequest: an image type and an announced size within the limit, before the body is read. */
export const expectImageUpload = (limits: UploadLimits): onRequestHookHandler =>
  expectRawUpload((type) => IMAGE_TYPES.includes(type), { en: `Send the image as the body with content-type ${IMAGE_TYPES.join(', ')}.`, km: `សូមផ្ញើរូបភាពជាមួយ content-type ${IMAGE_TYPES.join(', ')}។` }, limits);
const expectImage = expectImageUpload(HELP_IMAGE_LIMITS);

export async function helpRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post('/api/help/images', { onRequest: [authorizeFirst({ action: 'help.edit' }), expectImage] }, async (request, reply) => {
      const budget = new UploadBudget(HELP_IMAGE_LIMITS);
      const bytes = await readUpload(request.body, budget, readAll).catch((error: unknown) => {
        reply.header('connection', 'close');
        throw error;
      });
      const stored = await inTransactionOf(services.db, (trx) => storeHelpImage(trx, request.actor, bytes));
      return reply.status(201).send(stored);
    });
  });
  app.get<{ Params: { sha256: string } }>('/help-images/:sha256', { config: PUBLIC_ROUTE }, async (request, reply) => {
    return sendContentAddressed(request, reply, await readHelpImage(services.db, request.params.sha256));
  });
}
