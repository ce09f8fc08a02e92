// The repeat-group compactor (server/exports/json-cell.ts) was rewritten for speed (decision 324): for
// any jsonb text it must give exactly what the byte-by-byte compactor it replaced gave (kept below as
// the oracle), the same bytes or the same refusal, and what it writes must be csv.ts's jsonTextCell.
// Inputs are written as PostgreSQL writes jsonb (`, ` and `: `, keys by length then bytes, numbers as
// numeric_out writes them), with the values that matter: quotes, backslashes, control characters,
// Khmer, keys such as "0", numbers with trailing zeros, 16+ digits or under 1e-6.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextCell } from '../../server/exports/csv';
import { jsonBytesCell, jsonCellRoom } from '../../server/exports/json-cell';

/** The compactor before decision 324, unchanged: the oracle. */
function oracle(src: Buffer, out: Buffer, at: number): number {
  const QUOTE = 0x22;
  const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
  const n = src.length;
  if (!(src[0] === 0x7b || (src[0] === 0x5b && src[1] === 0x7b)) || !src.includes(QUOTE)) return -1;
  out[at++] = QUOTE;
  let inString = false;
  let digitKey = false;
  for (let i = 0; i < n; i++) {
    const b = src[i]!;
    if (inString) {
      if (b === 0x5c) {
        out[at++] = b;
        const next = src[++i]!;
        out[at++] = next;
        if (next === QUOTE) out[at++] = QUOTE;
      } else if (b === QUOTE) {
        out[at++] = QUOTE;
        out[at++] = QUOTE;
        inString = false;
        if (digitKey && src[i + 1] === 0x3a) return -1;
      } else {
        out[at++] = b;
      }
    } else if (b === QUOTE) {
      out[at++] = QUOTE;
      out[at++] = QUOTE;
      inString = true;
      digitKey = isDigit(src[i + 1]);
    } else if (b === 0x20) {
      // skipped
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

/** jsonb's text of an object: keys once each, shorter first, then by their UTF-8 bytes. */
function objectText(entries: Array<[string, string]>): string {
  const keys = new Map(entries);
  const sorted = [...keys.keys()].sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${sorted.map((k) => `${JSON.stringify(k)}: ${keys.get(k)}`).join(', ')}}`;
}

const tricky = fc.constantFrom('', '"', '\\', '\\"', 'say "hi"', 'a", "b', 'line\nbreak', 'cr\r', '\r\n', 'tab\t', '\u0001\u001f\u007f', ', ', ': ', '}, {', 'ខ្មែរ, "ក"', '=SUM(A1)', '-1', '0.10', '1e21', 'null');
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tricky);
/** Keys: few start with a digit (any such key makes the whole cell Node's, so they would hide the rest). */
const key = fc.oneof({ arbitrary: fc.oneof(fc.string(), text).filter((k) => !/^[0-9]/.test(k)), weight: 30 }, fc.constantFrom('0', '10', '9x'));
/** A number as numeric_out writes it (never -0): trailing zeros, 16+ digits and 0.000000… included. */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof({ arbitrary: fc.constant('0'), weight: 2 }, { arbitrary: fc.nat(100_000).map(String), weight: 6 }, { arbitrary: fc.bigInt({ min: 1n, max: 10n ** 22n }).map(String), weight: 1 }),
    fc.option(fc.oneof({ arbitrary: fc.stringMatching(/^[0-9]{0,5}[1-9]$/), weight: 4 }, fc.stringMatching(/^[0-9]{1,12}$/), fc.stringMatching(/^0{4,8}[1-9][0-9]{0,3}$/)), { nil: undefined, freq: 3 }),
  )
  .map(([negative, whole, fraction]) => `${negative && (whole !== '0' || fraction) ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
const scalar = fc.oneof({ arbitrary: text.map((s) => JSON.stringify(s)), weight: 4 }, { arbitrary: numberText, weight: 2 }, fc.constantFrom('true', 'false', 'null'));
const { value, object } = fc.letrec<{ value: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, scalar, fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`), tie('object')),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map(objectText),
}));
/** What a repeat group holds (an array of objects), and anything else jsonb can hold. */
const jsonbText = fc.oneof({ arbitrary: fc.array(object, { minLength: 1, maxLength: 4 }).map((items) => `[${items.join(', ')}]`), weight: 4 }, { arbitrary: object, weight: 2 }, value);

const run = (compact: (src: Buffer, out: Buffer, at: number) => number, src: Buffer): string | null => {
  const out = Buffer.alloc(jsonCellRoom(src) + 3, 0x7e);
  const end = compact(src, out, 3);
  return end === -1 ? null : out.toString('utf8', 3, end);
};

describe('repeat-group JSON compactor (json-cell.ts)', () => {
  it('writes what the compactor it replaced wrote, and that is jsonTextCell', () => {
    let compacted = 0;
    fc.assert(
      fc.property(jsonbText, (t) => {
        const src = Buffer.from(t);
        const got = run(jsonBytesCell, src);
        expect(got).toBe(run(oracle, src));
        if (got !== null) {
          compacted++;
          expect(got).toBe(jsonTextCell(t));
        }
      }),
      { numRuns: 3000, seed: 324 },
    );
    expect(compacted).toBeGreaterThan(600); // the others test the refusals
  });

  it('writes real repeat rows and edge values as before', () => {
    const cases = [
      '[{"n": 3, "ok": true, "due": "2026-03-01", "none": null, "issue": "Not enough staff, at night", "status": "ongoing"}, {"l": [1, 2.5, -3], "q": "say \\"hi\\""}]',
      '{"a": "ខ្មែរ, \\"ក\\"", "b": "line\\nbreak\\r", "c": "\\\\", "d": "\\\\\\"", "e": "\\u0001"}',
      '{"a": 0.1, "b": -0.5, "c": 0.000001, "d": 123456789012345, "e": -123456789012345}',
      '{"a": 1.50}', '{"a": 1234567890123456}', '{"a": 0.0000001}', '{"a": -0.0000001}', '{"a": 1000000000000000000000}',
      '{"0": 1}', '{"10": "x", "a": "y"}', '{"a": {"0": 1}}', '{"9x": 1}', '{"a": "0"}',
      '[{}]', '{}', '[{"a": []}, {}]', '[]', '[1, {"a": 1}]', '"text"', '12', 'null', '[{"a": [{"b": [true, false, null]}]}]',
    ];
    for (const t of cases) {
      const src = Buffer.from(t);
      expect([t, run(jsonBytesCell, src)]).toEqual([t, run(oracle, src)]);
      const got = run(jsonBytesCell, src);
      if (got !== null) expect(got).toBe(jsonTextCell(t));
    }
    expect(run(jsonBytesCell, Buffer.from(cases[0]!))).toBe('"[{""n"":3,""ok"":true,""due"":""2026-03-01"",""none"":null,""issue"":""Not enough staff, at night"",""status"":""ongoing""},{""l"":[1,2.5,-3],""q"":""say \\""hi\\""""}]"');
  });

  it('writes at the offset it is given and no further than jsonCellRoom', () => {
    const src = Buffer.from('[{"q": "\\"\\"\\"", "r": "\\""}]');
    const out = Buffer.alloc(10 + jsonCellRoom(src) + 10, 0x7e);
    const end = jsonBytesCell(src, out, 10);
    expect(end).toBeLessThanOrEqual(10 + jsonCellRoom(src));
    expect(out.subarray(0, 10).every((b) => b === 0x7e)).toBe(true);
    expect(out.subarray(end).every((b) => b === 0x7e)).toBe(true);
    expect(out.toString('utf8', 10, end)).toBe(jsonTextCell(src.toString()));
  });
});
