// Webhooks on every engine, against a local receiver (node http on 127.0.0.1, allowed by
// WEBHOOK_ALLOW_HTTP/WEBHOOK_ALLOW_PRIVATE): signed deliveries for every event and write path, retries
// with the delivery log, failure after the last attempt and redelivery, redirects never followed,
// forbidden targets refused when made and when connecting, two workers on one database, area limits
// from the creator's live grants, and who may manage webhooks.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo, userWith } from './geo-helpers';
import { WebhookWorker } from '../../server/webhooks/webhook-worker';
import { send } from '../../server/webhooks/webhook-sender';
import { claimDue, markDelivered } from '../../server/webhooks/webhooks.repository';

const engines = await testEngines();
afterAll(closeSharedPglite);

const OPEN = { WEBHOOK_POLL_MS: '50', WEBHOOK_ALLOW_HTTP: '1', WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_SECONDS: '0,0', WEBHOOK_TIMEOUT_SECONDS: '2' };
const ALL_EVENTS = ['submission.created', 'submission.updated', 'submission.reviewed', 'definition.published'];
const CREATE = 'mutation($i: WebhookInput!) { createWebhook(input: $i) { secret webhook { id name url events formKeys enabled createdBy pending delivered failed } } }';
const LIST = '{ webhooks { id name url events enabled createdBy pending delivered failed } }';
const DELIVERIES = 'query($id: ID!, $first: Int, $after: String) { webhookDeliveries(webhookId: $id, first: $first, after: $after) { nodes { id eventId event status attempts lastStatusCode lastError lastResponse redeliveryOf nextAttemptAt deliveredAt payload } pageInfo { hasNextPage endCursor } } }';
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = number | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

/** A receiver on 127.0.0.1 answering from a queue (200 once it is empty). */
async function receiver(answers: Answer[] = []) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = answers.shift() ?? 200;
      const answer = typeof a === 'number' ? { status: a } : a;
      setTimeout(() => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? `answer ${answer.status}`);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, port, got, answers, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/**
 * What a receiver does (docs/api.md): HMAC of "<timestamp>.<body>", compared in constant time with
 * each signature the header lists (two while a rotated-out secret still signs), timestamp recent.
 */
function verified(secret: string, r: Received): boolean {
  const timestamp = String(r.headers['x-sa-studio-timestamp']);
  const sent = String(r.headers['x-sa-studio-signature']).split(',');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && sent.some((one) => one.length === expected.length && timingSafeEqual(Buffer.from(one), Buffer.from(expected)));
}

describe.each(engines)('webhooks on %s', (engine) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof receiver>>;

  const make = async (input: Record<string, unknown>, token?: string) => {
    const res = await t.gql(CREATE, { i: { name: 'Receiver', events: ALL_EVENTS, ...input } }, token);
    expect(res.errors).toBeUndefined();
    return res.data.createWebhook as { secret: string; webhook: { id: string; events: string[] } };
  };
  const submit = async (data: unknown = validAnswer, token?: string) => {
    const id = randomUUID();
    const res = await t.gql(SUBMIT, { i: { id, definitionKey: 'test-form', definitionVersion: 1, data } }, token);
    expect(res.errors).toBeUndefined();
    return id;
  };
  const deliveries = async (webhookId: string) => {
    const res = await t.gql(DELIVERIES, { id: webhookId, first: 100 });
    expect(res.errors).toBeUndefined();
    return res.data.webhookDeliveries.nodes as Array<{ id: string; eventId: string; event: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null; lastResponse: string | null; redeliveryOf: string | null; payload: any }>;
  };
  const drain = () => t.services.webhooks.drain();

  beforeEach(async () => {
    t = await createTestApp(engine, OPEN);
    hook = await receiver();
    await importSmallGeo(t);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
  });
  afterEach(async () => {
    await t.close();
    await hook.close();
  });

  it('delivers signed events on submission created (one and a batch), updated, reviewed and definition published', async () => {
    const { secret, webhook } = await make({ url: hook.url });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = await submit();
    const batch = [randomUUID(), randomUUID()];
    const sync = await t.gql('mutation($r: [SubmitInput!]!) { syncSubmissions(records: $r) { id status } }', { r: batch.map((b) => ({ id: b, definitionKey: 'test-form', definitionVersion: 1, data: { ...validAnswer, name: 'Batch' } })) });
    expect(sync.data.syncSubmissions.map((r: { status: string }) => r.status)).toEqual(['STORED', 'STORED']);
    expect((await t.gql('mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { id } }', { id, d: { ...validAnswer, name: 'Dara' } })).errors).toBeUndefined();
    expect((await t.gql('mutation($id: ID!) { reviewSubmission(id: $id, state: HAS_ISSUES, comment: "Check the date") { id } }', { id })).errors).toBeUndefined();
    expect((await t.gql('mutation($ids: [ID!]!) { reviewSubmissions(ids: $ids, state: APPROVED) { changed } }', { ids: batch })).data.reviewSubmissions.changed).toBe(2);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: { ...simpleForm, 'x-title': { km: 'ទម្រង់ ២', en: 'Form 2' } } });
    expect((await t.gql('mutation { publish(key: "test-form") { version } }')).data.publish.version).toBe(2);

    const made = await drain();
    const bodies = hook.got.map((r) => JSON.parse(r.body));
    expect(made).toBe(8);
    const byEvent = (e: string) => bodies.filter((b) => b.event === e);
    expect(byEvent('submission.created').map((b) => b.data.id).sort()).toEqual([id, ...batch].sort());
    expect(byEvent('submission.updated').map((b) => [b.data.id, b.data.data.name, b.data.version])).toEqual([[id, 'Dara', 2]]);
    const reviewed = byEvent('submission.reviewed');
    expect(reviewed.find((b) => b.data.id === id)).toMatchObject({ data: { status: 'has_issues', reviewedBy: 'admin', review: { from: 'received', to: 'has_issues', comment: 'Check the date' } } });
    expect(reviewed.filter((b) => batch.includes(b.data.id)).map((b) => b.data.status)).toEqual(['approved', 'approved']);
    expect(byEvent('definition.published')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ key: 'test-form', version: 2, kind: 'form', title: { km: 'ទម្រង់ ២', en: 'Form 2' }, publishedBy: 'admin', types: '/api/types/test-form@2.d.ts' }) }),
    ]);
    const created = byEvent('submission.created').find((b) => b.data.id === id);
    expect(created.data).toMatchObject({ definitionKey: 'test-form', definitionVersion: 1, geoCode: '010201', status: 'received', version: 1, submittedBy: 'admin', data: validAnswer });
    expect(created.data.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    for (const r of hook.got) {
      expect(r.path).toBe('/hook');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-sa-studio-event']).toBe(JSON.parse(r.body).event);
      expect(verified(secret, r)).toBe(true);
      expect(verified('whsec_wrong', r)).toBe(false);
      expect(verified(secret, { ...r, body: r.body.replace('test-form', 'test-forn') })).toBe(false);
    }
    const log = await deliveries(webhook.id);
    expect(log).toHaveLength(8);
    expect(log.every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatusCode === 200 && d.lastResponse === 'answer 200')).toBe(true);
    expect(new Set(hook.got.map((r) => r.headers['x-sa-studio-delivery']))).toEqual(new Set(log.map((d) => d.id)));
    expect(new Set(bodies.map((b) => b.id))).toEqual(new Set(log.map((d) => d.eventId)));
    expect(await drain()).toBe(0);
    expect(hook.got).toHaveLength(8);
  });

  it('retries after 500, 500 and stops at 200, the log showing each attempt; waits by the schedule', async () => {
    hook.answers.push({ status: 500, body: 'down' }, 503, 200);
    const { webhook } = await make({ url: hook.url, events: ['submission.created'] });
    await submit();
    await drain(); // WEBHOOK_RETRY_SECONDS=0,0: due again at once
    let [d] = await deliveries(webhook.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'the receiver answered 500', lastResponse: 'down' });
    await drain();
    [d] = await deliveries(webhook.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 503 });
    await drain();
    [d] = await deliveries(webhook.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(hook.got).toHaveLength(3);
    // Every attempt is the same event (same body id), signed anew.
    expect(new Set(hook.got.map((r) => JSON.parse(r.body).id)).size).toBe(1);

    // With a real schedule the next attempt waits: 60 s ± 20%.
    hook.answers.push(500);
    const slow = new WebhookWorker(t.services.db, { policy: t.services.config.webhooks, pollMs: 1000, retrySeconds: [60], timeoutMs: 2000 });
    await submit();
    expect(await slow.drain()).toBe(1);
    expect(await slow.drain()).toBe(0);
    const row = await t.services.db.selectFrom('webhook_delivery').select(['status', 'attempts', 'next_attempt_at', 'last_attempt_at']).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const wait = row.next_attempt_at.getTime() - row.last_attempt_at!.getTime();
    expect(row.attempts).toBe(1);
    expect(wait).toBeGreaterThanOrEqual(47_000);
    expect(wait).toBeLessThanOrEqual(73_000);
  });

  it('fails after the last attempt; a redelivery sends the same event again under a new delivery id', async () => {
    hook.answers.push(500, 500, 500);
    const { webhook } = await make({ url: hook.url, events: ['submission.created'] });
    await submit();
    await drain();
    await drain();
    await drain();
    const [failed] = await deliveries(webhook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });
    expect(await drain()).toBe(0);
    expect((await t.gql(LIST)).data.webhooks[0]).toMatchObject({ failed: 1, delivered: 0, pending: 0 });

    const again = await t.gql('mutation($id: ID!) { redeliver(deliveryId: $id) { id eventId status redeliveryOf } }', { id: failed!.id });
    expect(again.data.redeliver).toMatchObject({ eventId: failed!.eventId, status: 'pending', redeliveryOf: failed!.id });
    expect(again.data.redeliver.id).not.toBe(failed!.id);
    await drain();
    const last = hook.got.at(-1)!;
    expect(hook.got).toHaveLength(4);
    expect(last.headers['x-sa-studio-delivery']).toBe(again.data.redeliver.id);
    expect(JSON.parse(last.body).id).toBe(failed!.eventId);
    expect((await deliveries(webhook.id)).map((d) => d.status)).toEqual(['delivered', 'failed']);
  });

  it('never follows a redirect, and names a forbidden target it pointed to', async () => {
    const inside = await receiver();
    try {
      hook.answers.push({ status: 302, headers: { location: `http://127.0.0.1:${inside.port}/admin` } });
      const { webhook } = await make({ url: hook.url, events: ['submission.created'] });
      await submit();
      await drain();
      const [d] = await deliveries(webhook.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 302 });
      expect(d!.lastError).toContain(`redirect to http://127.0.0.1:${inside.port}/admin not followed`);
      expect(inside.got).toHaveLength(0);

      // With private targets not allowed (a receiver reached by a name that resolves, for this test
      // only, to 127.0.0.1): the redirect to 127.0.0.1 is refused as a forbidden address.
      hook.answers.push({ status: 307, headers: { location: `http://127.0.0.1:${inside.port}/` } });
      const fixed: any = (_h: string, o: { all?: boolean }, cb: (e: null, a: unknown, f?: number) => void) => (o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4));
      const outcome = await send(
        { url: `http://receiver.test:${hook.port}/hook`, secret: 's', deliveryId: randomUUID(), event: 'ping', body: '{}' },
        { policy: { allowHttp: true, allowPrivate: false }, timeoutMs: 2000, lookup: fixed },
      );
      expect(outcome).toMatchObject({ ok: false, statusCode: 307 });
      expect(outcome.error).toMatch(/^redirect to http:\/\/127\.0\.0\.1:\d+\/ refused: the address 127\.0\.0\.1 is private or loopback/);
      expect(inside.got).toHaveLength(0);
    } finally {
      await inside.close();
    }
  });

  it('refuses at connect time a name that resolves to loopback (DNS re-checked), sending nothing', async () => {
    const outcome = await send({ url: `http://localhost:${hook.port}/hook`, secret: 's', deliveryId: randomUUID(), event: 'ping', body: '{}' }, { policy: { allowHttp: true, allowPrivate: false }, timeoutMs: 2000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), which is private or loopback/);
    const literal = await send({ url: hook.url, secret: 's', deliveryId: randomUUID(), event: 'ping', body: '{}' }, { policy: { allowHttp: true, allowPrivate: false }, timeoutMs: 2000 });
    expect(literal.error).toBe('refused: the address 127.0.0.1 is private or loopback (WEBHOOK_ALLOW_PRIVATE is off)');
    expect(hook.got).toHaveLength(0);
  });

  it('lets two workers on one database deliver each delivery exactly once, and fences a claim whose lease ran out', async () => {
    for (let i = 0; i < 12; i++) hook.answers.push({ status: 200, delayMs: 30 });
    const { webhook } = await make({ url: hook.url, events: ['submission.created'] });
    const ids = await Promise.all(Array.from({ length: 12 }, () => submit()));
    const options = { policy: t.services.config.webhooks, pollMs: 1000, retrySeconds: [0], timeoutMs: 2000, batch: 3 };
    const a = new WebhookWorker(t.services.db, options);
    const b = new WebhookWorker(t.services.db, options);
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    expect(na + nb).toBe(12);
    const delivered = hook.got.map((r) => String(r.headers['x-sa-studio-delivery']));
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered).size).toBe(12);
    expect(hook.got.map((r) => JSON.parse(r.body).data.id).sort()).toEqual([...ids].sort());
    expect((await deliveries(webhook.id)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);

    // A claim holds its delivery for the lease: another worker finds nothing due meanwhile.
    await submit();
    const [held] = await claimDue(t.services.db, 10, 60_000);
    expect(held).toBeDefined();
    expect(await b.runOnce()).toBe(0);
    // Its holder died: once the lease runs out another worker delivers it, and the old holder's late
    // result is not written (attempts is the fencing token).
    await t.services.db.updateTable('webhook_delivery').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', held!.id).execute();
    expect(await b.runOnce()).toBe(1);
    expect(await markDelivered(t.services.db, held!.id, held!.attempts, { statusCode: 200, error: null, response: 'late' })).toBe(false);
    const row = await t.services.db.selectFrom('webhook_delivery').select(['status', 'attempts', 'last_response']).where('id', '=', held!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'delivered', attempts: 2, last_response: 'answer 200' });
  });

  it("delivers only records inside its creator's live grants, and no training records", async () => {
    const provincial = await userWith(t, 'p01admin', 'system_admin', '01');
    const { webhook } = await make({ url: hook.url, events: ['submission.created', 'submission.updated'] }, provincial);
    const inside = await submit(validAnswer);
    const outside = await submit({ ...validAnswer, commune: '020101' });
    await drain();
    expect(hook.got.map((r) => JSON.parse(r.body).data.id)).toEqual([inside]);
    // An edit that moves a record out of the area is not heard of either.
    await t.gql('mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { id } }', { id: outside, d: { ...validAnswer, commune: '020101', name: 'Far' } });
    await drain();
    expect(hook.got).toHaveLength(1);

    // Grants are read when a write enqueues: moved to province 02, the webhook follows.
    const user = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'p01admin').executeTakeFirstOrThrow();
    await t.services.db.updateTable('user_grant').set({ geo_code: '02' }).where('user_id', '=', user.id).execute();
    const later = await submit({ ...validAnswer, commune: '020101' });
    await submit(validAnswer);
    // A disabled creator's webhooks hear of nothing.
    await drain();
    expect(hook.got.map((r) => JSON.parse(r.body).data.id)).toEqual([inside, later]);
    await t.services.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    await submit({ ...validAnswer, commune: '020101' });
    // Training records are never sent.
    await t.services.db.updateTable('app_user').set({ disabled_at: null }).where('id', '=', user.id).execute();
    await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 1, data: { ...validAnswer, commune: '020101' }, training: true } });
    await drain();
    expect(hook.got).toHaveLength(2);
    expect((await t.services.db.selectFrom('webhook_delivery').select('id').where('webhook_id', '=', webhook.id).execute()).length).toBe(2);
  });

  it('is managed by system administrators: secret shown once, changes audited, forbidden targets refused with their field', async () => {
    const made = await make({ url: hook.url, events: ['submission.created'], formKeys: ['test-form'] });
    const list = await t.gql('{ webhooks { id name url events enabled createdBy } }');
    expect(list.data.webhooks).toEqual([{ id: made.webhook.id, name: 'Receiver', url: hook.url, events: ['submission.created'], enabled: true, createdBy: 'admin' }]);
    expect(JSON.stringify(list)).not.toContain(made.secret);
    const noSecret = await t.gql('{ webhooks { id secret } }');
    expect(noSecret.errors?.[0]?.message).toMatch(/secret/);

    const off = await t.gql('mutation($id: ID!, $c: WebhookChange!) { updateWebhook(id: $id, change: $c) { enabled events } }', { id: made.webhook.id, c: { enabled: false, events: ['submission.created', 'submission.reviewed'] } });
    expect(off.data.updateWebhook).toEqual({ enabled: false, events: ['submission.created', 'submission.reviewed'] });
    await submit();
    await drain();
    expect(hook.got).toHaveLength(0); // disabled: nothing enqueued
    const ping = await t.gql('mutation($id: ID!) { sendTestPing(webhookId: $id) { id event status } }', { id: made.webhook.id });
    expect(ping.data.sendTestPing).toMatchObject({ event: 'ping', status: 'pending' });
    await drain();
    expect(hook.got.map((r) => JSON.parse(r.body).event)).toEqual(['ping']);
    expect(verified(made.secret, hook.got[0]!)).toBe(true);

    const bad = await t.gql(CREATE, { i: { name: '', url: hook.url, events: ['submission.deleted'], formKeys: ['no-such-form'] } });
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect(bad.errors?.[0]?.extensions.errors?.map((e) => e.path).sort()).toEqual(['events.0', 'formKeys.0', 'name']);
    const meta = await t.gql(CREATE, { i: { name: 'x', url: 'http://169.254.169.254/latest/meta-data/', events: ['submission.created'] } });
    expect(meta.errors?.[0]?.extensions).toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', errors: [{ path: 'url', keyword: 'address' }] });
    expect((meta.errors?.[0]?.extensions as { messageKm?: string }).messageKm).toMatch(/[\u1780-\u17FF]/);

    const officer = await userWith(t, 'officer', 'national_officer', '');
    expect((await t.gql(LIST, {}, officer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const other = await userWith(t, 'p02admin', 'system_admin', '02');
    expect((await t.gql(LIST, {}, other)).data.webhooks).toEqual([]);
    expect((await t.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: made.webhook.id }, other)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: made.webhook.id })).data.deleteWebhook).toBe(true);
    expect((await t.gql(LIST)).data.webhooks).toEqual([]);
    const audit = await t.services.db.selectFrom('audit_event').select(['action', 'entity_id', 'after']).where('entity', '=', 'webhook').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update', 'webhook.delete']);
    expect(audit.every((a) => a.entity_id === made.webhook.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(made.secret);
  });

  it('rotates the signing secret: the new one answered once, the old one signing beside it for the hours asked, then not at all', async () => {
    const made = await make({ url: hook.url, events: ['submission.created'] });
    const ROTATE = 'mutation($id: ID!, $h: Int) { rotateWebhookSecret(id: $id, keepOldHours: $h) { secret webhook { id previousSecretUntil } } }';
    const rotated = await t.gql(ROTATE, { id: made.webhook.id });
    expect(rotated.errors).toBeUndefined();
    const next = rotated.data.rotateWebhookSecret as { secret: string; webhook: { id: string; previousSecretUntil: string } };
    expect(next.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(next.secret).not.toBe(made.secret);
    const until = Date.parse(next.webhook.previousSecretUntil) - Date.now();
    expect(until).toBeGreaterThan(23.9 * 3600_000);
    expect(until).toBeLessThan(24.1 * 3600_000);
    await submit();
    await drain();
    // Two signatures, the new secret's first: a receiver with either secret accepts the delivery.
    const during = hook.got.at(-1)!;
    expect(String(during.headers['x-sa-studio-signature']).split(',')).toHaveLength(2);
    expect(verified(next.secret, during)).toBe(true);
    expect(verified(made.secret, during)).toBe(true);
    expect(verified('whsec_someone-else', during)).toBe(false);

    // Again with no overlap: only the newest secret signs.
    const now = (await t.gql(ROTATE, { id: made.webhook.id, h: 0 })).data.rotateWebhookSecret as { secret: string; webhook: { previousSecretUntil: string | null } };
    expect(now.webhook.previousSecretUntil).toBeNull();
    await submit();
    await drain();
    const after = hook.got.at(-1)!;
    expect(String(after.headers['x-sa-studio-signature']).split(',')).toHaveLength(1);
    expect(verified(now.secret, after)).toBe(true);
    expect(verified(next.secret, after)).toBe(false);

    // A bad window names its field; only managers rotate; the audit holds no secret.
    const bad = await t.gql(ROTATE, { id: made.webhook.id, h: 169 });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'keepOldHours', keyword: 'range' }] });
    const officer = await userWith(t, 'officer', 'national_officer', '');
    expect((await t.gql(ROTATE, { id: made.webhook.id }, officer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const audit = await t.services.db.selectFrom('audit_event').select(['action', 'after']).where('entity', '=', 'webhook').where('action', '=', 'webhook.rotate_secret').execute();
    expect(audit).toHaveLength(2);
    for (const secret of [made.secret, next.secret, now.secret]) expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify((await t.gql('{ webhooks { id previousSecretUntil } }')).data)).not.toContain('whsec_');
  });

  it('delivers by itself once the worker runs with the app, and stops with it', async () => {
    const { webhook } = await make({ url: hook.url, events: ['submission.created'] });
    t.services.webhooks.start();
    await submit();
    // The receiver has the request before the worker records the answer: wait for the record, or
    // stopping now would hand the in-flight delivery back as pending.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await deliveries(webhook.id)).every((d) => d.status !== 'delivered')) await new Promise((r) => setTimeout(r, 20));
    expect(hook.got).toHaveLength(1);
    await t.services.webhooks.stop();
    await submit();
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.got).toHaveLength(1);
    expect((await deliveries(webhook.id)).map((d) => d.status)).toEqual(['pending', 'delivered']);
  });
});

describe.each(engines)('webhook targets with the default settings on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it.each([
    ['http://hooks.example.org/', 'scheme'],
    ['https://127.0.0.1/hook', 'address'],
    ['https://10.1.2.3/hook', 'address'],
    ['https://169.254.169.254/latest/meta-data/', 'address'],
    ['https://[::1]/hook', 'address'],
    ['https://[::ffff:127.0.0.1]/hook', 'address'],
    ['https://localhost/hook', 'address'],
    ['https://user:secret@hooks.example.org/', 'credentials'],
  ])('refuses %s when it is made (%s)', async (url, keyword) => {
    const res = await t.gql(CREATE, { i: { name: 'x', url, events: ['submission.created'] } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', errors: [{ path: 'url', keyword }] });
    expect(await t.services.db.selectFrom('webhook').select('id').execute()).toEqual([]);
  });

  it('refuses a URL changed to a forbidden target', async () => {
    // Made directly: a public target that needs no DNS in this sandbox.
    const made = await t.gql(CREATE, { i: { name: 'x', url: 'https://93.184.215.14/hook', events: ['submission.created'] } });
    expect(made.errors).toBeUndefined();
    const res = await t.gql('mutation($id: ID!, $c: WebhookChange!) { updateWebhook(id: $id, change: $c) { url } }', { id: made.data.createWebhook.webhook.id, c: { url: 'https://[::1]/' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', errors: [{ path: 'url' }] });
    expect((await t.gql(LIST)).data.webhooks[0].url).toBe('https://93.184.215.14/hook');
  });
});
