// Why: a repeat group's CSV cell is its compact JSON, and PostgreSQL can only write jsonb with spaces
// (`, ` and `: `); dropping them in SQL with a regular expression cost ~200 µs a cell, decoding the
// text and compacting it in JavaScript ~8 µs (issue 14: CSV at COPY's pace). This compacts the UTF-8
// bytes of jsonb's text straight into the output buffer, quoted for CSV, writing exactly what
// csv.ts's jsonTextCell writes, or says it cannot (then the caller uses jsonTextCell). Most of a cell
// is string bytes, so those go through a tight loop that only looks for the closing quote and
// backslashes, and the `: ` or `, ` after a string is taken in one step (decision 324: about half the
// time of a loop that decided every byte's case; Buffer#indexOf per quote cost more than it saved).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const isDigit = (b: number): boolean => b >= ZERO && b <= 0x39;

/** Bytes `jsonBytesCell` may need for `src`: every quote doubled, plus the cell's own quotes. */
export const jsonCellRoom = (src: Buffer): number => src.length * 2 + 2;

/**
 * Writes jsonTextCell(src as text) into `out` at `at` and returns the end, for jsonb's text of an
 * object or of an array starting with an object; -1 (nothing usable written) for anything else, or
 * where JavaScript would write differently: a key such as "0" (JavaScript puts those first) or a
 * number that is not written plainly (a trailing zero, 16 or more digits, under 1e-6).
 */
export function jsonBytesCell(src: Buffer, out: Buffer, at: number): number {
  const n = src.length;
  if (!(src[0] === 0x7b || (src[0] === 0x5b && src[1] === 0x7b))) return -1;
  out[at++] = QUOTE;
  let quoted = false;
  let i = 0;
  while (i < n) {
    const b = src[i]!;
    if (b === QUOTE) {
      // A string: its bytes as they are, every quote (its own and escaped ones) doubled for CSV.
      quoted = true;
      out[at++] = QUOTE;
      out[at++] = QUOTE;
      const first = src[++i];
      for (;;) {
        if (i >= n) return -1;
        const c = src[i]!;
        if (c === QUOTE) break;
        out[at++] = c;
        i++;
        if (c === BACKSLASH) {
          const escaped = src[i++]!;
          out[at++] = escaped;
          if (escaped === QUOTE) out[at++] = QUOTE;
        }
      }
      out[at++] = QUOTE;
      out[at++] = QUOTE;
      i++;
      if (first !== undefined && isDigit(first) && src[i] === COLON) return -1;
      const next = src[i];
      if ((next === COLON || next === COMMA) && src[i + 1] === SPACE) {
        out[at++] = next;
        i += 2;
      }
    } else if (b === SPACE) {
      // outside strings jsonb writes spaces only after `,` and `:`
      i++;
    } else if (isDigit(b) || b === MINUS) {
      let j = i;
      let digits = 0;
      let dot = -1;
      for (; j < n; j++) {
        const c = src[j]!;
        if (c === DOT) dot = j;
        else if (isDigit(c)) digits++;
        else if (c !== MINUS) break;
      }
      if (digits > 15 || (dot !== -1 && src[j - 1] === ZERO)) return -1;
      // Under 1e-6 JavaScript writes an exponent: 0.000000… (after an optional minus).
      const start = b === MINUS ? i + 1 : i;
      if (src[start] === ZERO && dot === start + 1 && j - dot > 6 && src.subarray(dot + 1, dot + 7).every((d) => d === ZERO)) return -1;
      while (i < j) out[at++] = src[i++]!;
    } else {
      out[at++] = b;
      i++;
    }
  }
  if (!quoted) return -1;
  out[at++] = QUOTE;
  return at;
}
