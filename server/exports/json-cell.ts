// Why: a repeat group's CSV cell is its compact JSON, and PostgreSQL can only write jsonb with spaces
// (`, ` and `: `); dropping them in SQL with a regular expression cost ~200 µs a cell, decoding the
// text and compacting it in JavaScript ~8 µs (issue 14: CSV at COPY's pace). This compacts the UTF-8
// bytes of jsonb's text straight into the output buffer, quoted for CSV, writing exactly what
// csv.ts's jsonTextCell writes, or says it cannot (then the caller uses jsonTextCell).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const COLON = 0x3a;
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

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
  if (!(src[0] === 0x7b || (src[0] === 0x5b && src[1] === 0x7b)) || !src.includes(QUOTE)) return -1;
  out[at++] = QUOTE;
  let inString = false;
  let digitKey = false;
  for (let i = 0; i < n; i++) {
    const b = src[i]!;
    if (inString) {
      if (b === BACKSLASH) {
        out[at++] = b;
        const next = src[++i]!;
        out[at++] = next;
        if (next === QUOTE) out[at++] = QUOTE;
      } else if (b === QUOTE) {
        out[at++] = QUOTE;
        out[at++] = QUOTE;
        inString = false;
        if (digitKey && src[i + 1] === COLON) return -1;
      } else {
        out[at++] = b;
      }
    } else if (b === QUOTE) {
      out[at++] = QUOTE;
      out[at++] = QUOTE;
      inString = true;
      digitKey = isDigit(src[i + 1]);
    } else if (b === SPACE) {
      // outside strings jsonb writes spaces only after `,` and `:`
    } else if (isDigit(b) || b === 0x2d) {
      let j = i;
      let digits = 0;
      let dot = -1;
      while (j < n && (isDigit(src[j]) || src[j] === 0x2e || src[j] === 0x2d)) {
        if (src[j] === 0x2e) dot = j;
        else if (src[j] !== 0x2d) digits++;
        j++;
      }
      if (digits > 15 || (dot !== -1 && src[j - 1] === 0x30)) return -1;
      // Under 1e-6 JavaScript writes an exponent: 0.000000… (after an optional minus).
      const start = src[i] === 0x2d ? i + 1 : i;
      if (src[start] === 0x30 && dot === start + 1 && j - dot > 6 && src.subarray(dot + 1, dot + 7).every((d) => d === 0x30)) return -1;
      src.copy(out, at, i, j);
      at += j - i;
      i = j - 1;
    } else {
      out[at++] = b;
    }
  }
  out[at++] = QUOTE;
  return at;
}
