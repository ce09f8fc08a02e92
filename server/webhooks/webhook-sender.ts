// One delivery attempt (issue 14.6): POST the signed JSON body to the webhook's URL and say what came
// back. Stripe's scheme: the signature is HMAC-SHA256 over "<timestamp>.<body>" with the webhook's
// secret, so a receiver that checks the timestamp is recent also defeats replays. The request goes
// through the address policy twice (the URL, and the connect-time lookup: DNS is re-checked on every
// attempt), uses no keep-alive (a pooled socket would skip the lookup), never follows a redirect
// (3xx is a failure, logged with where it pointed), stops after the timeout, and keeps at most 4 KB
// of the answer for the delivery log.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkUrl, guardedLookup, TargetRefused, type AddressPolicy } from './address-policy';

export const SIGNATURE_HEADER = 'x-sa-studio-signature';
export const TIMESTAMP_HEADER = 'x-sa-studio-timestamp';
export const EVENT_HEADER = 'x-sa-studio-event';
export const DELIVERY_HEADER = 'x-sa-studio-delivery';
/** How much of a receiver's answer the log keeps. */
export const RESPONSE_KEEP_BYTES = 4096;

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The signature header: the current secret's, then, while a rotated-out secret still signs, that
 * one's after a comma (Stripe's scheme; a receiver accepts when any listed signature matches).
 */
export function signatures(secret: string, previous: string | null | undefined, timestamp: number, body: string): string {
  return previous ? `${signature(secret, timestamp, body)},${signature(previous, timestamp, body)}` : signature(secret, timestamp, body);
}

export interface OutgoingDelivery {
  url: string;
  secret: string;
  /** A rotated-out secret that still signs, beside `secret`. */
  previousSecret?: string | null;
  deliveryId: string;
  event: string;
  /** The JSON body, as sent and signed. */
  body: string;
}

export interface SendOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  /** Tests only: the connect-time lookup (default: the guarded system resolver). */
  lookup?: LookupFunction;
  signal?: AbortSignal;
  /** Unix seconds for the signature (default now). */
  now?: () => number;
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  response: string | null;
}

export function envelope(delivery: { event_id: string; event: string; occurred_at: Date; payload: unknown }): string {
  return JSON.stringify({ id: delivery.event_id, event: delivery.event, occurredAt: delivery.occurred_at.toISOString(), data: delivery.payload });
}

function redirectNote(location: string | undefined, base: URL, policy: AddressPolicy): string {
  if (!location) return 'redirect without a Location, not followed';
  let target: URL;
  try {
    target = new URL(location, base);
  } catch {
    return `redirect to an invalid URL, not followed`;
  }
  try {
    checkUrl(target.href, policy);
  } catch (error) {
    if (error instanceof TargetRefused) return `redirect to ${target.href} refused: ${error.message}`;
  }
  return `redirect to ${target.href} not followed (webhooks never follow redirects)`;
}

export async function send(delivery: OutgoingDelivery, options: SendOptions): Promise<AttemptOutcome> {
  let url: URL;
  try {
    url = checkUrl(delivery.url, options.policy);
  } catch (error) {
    if (error instanceof TargetRefused) return { ok: false, statusCode: null, error: `refused: ${error.message}`, response: null };
    throw error;
  }
  const timestamp = (options.now ?? (() => Math.floor(Date.now() / 1000)))();
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(delivery.body)),
    'user-agent': 'SA-Studio-Webhooks/1.0',
    [EVENT_HEADER]: delivery.event,
    [DELIVERY_HEADER]: delivery.deliveryId,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signatures(delivery.secret, delivery.previousSecret, timestamp, delivery.body),
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = transport.request(url, { method: 'POST', headers, agent: false, lookup: options.lookup ?? guardedLookup(options.policy), signal: options.signal });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const why = error instanceof TargetRefused ? `refused: ${error.message}` : error.name === 'AbortError' ? 'stopped: the server is shutting down' : error.message || error.code || 'connection failed';
      finish({ ok: false, statusCode: null, error: why, response: null });
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () => {
        const text = Buffer.concat(chunks).subarray(0, RESPONSE_KEEP_BYTES).toString('utf8');
        const ok = status >= 200 && status < 300;
        const error = ok ? null : status >= 300 && status < 400 ? redirectNote(response.headers.location, url, options.policy) : `the receiver answered ${status}`;
        finish({ ok, statusCode: status, error, response: text === '' ? null : text });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        if (kept >= RESPONSE_KEEP_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
        if (kept >= RESPONSE_KEEP_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(delivery.body);
  });
}
