// A definition's pattern means the same on every side: the server (re2js), the browser's Ajv
// (native JavaScript) and formio.js (`new RegExp('^' + p + '$')`, no flags) all give the verdict of
// the pattern read with the `u` flag, as JSON Schema asks. Property-based over generated patterns.
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { khmerReason } from '../../../form-engine/patterns/reasons';
import { checkDefinition, formioPatternSource, fromFormio, nativeMatcher, patternProblem, re2Matcher, toFormio, type Definition } from '../../../form-engine/index';
import { loadFixtures } from './support/corpus';

const re2 = (source: string) => {
  const re = RE2JS.compile(source);
  return { test: (value: string) => re.matcher(value).find() };
};

function verdicts(pattern: string, value: string): Record<string, boolean> {
  return {
    reference: new RegExp(pattern, 'u').test(value),
    formio: new RegExp(`^${formioPatternSource(pattern)}$`).test(value),
    browserAjv: nativeMatcher(pattern).test(value),
    serverRe2: re2Matcher(pattern, re2).test(value),
  };
}

const ATOMS = ['a', 'b', 'ក', 'ា', '😀', '-', ' ', '\\.', '.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '[a-c]', '[^a]', '[ក-អ]', '[^ក-អ ]', '[😀-😂]', '[^😀]', '\\p{L}', '\\P{L}', '\\p{Letter}', '\\p{Script=Khmer}', '\\p{Nd}', '\\u{1F600}', '\\uD83D\\uDE01', '[\\s\\S]', '\\x41', '\\b', '\\B'];
const QUANTIFIERS = ['', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?', '+?'];
const ALPHABET = ['a', 'b', 'c', 'A', '1', ' ', '\u00a0', 'ក', 'ា', 'អ', '😀', '😁', '𝐀', '\n', 'é', '-', '.'];

const atom: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)).map(([a, q]) => (a.startsWith('\\b') || a.startsWith('\\B') ? a : a + q)) },
  { weight: 1, arbitrary: fc.tuple(fc.array(fc.constantFrom(...ATOMS.filter((a) => !a.startsWith('\\b') && !a.startsWith('\\B'))), { minLength: 1, maxLength: 3 }), fc.constantFrom('(', '(?:'), fc.constantFrom('', '+', '?', '{1,2}'), fc.boolean()).map(([items, open, q, alt]) => `${open}${alt ? items.join('|') : items.join('')})${q}`) },
);
const pattern = fc.tuple(fc.boolean(), fc.array(atom, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean()).map(([start, atoms, end, alt]) => {
  const body = alt && atoms.length > 1 ? `${atoms.slice(0, 1).join('')}|${atoms.slice(1).join('')}` : atoms.join('');
  return `${start ? '^' : ''}${body}${end ? '$' : ''}`;
});
const value = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 6 }).map((chars) => chars.join(''));

describe('patterns: one verdict on every engine', () => {
  it('agrees with the u-flag reading on generated patterns and values (emoji, Khmer, \\p{…}, negations)', () => {
    fc.assert(
      fc.property(pattern, fc.array(value, { minLength: 1, maxLength: 8 }), (p, values) => {
        expect(patternProblem(p), p).toBeUndefined();
        for (const v of values) {
          const all = verdicts(p, v);
          expect(new Set(Object.values(all)).size, `${p} on ${JSON.stringify(v)}: ${JSON.stringify(all)}`).toBe(1);
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('accepts only valid u-flag syntax, and then agrees (random strings of syntax characters)', () => {
    const SYNTAX = ['a', 'b', '(', ')', '[', ']', '{', '}', '|', '*', '+', '?', '^', '$', '.', '\\', '-', ',', '1', '2', 'd', 'D', 'w', 's', 'S', 'p', 'P', 'u', 'x', 'b', 'B', 'k', '<', '>', '=', '!', ':', '😀', 'ក', '0', 'c', '/', ' '];
    const VALUES = ['', 'a', 'ab', 'b-a', '😀', 'ក1', 'a{1}', '(a)', 'a|b', ' ', '\n', '12', '-,'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SYNTAX), { minLength: 1, maxLength: 8 }), (chars) => {
        const p = chars.join('');
        if (patternProblem(p) !== undefined) return;
        expect(() => new RegExp(p, 'u'), p).not.toThrow();
        for (const v of VALUES) {
          const all = verdicts(p, v);
          expect(new Set(Object.values(all)).size, `${p} on ${JSON.stringify(v)}: ${JSON.stringify(all)}`).toBe(1);
        }
      }),
      { numRuns: 1000, seed: 42 },
    );
  });

  it.each([
    ['^\\p{Letter}+$', 'Hello', true],
    ['^\\p{Letter}+$', 'H3llo', false],
    ['^\\p{Script=Khmer}+$', 'ស្រុក', true],
    ['^.$', '😀', true],
    ['^..$', '😀', false],
    ['^[^a]$', '😀', true],
    ['^\\S{2}$', '😀😀', true],
    ['^😀{2}$', '😀😀', true],
    ['^\\u{1F600}$', '😀', true],
  ])('%s on %j is %s everywhere (formio.js alone would say otherwise without the rewrite)', (p, v, expected) => {
    expect(verdicts(p, v)).toEqual({ reference: expected, formio: expected, browserAjv: expected, serverRe2: expected });
  });

  it('formio.js without the rewrite disagrees on these (why the rewrite exists)', () => {
    expect(new RegExp('^\\p{Letter}+$').test('Hello')).toBe(false);
    expect(new RegExp('^.$').test('😀')).toBe(false);
  });

  it.each([
    ['^(a)\\1$', 'backreferences'],
    ['^\\k<x>$', 'backreferences'],
    ['^(?=a)a$', 'lookahead'],
    ['^(?<!a)b$', 'lookahead'],
    ['^(?i:a)$', 'modifiers'],
    ['^a{1001}$', 'may not exceed 1000'],
    ['^(?:a{10}){101}$', 'multiply past 1000'],
    ['^(?:a{2}b{3}){334}$', 'multiply past 1000'],
    ['^a{2,1}$', 'out of order'],
    ['^a**$', 'repeated directly'],
    ['^*a$', 'nothing to repeat'],
    ['^[]$', 'matches nothing'],
    ['^\\p{NoSuchThing}$', 'unknown Unicode property'],
    ['^\\q$', 'not a valid escape'],
    ['a{', 'repeat count'],
    ['a]', '\\]'],
    ['(a', 'missing ")"'],
    ['x'.repeat(513), 'longer than 512'],
  ])('refuses %s (%s), with the reason in Khmer too', (p, reason) => {
    const problem = patternProblem(p)!;
    expect(problem).toContain(reason);
    expect(khmerReason(problem)).toMatch(/[\u1780-\u17FF]/);
  });

  it('accepts nested counts within RE2’s budget', () => {
    for (const p of ['^(?:a{10}){100}$', '^(?:a{2}b{3}){300}$', '^(?:a*){1000}$', '^(?:a{0}){1000}$']) expect(patternProblem(p), p).toBeUndefined();
    for (const p of ['^(?:a{10}){100}$', '^(?:a{2}|b{3}){300}$']) expect(() => RE2JS.compile(p)).not.toThrow();
  });

  it('reports an unsupported pattern as INVALID_DEFINITION at its path', () => {
    const def = structuredClone(loadFixtures().find((f) => f.file === 'text-widgets.json')!.definition) as Definition;
    const key = Object.keys(def.properties).find((k) => def.properties[k]!.type === 'string' && !def.properties[k]!.format)!;
    def.properties[key]!.pattern = '^(a)\\1$';
    expect(checkDefinition(def).map((p) => `${p.code} ${p.path}`)).toEqual([`INVALID_DEFINITION properties.${key}.pattern`]);
  });

  it('keeps the definition’s pattern text through the builder (toFormio → fromFormio)', () => {
    const def = structuredClone(loadFixtures().find((f) => f.file === 'text-widgets.json')!.definition) as Definition;
    const key = Object.keys(def.properties).find((k) => def.properties[k]!.type === 'string' && !def.properties[k]!.format)!;
    def.properties[key]!.pattern = '^\\p{Letter}+(?: \\p{Letter}+)*$';
    const back = fromFormio(toFormio(def, 'en'));
    expect(back.properties[key]!.pattern).toBe('^\\p{Letter}+(?: \\p{Letter}+)*$');
  });
});
