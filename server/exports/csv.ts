// CSV encoding (RFC 4180) with a guard against spreadsheet formula injection: text that starts with
// = + - @ or a control character is prefixed with an apostrophe.
import { cellValue } from './columns';
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: Array<string | number | boolean | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Same guard for XLSX text cells. */
export function safeText<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** An answer from its JSON text (as `data #> path` gives it): the value JSON.parse would give. */
export function parseJsonText(text: string | null): unknown {
  if (text === null) return undefined;
  const c = text.charCodeAt(0);
  if (c === 34 && !text.includes('\\')) return text.slice(1, -1); // a string without escapes
  if ((c >= 48 && c <= 57) || c === 45) return Number(text);
  return JSON.parse(text);
}

/**
 * `csvCell(cellValue(JSON.parse(text)))` for an answer's JSON text, without the parse: strings and
 * numbers directly, and objects or arrays of objects (a repeat group's cell) compacted from jsonb's
 * text in one pass (jsonb writes `, ` and `: ` between items and escapes strings as JSON.stringify
 * does). Keys that look like array indexes (JavaScript puts those first) go the slow, exact way.
 */
export function jsonTextCell(text: string | null): string {
  if (text === null) return '';
  const c = text.charCodeAt(0);
  if (c === 34) return csvCell(text.includes('\\') ? (JSON.parse(text) as string) : text.slice(1, -1));
  if (c === 123 || (c === 91 && text.charCodeAt(1) === 123)) return jsonCell(text) ?? csvCell(cellValue(JSON.parse(text)));
  if (c === 91) return csvCell(cellValue(JSON.parse(text)));
  if (text === 'null') return '';
  if (text === 'true' || text === 'false') return text;
  return String(Number(text));
}

/** A JSON number as JSON.stringify writes it after JSON.parse (1E3 → 1000, 1e400 → null). */
function jsNumber(token: string): string {
  const n = Number(token);
  return Number.isFinite(n) ? String(n) : 'null';
}

/** Punctuation, numbers and literals between strings, without jsonb's spaces. */
function structural(seg: string): string {
  if (seg === ', ') return ',';
  if (seg === ': ') return ':';
  const compact = seg.replaceAll(' ', '');
  return /[0-9]/.test(compact) ? compact.replace(/-?[0-9][0-9.eE+-]*/g, jsNumber) : compact;
}

/** The compact JSON of jsonb text `text`, as a CSV cell; null when a key needs JavaScript's ordering. */
function jsonCell(text: string): string | null {
  let out = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const q = text.indexOf('"', i);
    const stop = q === -1 ? n : q;
    if (stop > i) {
      const s = structural(text.slice(i, stop));
      if (!quoted && s.includes(',')) quoted = true;
      out += s;
    }
    if (q === -1) break;
    let j = q + 1;
    for (;;) {
      j = text.indexOf('"', j);
      if (j === -1) return null;
      let b = j - 1;
      while (text.charCodeAt(b) === 92) b--;
      if ((j - 1 - b) % 2 === 0) break; // not escaped: the string ends here
      j++;
    }
    const content = text.slice(q + 1, j);
    const first = content.charCodeAt(0);
    if (first >= 48 && first <= 57 && text.charCodeAt(j + 1) === 58) return null; // a key such as "0"
    out += `""${content.includes('"') ? content.replaceAll('"', '""') : content}""`;
    quoted = true;
    i = j + 1;
  }
  return quoted ? `"${out}"` : out;
}
