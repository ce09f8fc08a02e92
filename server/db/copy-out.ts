// Why: `COPY (select …) TO STDOUT` is the fastest way out of PostgreSQL (issue 14: CSV exports at
// COPY's pace), but COPY takes no bind parameters and needs a connection of its own. This runs a
// compiled statement as COPY on a client of the pool (pg-copy-streams, which pauses the socket when
// the reader is slow), with its parameters written in as literals exactly as pg would send them.
// PostgreSQL only: PGlite has no streaming COPY, so callers keep their cursor path there. The COPY
// runs with `jit = off` (decision 340): its statement (csv-sql.ts) is one long expression a record,
// which LLVM compiled for every export without winning anything back (and inlined past ~400k rows).
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CompiledQuery } from 'kysely';

/** A running COPY: its bytes (CopyData payloads, concatenated), and the end that returns the client. */
export interface CopyStream {
  chunks: AsyncIterable<Buffer>;
  /** Gives the client back; `completed: false` (reader gone, error) closes it so the COPY stops. */
  end(completed: boolean): void;
}

/** pg's own text form of a parameter (its `utils`, not in @types/pg). */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

export type CopyOut = (query: CompiledQuery, options?: string) => Promise<CopyStream>;

/** `COPY (query) TO STDOUT WITH (options)` runner for a pg.Pool; undefined for PGlite. */
export function copyOutFor(pool: unknown): CopyOut | undefined {
  if (!(pool instanceof pg.Pool)) return undefined;
  return async (query, options = 'format binary') => {
    const client = await pool.connect();
    let ended = false;
    const end = (completed: boolean): void => {
      if (ended) return;
      ended = true;
      // A client left in COPY state is unusable: closing it ends the statement on the server too.
      if (!completed) return client.release(new Error('copy stopped'));
      // The pool's other users keep the server's JIT settings.
      client.query('reset jit').then(
        () => client.release(),
        (error: unknown) => client.release(error instanceof Error ? error : new Error('reset jit failed')),
      );
    };
    try {
      await client.query('set jit = off');
      const stream = client.query(copyStreams.to(`copy (${inlineParameters(query)}) to stdout with (${options})`, { highWaterMark: 64 * 1024 }));
      return { chunks: stream as AsyncIterable<Buffer>, end };
    } catch (error) {
      end(false);
      throw error;
    }
  };
}

/**
 * The statement with each `$n` replaced by its value as a quoted literal (pg's own text form of it:
 * arrays as array literals, dates as timestamps, objects as JSON), which PostgreSQL types from the
 * context as it types an untyped parameter. `$n` inside quoted literals and identifiers is left alone.
 */
export function inlineParameters(query: CompiledQuery): string {
  const literal = (n: number): string => {
    if (n < 1 || n > query.parameters.length) throw new Error(`no parameter $${n}`);
    const value = prepareValue(query.parameters[n - 1]) as string | Buffer | null;
    if (value === null) return 'null';
    if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
    return pg.escapeLiteral(String(value));
  };
  return query.sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (token, n: string | undefined) => (n === undefined ? token : literal(Number(n))));
}

/** COPY's binary signature, flags and header extension length: 19 bytes before the first tuple. */
const HEADER = 19;

/**
 * Reads `COPY … (format binary)` output: each tuple's fields as slices of the received chunks (null for
 * SQL null), without decoding them. Feed it chunks as they come; take tuples until it has no whole one.
 */
export class BinaryCopyReader {
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;
  private headerRead = false;
  /** The trailer (a field count of -1) was read. */
  finished = false;

  push(chunk: Buffer): void {
    const rest = this.buffer.length - this.offset;
    this.buffer = rest === 0 ? chunk : Buffer.concat([this.buffer.subarray(this.offset), chunk]);
    this.offset = 0;
  }

  /** The next whole tuple, or null when the next one has not fully arrived (or the COPY ended). */
  tuple(): Array<Buffer | null> | null {
    const b = this.buffer;
    if (!this.headerRead) {
      if (b.length - this.offset < HEADER) return null;
      if (b.toString('latin1', this.offset, this.offset + 11) !== 'PGCOPY\n\xff\r\n\0') throw new Error('not a binary COPY');
      this.offset += HEADER + b.readUInt32BE(this.offset + 15);
      this.headerRead = true;
    }
    if (this.finished || b.length - this.offset < 2) return null;
    const count = b.readInt16BE(this.offset);
    if (count === -1) {
      this.finished = true;
      this.offset += 2;
      return null;
    }
    let at = this.offset + 2;
    const fields: Array<Buffer | null> = [];
    for (let i = 0; i < count; i++) {
      if (b.length - at < 4) return null;
      const length = b.readInt32BE(at);
      at += 4;
      if (length === -1) {
        fields.push(null);
        continue;
      }
      if (b.length - at < length) return null;
      fields.push(b.subarray(at, at + length));
      at += length;
    }
    this.offset = at;
    return fields;
  }
}
