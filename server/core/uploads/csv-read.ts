// A small RFC 4180 reader (quotes, doubled quotes, CRLF, a UTF-8 byte-order mark), enough for
// spreadsheet exports; `;` is accepted as the separator when the header uses it (Excel in some locales).
// It reads incrementally (`push` chunks as they arrive, then `end`), so an upload is never held whole.
export class CsvReader {
  private sep: ',' | ';' | null = null;
  private head = '';
  private row: string[] = [];
  private field = '';
  private quoted = false;
  private quoteSeen = false;
  private skipLf = false;
  private started = false;

  /** Feeds text; returns the rows completed by it. */
  push(text: string): string[][] {
    let input = text;
    if (!this.started) {
      input = input.replace(/^\uFEFF/, '');
      if (input === '') return [];
      this.started = true;
    }
    if (this.sep === null) {
      // The separator is chosen from the first line: hold text back until the line is complete.
      this.head += input;
      const end = this.head.search(/\r|\n/);
      if (end < 0) return [];
      const first = this.head.slice(0, end);
      this.sep = first.includes(';') && !first.includes(',') ? ';' : ',';
      input = this.head;
      this.head = '';
    }
    return this.scan(input);
  }

  /** Flushes the last row. */
  end(): string[][] {
    const rows: string[][] = [];
    if (this.sep === null) {
      const first = this.head;
      this.sep = first.includes(';') && !first.includes(',') ? ';' : ',';
      this.head = '';
      rows.push(...this.scan(first));
    }
    this.quoted = false;
    this.quoteSeen = false;
    if (this.field !== '' || this.row.length > 0) {
      this.row.push(this.field);
      rows.push(this.row);
    }
    this.row = [];
    this.field = '';
    return rows;
  }

  private scan(input: string): string[][] {
    const rows: string[][] = [];
    const sep = this.sep;
    for (let i = 0; i < input.length; i++) {
      const ch = input[i];
      if (this.skipLf) {
        this.skipLf = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else {
          if (ch === '"') this.quoteSeen = true;
          else this.field += ch;
          continue;
        }
      }
      if (ch === '"' && this.field === '') this.quoted = true;
      else if (ch === sep) {
        this.row.push(this.field);
        this.field = '';
      } else if (ch === '\n' || ch === '\r') {
        this.skipLf = ch === '\r';
        this.row.push(this.field);
        rows.push(this.row);
        this.row = [];
        this.field = '';
      } else this.field += ch;
    }
    return rows;
  }
}

/** The whole text at once (small files, tests). */
export function readCsv(source: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(source), ...reader.end()];
}
