// Media uploads behind a load balancer (issue 15.4; many instances, one database): two app instances
// share one PostgreSQL database and one MEDIA_DIR. An upload begun on A is resumed on B from the
// offset A stored, and stored whole; and the tus lock of an upload is one row in PostgreSQL, so a
// lock A holds is seen by B's locker (it waits, asks A to let go, and takes it once released).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { adminOnBoth, twoInstances, type Instances } from '../helpers/instances';
import { PgLocker } from '../../server/media/pg-locker';

const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'រូបថត', en: 'Photo' },
  properties: { photo: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថត', en: 'Photo' } } },
  additionalProperties: false,
};

async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

describe('media uploads across two instances on one PostgreSQL database', () => {
  let i: Instances;
  let dir: string;
  let urls: { a: string; b: string };
  let tokens: { a: string; b: string };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-media2-'));
    i = await twoInstances({ env: { MEDIA_DIR: dir } });
    urls = { a: await i.a.app.listen({ port: 0, host: '127.0.0.1' }), b: await i.b.app.listen({ port: 0, host: '127.0.0.1' }) };
    tokens = await adminOnBoth(i);
    expect((await gql(urls.a, tokens.a, 'mutation($s: JSON!) { saveDraft(key: "photo-form", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await gql(urls.a, tokens.a, 'mutation { publish(key: "photo-form") { version } }')).errors).toBeUndefined();
  });
  afterEach(async () => {
    i.a.app.server.closeAllConnections();
    i.b.app.server.closeAllConnections();
    await i.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes on B an upload begun on A, and stores it whole', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).copy(bytes, 0);
    const id = randomUUID();
    const metadata = { id, form: 'photo-form', version: '1', field: 'photo' };
    let path = '';
    await new Promise<void>((resolve) => {
      const first = new tus.Upload(bytes, {
        endpoint: `${urls.a}/media/uploads`,
        headers: { authorization: `Bearer ${tokens.a}` },
        metadata,
        chunkSize: 1024 * 1024,
        retryDelays: [],
        onChunkComplete: (_chunk, accepted) => {
          if (accepted >= 1024 * 1024 && !path) {
            path = new URL(first.url!).pathname;
            void first.abort().then(() => resolve());
          }
        },
        onError: () => resolve(),
      });
      first.start();
    });
    expect(path).toBe(`/media/uploads/${id}`);
    const error = await new Promise<Error | null>((resolve) => {
      const second = new tus.Upload(bytes, {
        endpoint: `${urls.b}/media/uploads`,
        uploadUrl: `${urls.b}${path}`,
        headers: { authorization: `Bearer ${tokens.b}` },
        metadata,
        chunkSize: 1024 * 1024,
        retryDelays: [],
        onSuccess: () => resolve(null),
        onError: (e) => resolve(e),
      });
      second.start();
    });
    expect(error).toBeNull();
    const row = await i.b.services.db.selectFrom('media_file').select(['status', 'sha256', 'size']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'stored', sha256: createHash('sha256').update(bytes).digest('hex'), size: String(bytes.length) });
  });

  it('shares the upload lock: B waits for A\'s lock, asks for it, and takes it once A lets go', async () => {
    const lockerA = new PgLocker(i.a.services.db, { renewMs: 50 });
    const lockerB = new PgLocker(i.b.services.db, { retryMs: 20, acquireTimeoutMs: 5000 });
    const onA = lockerA.newLock('shared-upload');
    let asked = false;
    await onA.lock(new AbortController().signal, async () => {
      asked = true;
      await onA.unlock();
    });
    const started = lockerB.newLock('shared-upload').lock(new AbortController().signal, () => undefined);
    await started;
    // B got the lock only because A was asked (through the row) and let go.
    expect(asked).toBe(true);
    const holders = await i.a.services.db.selectFrom('media_upload_lock').select('id').where('id', '=', 'shared-upload').execute();
    expect(holders).toHaveLength(1);
  });
});
