// Where a webhook may send (issue 14.6, SSRF defences). A delivery is a request the server makes on
// an administrator's say, so without care it reaches what only the server can reach: the database's
// host, cloud metadata (169.254.169.254), an internal admin page. The rule is checked twice: on the
// URL when a webhook is made or changed (scheme, literal addresses, what the name resolves to now),
// and at connect time by the lookup the HTTP request uses, so a name that resolves elsewhere later
// (DNS rebinding) is refused too. Ranges come from ipaddr.js (the library fastify's proxy-addr uses).
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** WEBHOOK_ALLOW_HTTP: plain http:// URLs too (closed networks, tests). */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE: loopback, private (RFC 1918), CGNAT and unique-local targets too. */
  allowPrivate: boolean;
}

/** public: anyone's; private: this network's (allowed by WEBHOOK_ALLOW_PRIVATE); forbidden: never. */
export type AddressClass = 'public' | 'private' | 'forbidden';

const PRIVATE_RANGES = new Set(['loopback', 'private', 'carrierGradeNat', 'uniqueLocal']);

/**
 * The class of an IP address. Only ordinary unicast is public. Link-local (169.254/16 with the cloud
 * metadata services, fe80::/10), unspecified (0.0.0.0, ::), multicast, broadcast, reserved and the
 * IPv6 forms that embed an IPv4 address elsewhere (6to4, Teredo, NAT64) are forbidden even when
 * private targets are allowed; an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is its IPv4 address.
 * Anything that does not parse is forbidden.
 */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare) || isIP(bare) === 0) return 'forbidden';
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  return PRIVATE_RANGES.has(range) ? 'private' : 'forbidden';
}

export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'private' && policy.allowPrivate);
}

export type UrlRefusal = 'invalid' | 'scheme' | 'credentials' | 'address' | 'unresolvable';

export class TargetRefused extends Error {
  constructor(
    readonly reason: UrlRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * The checks that need no DNS: a well-formed absolute http(s) URL (https unless allowed), no user
 * name or password in it, and a literal IP host only when allowed (connections to a literal address
 * make no lookup, so this is the only check such a host gets). Throws TargetRefused.
 */
export function checkUrl(raw: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('invalid', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new TargetRefused('scheme', policy.allowHttp ? 'only http and https URLs' : 'only https URLs (WEBHOOK_ALLOW_HTTP is off)');
  }
  if (url.username || url.password) throw new TargetRefused('credentials', 'a user name or password in the URL');
  const host = hostOf(url);
  if (host === '') throw new TargetRefused('invalid', 'no host');
  if (isIP(host) !== 0 && !addressAllowed(host, policy)) throw new TargetRefused('address', `the address ${host} is ${refusedWhy(host, policy)}`);
  return url;
}

function refusedWhy(address: string, policy: AddressPolicy): string {
  return classifyAddress(address) === 'private' && !policy.allowPrivate ? 'private or loopback (WEBHOOK_ALLOW_PRIVATE is off)' : 'never allowed (link-local, unspecified, multicast or reserved)';
}

type Resolve = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for http.request / net.connect that resolves every address of the name and refuses the
 * connection when ANY of them is not allowed (a name that mixes a public and a private address is a
 * rebinding attempt, not a choice). Answers in the shape the caller asked for (one address or all).
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolve = systemResolve): LookupFunction {
  return ((hostname: string, options: LookupOneOptions | LookupAllOptions, callback: (...args: unknown[]) => void) => {
    resolve(hostname, { family: options.family ?? 0, hints: options.hints, all: true } as LookupAllOptions, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', 0);
      const bad = addresses.find((a) => !addressAllowed(a.address, policy));
      if (bad || addresses.length === 0) {
        const refusal = bad ? new TargetRefused('address', `${hostname} resolves to ${bad.address}, which is ${refusedWhy(bad.address, policy)}`) : new TargetRefused('unresolvable', `${hostname} has no address`);
        return callback(Object.assign(refusal, { code: 'EWEBHOOKTARGET' }), options.all ? [] : '', 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

/** The create-time check of a URL's name: it resolves, and only to allowed addresses. Throws TargetRefused. */
export async function checkResolvedHost(url: URL, policy: AddressPolicy, resolve: Resolve = systemResolve): Promise<void> {
  const host = hostOf(url);
  if (isIP(host) !== 0) return;
  const lookup = guardedLookup(policy, resolve);
  await new Promise<void>((done, fail) =>
    lookup(host, { all: true }, (error: NodeJS.ErrnoException | null) => {
      if (!error) return done();
      fail(error instanceof TargetRefused ? error : new TargetRefused('unresolvable', `${host} does not resolve (${error.code ?? error.message})`));
    }),
  );
}
