// Reading an upload's bytes within its budget (size and time), independent of fastify: services call
// `readUpload` on the body a route hands them; routes use http/upload-route.ts for the hooks.
import { Readable } from 'node:stream';
import { Problem } from '../problems';
import { bytesExceeded, timeExceeded, type UploadBudget } from './upload-limits';

export type UploadFormat = 'yaml' | 'csv' | 'xlsx' | 'zip';

export const MEDIA_TYPES: Record<UploadFormat, string> = { yaml: 'text/yaml', csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip' };

export function formatOf(nameOrType: string): UploadFormat | null {
  const s = nameOrType.toLowerCase();
  if (/\.ya?ml$|[/+-]yaml\b/.test(s)) return 'yaml';
  if (/\.csv$|text\/csv/.test(s)) return 'csv';
  if (/\.xlsx$|spreadsheetml\.sheet/.test(s)) return 'xlsx';
  if (/\.zip$|application\/(x-)?zip(-compressed)?$/.test(s)) return 'zip';
  return null;
}

/** A stream's bytes held whole (the caller's budget has capped them: readUpload). */
export async function readAll(source: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function emptyFile(): Problem {
  const message = { en: 'The file is empty.', km: 'ឯកសារទទេ។' };
  return new Problem('BAD_INPUT', { message, errors: [{ path: 'body', keyword: 'required', message }] });
}

const TIMEOUT = Symbol('timeout');

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Runs `read` on the upload as a byte stream that ends early (and makes the result PAYLOAD_TOO_LARGE)
 * past the byte or time budget. The rest of an over-long body is left unread: the caller answers with
 * `connection: close`.
 */
export async function readUpload<T>(body: unknown, budget: UploadBudget, read: (stream: Readable) => Promise<T>): Promise<T> {
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    if (Buffer.isBuffer(body) || typeof body === 'string') return readUpload(Readable.from([Buffer.from(body)]), budget, read);
    throw emptyFile();
  }
  const source = (body as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const state: { bytes: number; failure: Problem | null } = { bytes: 0, failure: null };
  async function* pump(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = await within(source.next(), budget.deadline - Date.now());
      if (next === TIMEOUT) {
        state.failure = timeExceeded(budget.limits);
        return;
      }
      if (next.done) return;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      state.bytes += chunk.length;
      if (state.bytes > budget.limits.maxBytes) {
        state.failure = bytesExceeded(budget.limits);
        return;
      }
      yield chunk;
    }
  }
  let result: T;
  try {
    // The deadline also covers work the reader does without asking for bytes (inflating an XLSX):
    // past it the answer goes out, and the abandoned reader stops at its next pull.
    const reading = read(Readable.from(pump(), { objectMode: false }));
    reading.catch(() => undefined);
    const outcome = await within(reading, budget.deadline - Date.now());
    if (outcome === TIMEOUT) {
      state.failure ??= timeExceeded(budget.limits);
      throw state.failure;
    }
    result = outcome;
  } catch (error) {
    // A stream cut at the budget breaks the reader too: report the budget, not the broken file.
    throw state.failure ?? (state.bytes === 0 ? emptyFile() : error);
  }
  if (state.failure) throw state.failure;
  if (state.bytes === 0) throw emptyFile();
  return result;
}

