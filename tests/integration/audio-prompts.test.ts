// Audio prompts (issue 15.5) on every engine: an M&E officer uploads a clip (its type read from the
// bytes), it is stored once per content and served to anyone by its SHA-256 with a year's cache; a
// facilitator may not upload; a page of HTML named audio is refused; a form naming a clip that was
// never uploaded is refused at the clip's path, and one naming an uploaded clip is saved.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { toneWav } from '../fixtures/wav';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SAVE = 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { key version } }';

function form(audio: Record<string, string>) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'សំឡេង', en: 'Voice' },
    properties: { water: { type: 'integer', 'x-widget': 'faces', minimum: 1, maximum: 5, 'x-label': { km: 'ទឹក', en: 'Water' }, 'x-audio': audio } },
    additionalProperties: false,
  };
}

describe.each(engines)('audio prompts on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const upload = (payload: Buffer, type: string, token: string | null) =>
    t.app.inject({ method: 'POST', url: '/api/audio-prompts', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload });

  it('stores a clip by its hash, serves it with a long cache, and refuses others and other files', async () => {
    const wav = toneWav();
    const sha256 = createHash('sha256').update(wav).digest('hex');
    const first = await upload(wav, 'audio/wav', t.token);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ sha256, mime: 'audio/wav', size: wav.length });
    expect((await upload(wav, 'audio/x-wav', t.token)).json()).toEqual({ sha256, mime: 'audio/wav', size: wav.length });
    expect(Number((await t.services.db.selectFrom('audio_prompt').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);

    const got = await t.app.inject({ method: 'GET', url: `/audio-prompts/${sha256}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('audio/wav');
    expect(got.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.rawPayload, wav)).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/audio-prompts/${'0'.repeat(64)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/audio-prompts/not-a-hash' })).statusCode).toBe(404);

    const facilitator = await userWith(t, 'caf1', 'facilitator', '01');
    expect((await upload(wav, 'audio/wav', facilitator)).statusCode).toBe(403);
    expect((await upload(wav, 'audio/wav', null)).statusCode).toBe(401);
    const html = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'audio/mpeg', t.token);
    expect([html.statusCode, html.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await upload(wav, 'text/plain', t.token)).statusCode).toBe(415);
    const big = await t.app.inject({ method: 'POST', url: '/api/audio-prompts', headers: { 'content-type': 'audio/wav', 'content-length': String(3 * 1024 * 1024), authorization: `Bearer ${t.token}` }, payload: wav });
    expect(big.statusCode).toBe(413);
  });

  it('saves a form naming an uploaded clip and refuses one naming a clip never uploaded, at its path', async () => {
    const stored = (await upload(toneWav(0.3, 660), 'audio/wav', t.token)).json() as { sha256: string };
    const ok = await t.gql(SAVE, { k: 'voice', s: form({ km: stored.sha256 }) });
    expect(ok.errors).toBeUndefined();
    const missing = await t.gql(SAVE, { k: 'voice', s: form({ km: stored.sha256, cmo: 'c'.repeat(64) }) });
    expect(missing.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
    expect(missing.errors?.[0]?.extensions.errors).toEqual([{ path: 'properties.water.x-audio.cmo', keyword: 'AUDIO_PROMPT_MISSING', message: expect.objectContaining({ km: expect.stringMatching(/[\u1780-\u17FF]/) }) }]);
  });
});
