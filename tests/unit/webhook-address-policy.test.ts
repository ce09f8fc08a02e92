// Webhook SSRF rules without a network: the address classifier (every refused range, IPv4-mapped
// forms, public addresses), the URL check, the connect-time lookup (a name that resolves to a
// forbidden address, or to a public and a private one, is refused; DNS is asked on every connect),
// the retry schedule with its jitter, and the signature.
import { createHmac } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { addressAllowed, checkResolvedHost, checkUrl, classifyAddress, guardedLookup, TargetRefused } from '../../server/webhooks/address-policy';
import { retryDelayMs } from '../../server/webhooks/webhook-worker';
import { envelope, signature } from '../../server/webhooks/webhook-sender';
import { loadConfig, ConfigError } from '../../server/config';

const STRICT = { allowHttp: false, allowPrivate: false };
const PRIVATE_OK = { allowHttp: true, allowPrivate: true };

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'private'],
    ['127.255.0.9', 'private'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.1', 'private'],
    ['::1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['::ffff:7f00:1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['[::1]', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['169.254.0.1', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['fe80::1%eth0', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['0.1.2.3', 'forbidden'],
    ['::', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['239.255.255.250', 'forbidden'],
    ['ff02::1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['192.0.2.1', 'forbidden'],
    ['240.0.0.1', 'forbidden'],
    ['2002:7f00:1::1', 'forbidden'], // 6to4 of 127.0.0.1
    ['64:ff9b::7f00:1', 'forbidden'], // NAT64 of 127.0.0.1
    ['2001::1', 'forbidden'], // Teredo
    ['not-an-ip', 'forbidden'],
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('allows private targets only when asked, and forbidden ones never', () => {
    expect(addressAllowed('10.0.0.1', STRICT)).toBe(false);
    expect(addressAllowed('10.0.0.1', PRIVATE_OK)).toBe(true);
    expect(addressAllowed('169.254.169.254', PRIVATE_OK)).toBe(false);
    expect(addressAllowed('8.8.8.8', STRICT)).toBe(true);
  });
});

describe('checkUrl', () => {
  const refusal = (url: string, policy = STRICT) => {
    try {
      checkUrl(url, policy);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(TargetRefused);
      return (error as TargetRefused).reason;
    }
  };

  it('takes https to a name or a public address', () => {
    expect(checkUrl('https://hooks.example.org/sa?x=1', STRICT).hostname).toBe('hooks.example.org');
    expect(refusal('https://8.8.8.8/hook')).toBe('accepted');
  });

  it('refuses http unless allowed, other schemes always, credentials and junk', () => {
    expect(refusal('http://hooks.example.org/')).toBe('scheme');
    expect(refusal('http://hooks.example.org/', { allowHttp: true, allowPrivate: false })).toBe('accepted');
    expect(refusal('ftp://hooks.example.org/', PRIVATE_OK)).toBe('scheme');
    expect(refusal('file:///etc/passwd', PRIVATE_OK)).toBe('scheme');
    expect(refusal('https://user:pw@hooks.example.org/')).toBe('credentials');
    expect(refusal('hooks.example.org/x')).toBe('invalid');
  });

  it.each(['https://127.0.0.1/', 'https://10.1.2.3/', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://2130706433/', 'https://0x7f.1/', 'https://0.0.0.0/', 'https://[::]/'])(
    'refuses the literal address of %s',
    (url) => {
      expect(refusal(url)).toBe('address');
    },
  );

  it('lets private literals through only with WEBHOOK_ALLOW_PRIVATE, never link-local', () => {
    expect(refusal('http://127.0.0.1:8080/', PRIVATE_OK)).toBe('accepted');
    expect(refusal('https://[::ffff:127.0.0.1]/', PRIVATE_OK)).toBe('accepted');
    expect(refusal('https://169.254.169.254/', PRIVATE_OK)).toBe('address');
    expect(refusal('https://[fe80::1]/', PRIVATE_OK)).toBe('address');
  });
});

type Answer = LookupAddress[] | NodeJS.ErrnoException;

/** A resolver answering from a table, counting how often each name is asked. */
function fakeResolver(table: Record<string, Answer>) {
  const asked: string[] = [];
  const resolve = (hostname: string, _o: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
    asked.push(hostname);
    const answer = table[hostname] ?? Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    queueMicrotask(() => (Array.isArray(answer) ? callback(null, answer) : callback(answer, [])));
  };
  return { resolve, asked };
}

function lookupOnce(lookup: ReturnType<typeof guardedLookup>, host: string, all: boolean): Promise<{ error: (Error & { code?: string }) | null; address: unknown; family?: number }> {
  return new Promise((done) => {
    (lookup as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown, f?: number) => void) => void)(host, { all }, (error, address, family) => done({ error, address, family }));
  });
}

describe('guardedLookup (DNS checked at connect time)', () => {
  const table: Record<string, Answer> = {
    'public.test': [{ address: '93.184.215.14', family: 4 }],
    'loopback.test': [{ address: '127.0.0.1', family: 4 }],
    'mapped.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'metadata.test': [{ address: '169.254.169.254', family: 4 }],
    'mixed.test': [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ],
    'empty.test': [],
  };

  it('answers allowed names in the shape asked for', async () => {
    const { resolve } = fakeResolver(table);
    const lookup = guardedLookup(STRICT, resolve);
    expect(await lookupOnce(lookup, 'public.test', false)).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(await lookupOnce(lookup, 'public.test', true)).toMatchObject({ error: null, address: [{ address: '93.184.215.14', family: 4 }] });
  });

  it.each(['loopback.test', 'mapped.test', 'metadata.test', 'mixed.test'])('refuses %s', async (host) => {
    const { resolve } = fakeResolver(table);
    const result = await lookupOnce(guardedLookup(STRICT, resolve), host, true);
    expect(result.error).toBeInstanceOf(TargetRefused);
    expect(result.error?.code).toBe('EWEBHOOKTARGET');
    expect(result.error?.message).toContain(host);
  });

  it('refuses a name with no address and passes DNS errors on', async () => {
    const { resolve } = fakeResolver(table);
    expect((await lookupOnce(guardedLookup(STRICT, resolve), 'empty.test', false)).error).toBeInstanceOf(TargetRefused);
    expect((await lookupOnce(guardedLookup(STRICT, resolve), 'nowhere.test', false)).error?.code).toBe('ENOTFOUND');
  });

  it('asks DNS again on every connect, so a name that changes to a private address is refused (rebinding)', async () => {
    const answers: Record<string, Answer> = { 'rebind.test': [{ address: '93.184.215.14', family: 4 }] };
    const { resolve, asked } = fakeResolver(answers);
    const lookup = guardedLookup(STRICT, resolve);
    expect((await lookupOnce(lookup, 'rebind.test', false)).error).toBeNull();
    answers['rebind.test'] = [{ address: '127.0.0.1', family: 4 }];
    expect((await lookupOnce(lookup, 'rebind.test', false)).error).toBeInstanceOf(TargetRefused);
    expect(asked).toEqual(['rebind.test', 'rebind.test']);
  });

  it('allows loopback only when private targets are allowed', async () => {
    const { resolve } = fakeResolver(table);
    expect((await lookupOnce(guardedLookup(PRIVATE_OK, resolve), 'loopback.test', false)).address).toBe('127.0.0.1');
    expect((await lookupOnce(guardedLookup(PRIVATE_OK, resolve), 'metadata.test', false)).error).toBeInstanceOf(TargetRefused);
  });

  it('checks the real resolver at create time: localhost resolves to loopback', async () => {
    await expect(checkResolvedHost(new URL('https://localhost/'), STRICT)).rejects.toMatchObject({ reason: 'address' });
    await expect(checkResolvedHost(new URL('https://localhost/'), PRIVATE_OK)).resolves.toBeUndefined();
    const { resolve } = fakeResolver(table);
    await expect(checkResolvedHost(new URL('https://nowhere.test/'), STRICT, resolve)).rejects.toMatchObject({ reason: 'unresolvable' });
  });
});

describe('retry schedule', () => {
  const schedule = [30, 120, 600, 3600, 21_600, 43_200, 86_400];

  it('waits longer after each failure, with ±20% jitter, then stops after 8 attempts', () => {
    expect(retryDelayMs(1, schedule, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(1, schedule, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, schedule, () => 0.999999)).toBeCloseTo(36_000, -1);
    expect(retryDelayMs(2, schedule, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(5, schedule, () => 0.5)).toBe(21_600_000);
    expect(retryDelayMs(7, schedule, () => 0.5)).toBe(86_400_000);
    expect(retryDelayMs(8, schedule, () => 0.5)).toBeNull();
  });

  it('is the default of WEBHOOK_RETRY_SECONDS and is validated at boot', () => {
    expect(loadConfig({}).webhooks).toEqual({ allowHttp: false, allowPrivate: false, pollMs: 5000, retrySeconds: schedule, timeoutMs: 10_000 });
    expect(loadConfig({ WEBHOOK_RETRY_SECONDS: '0.5, 2' }).webhooks.retrySeconds).toEqual([0.5, 2]);
    expect(loadConfig({ WEBHOOK_RETRY_SECONDS: 'none' }).webhooks.retrySeconds).toEqual([]);
    expect(() => loadConfig({ WEBHOOK_RETRY_SECONDS: '30,soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_POLL_MS: '1' })).toThrow(/WEBHOOK_POLL_MS/);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });
});

describe('signature', () => {
  it('is sha256=HMAC(secret, "<timestamp>.<body>") in hex', () => {
    const body = envelope({ event_id: '0b6f3a52-6c39-4a43-9d59-3f1b0f1d7a10', event: 'ping', occurred_at: new Date('2026-12-03T01:02:03.004Z'), payload: { a: 'ខ្មែរ' } });
    expect(JSON.parse(body)).toEqual({ id: '0b6f3a52-6c39-4a43-9d59-3f1b0f1d7a10', event: 'ping', occurredAt: '2026-12-03T01:02:03.004Z', data: { a: 'ខ្មែរ' } });
    const expected = createHmac('sha256', 'whsec_test').update(`1764723723.${body}`).digest('hex');
    expect(signature('whsec_test', 1764723723, body)).toBe(`sha256=${expected}`);
    expect(signature('whsec_other', 1764723723, body)).not.toBe(`sha256=${expected}`);
    expect(signature('whsec_test', 1764723724, body)).not.toBe(`sha256=${expected}`);
  });
});
