// Why: an export must go at the client's pace and stop when the client leaves (issue 14, Measure).
// exceljs's streaming writer puts each sheet into its own StreamBuf, whose write() always reports room
// and which hands its buffers to the zip without waiting, so a slow client let a whole workbook pile up
// in memory (3.1 GB at 1M records) and a client that left kept the server reading rows to the end.
// Here each sheet's bytes go into a Node PassThrough that archiver reads at the pace of the socket;
// the row loop waits when that buffer is full and ends the database cursor when the client is gone.
import { EventEmitter } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/** Watches an export (tests and the benchmark): rows read from the database, bytes not yet sent. */
export interface ExportProbe {
  /** One record read from the database cursor. */
  rowRead?(): void;
  /** One media file written into a zip (files=1). */
  fileWritten?(): void;
  /** Bytes written by the export and not yet taken by the socket, sampled as rows are written. */
  pending?(bytes: number): void;
  /** The export ended: all rows written, or the client left (the cursor is closed either way). */
  ended?(outcome: 'completed' | 'aborted'): void;
}

/** Bytes a sheet holds before the row loop waits for the zip (and so the client) to take them. */
const ENTRY_HIGH_WATER = 256 * 1024;
/** Sheet XML is gathered into pieces of this many characters before it goes to the zip. */
const BATCH_CHARS = 64 * 1024;

/**
 * What exceljs's worksheet writer needs of its stream (pause, write, end, 'zipped'), in front of a real
 * PassThrough that archiver pipes from with backpressure. Small writes (one per row) are batched.
 */
class SheetStream extends EventEmitter {
  readonly entry = new PassThrough({ highWaterMark: ENTRY_HIGH_WATER });
  private parts: string[] = [];
  private chars = 0;

  constructor() {
    super();
    this.entry.on('finish', () => this.emit('zipped'));
  }

  /** exceljs writes strings and its own StringBuf (which copies itself out with toBuffer()). */
  write(chunk: string | Buffer | { toBuffer(): Buffer }): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk.toBuffer().toString('utf8');
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= BATCH_CHARS) this.flush();
    return !this.entry.writableNeedDrain;
  }

  end(): void {
    this.flush();
    this.entry.end();
  }

  /** exceljs pauses its StreamBuf so it emits no 'data'; the PassThrough only flows into the zip. */
  pause(): void {}

  get full(): boolean {
    return this.entry.writableNeedDrain;
  }

  get pending(): number {
    return this.chars + this.entry.writableLength + this.entry.readableLength;
  }

  private flush(): void {
    if (this.chars === 0 || this.entry.destroyed) return;
    this.entry.write(this.parts.join(''));
    this.parts = [];
    this.chars = 0;
  }
}

interface WriterInternals {
  _openStream(path: string): unknown;
  zip: { append(source: NodeJS.ReadableStream, data: { name: string }): unknown; abort(): unknown; readableLength: number; writableLength: number };
}

/**
 * Paces an exceljs streaming workbook that writes into `out`: every part it opens (a sheet, its rels)
 * becomes a SheetStream. `rows()` wraps the database rows: after each row is written it waits while
 * the open sheet is full, and it stops (closing the cursor) once `out` is destroyed, which fastify does
 * when the client goes away.
 */
export class PacedWorkbook {
  private open: SheetStream[] = [];

  constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly out: Writable,
    private readonly probe: ExportProbe = {},
  ) {
    const writer = workbook as unknown as WriterInternals;
    writer._openStream = (path: string) => {
      const sheet = new SheetStream();
      writer.zip.append(sheet.entry, { name: path });
      this.open.push(sheet);
      sheet.entry.once('end', () => (this.open = this.open.filter((s) => s !== sheet)));
      return sheet;
    };
  }

  /** The client is gone (or the export failed): stop reading rows. */
  get gone(): boolean {
    return this.out.destroyed;
  }

  /** Bytes written and not yet taken by the socket: open sheets, the zip, and `out`. */
  get pending(): number {
    const zip = (this.workbook as unknown as WriterInternals).zip;
    return this.open.reduce((n, s) => n + s.pending, 0) + zip.readableLength + zip.writableLength + this.out.writableLength;
  }

  /** Yields `source`'s rows, waiting for room after each one and ending early when the client left. */
  async *rows<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    if (this.gone) return;
    for await (const row of source) {
      this.probe.rowRead?.();
      yield row;
      this.probe.pending?.(this.pending);
      const full = this.open.find((s) => s.full);
      if (full) await this.room(full);
      if (this.gone) return; // leaving the loop closes the cursor
    }
  }

  /** Drops what is still buffered when the client left, so nothing waits on a socket that is gone. */
  abort(): void {
    (this.workbook as unknown as WriterInternals).zip.abort();
    for (const sheet of this.open) sheet.entry.destroy();
    this.open = [];
  }

  private room(sheet: SheetStream): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        sheet.entry.off('drain', done);
        sheet.entry.off('close', done);
        this.out.off('close', done);
        resolve();
      };
      sheet.entry.on('drain', done);
      sheet.entry.on('close', done);
      this.out.on('close', done);
      if (!sheet.full || this.gone) done();
    });
  }
}
