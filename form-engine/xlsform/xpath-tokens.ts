// The first stage of the XPath subset: one linear pass from characters to tokens. It also holds the
// error kit (XPathError, the bilingual failure helpers), because the tokenizer is the first stage to
// report a construct outside the subset, and every later stage throws the same XPathFailure.

export interface XPathError {
  code: 'XPATH_SYNTAX' | 'XPATH_UNSUPPORTED' | 'XPATH_UNKNOWN_FIELD';
  /** 0-based offset of the offending token in the expression. */
  at: number;
  message: { en: string; km: string };
}

type Text = { en: string; km: string };

export class XPathFailure {
  constructor(readonly error: XPathError) {}
}

function failure(code: XPathError['code'], at: number, text: Text): XPathFailure {
  return new XPathFailure({
    code,
    at,
    message: { en: `${text.en} at character ${at}`, km: `${text.km} នៅតួអក្សរទី ${at}` },
  });
}

function unsupportedFailure(at: number, what: Text): XPathFailure {
  return failure('XPATH_UNSUPPORTED', at, { en: `Unsupported ${what.en}`, km: `មិនគាំទ្រ${what.km}` });
}

function unexpectedFailure(at: number, shown: string): XPathFailure {
  return failure('XPATH_SYNTAX', at, { en: `Unexpected “${shown}”`, km: `មិនរំពឹងថាមាន “${shown}”` });
}

export function fail(code: XPathError['code'], at: number, text: Text): never {
  throw failure(code, at, text);
}

export function unsupported(at: number, what: Text): never {
  throw unsupportedFailure(at, what);
}

export function unexpected(at: number, shown: string): never {
  throw unexpectedFailure(at, shown);
}

// ---------------------------------------------------------------------------------------------------
// Tokenizer: one pass over the characters, no regular expression beyond single-character classes.

export type Token =
  | { kind: 'num'; at: number; value: number; text: string }
  | { kind: 'str'; at: number; value: string; text: string }
  | { kind: 'field'; at: number; value: string; text: string }
  | { kind: 'dot'; at: number; text: string }
  | { kind: 'name'; at: number; value: string; text: string }
  | { kind: 'op'; at: number; value: string; text: string }
  | { kind: '(' | ')' | ','; at: number; text: string }
  | { kind: 'eof'; at: number; text: string }
  /** A construct outside the subset (or malformed): the parser throws it when it reaches it. */
  | { kind: 'bad'; at: number; error: XPathFailure; text: string };

const LETTER = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{M}\p{N}_.-]/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
function isNameStart(c: string | undefined): boolean {
  return c !== undefined && LETTER.test(c);
}
function isNameChar(c: string | undefined): boolean {
  return c !== undefined && NAME_CHAR.test(c);
}

function badToken(at: number, text: string, error: XPathFailure): Token {
  return { kind: 'bad', at, error, text };
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const at = i;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      while (isDigit(source[i])) i++;
      if (source[i] === '.') {
        i++;
        while (isDigit(source[i])) i++;
      }
      const text = source.slice(at, i);
      const value = Number(text);
      tokens.push(
        Number.isFinite(value)
          ? { kind: 'num', at, value, text }
          : badToken(at, text, unsupportedFailure(at, { en: `number ${text.slice(0, 20)}… (too large)`, km: `លេខ ${text.slice(0, 20)}… (ធំពេក)` })),
      );
      continue;
    }
    if (c === "'" || c === '"') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) {
        tokens.push(badToken(at, c, failure('XPATH_SYNTAX', at, { en: `Unclosed quote ${c}`, km: `សញ្ញាសម្រង់ ${c} មិនបានបិទ` })));
        break;
      }
      tokens.push({ kind: 'str', at, value: source.slice(i + 1, close), text: source.slice(at, close + 1) });
      i = close + 1;
      continue;
    }
    if (c === '$') {
      if (source[i + 1] !== '{') {
        i++;
        while (isNameChar(source[i])) i++;
        const text = source.slice(at, i);
        tokens.push(badToken(at, text, unsupportedFailure(at, { en: `variable “${text}” (write a field as \${name})`, km: `អថេរ “${text}” (សរសេរវាលជា \${name})` })));
        continue;
      }
      i += 2;
      const start = i;
      while (isNameChar(source[i])) i++;
      const name = source.slice(start, i);
      if (source[i] !== '}' || name === '') {
        const shown = source[i] ?? '';
        const error =
          i >= n
            ? failure('XPATH_SYNTAX', at, { en: 'Unclosed ${', km: '${ មិនបានបិទ' })
            : name === '' && shown === '}'
              ? failure('XPATH_SYNTAX', at, { en: 'Empty field name ${}', km: 'ឈ្មោះវាលទទេ ${}' })
              : failure('XPATH_SYNTAX', i, { en: `Invalid character “${shown}” in a field name`, km: `តួអក្សរ “${shown}” មិនអាចនៅក្នុងឈ្មោះវាលបានទេ` });
        tokens.push(badToken(at, source.slice(at, i + 1), error));
        break;
      }
      i++;
      tokens.push({ kind: 'field', at, value: name, text: source.slice(at, i) });
      continue;
    }
    if (c === '.') {
      if (source[i + 1] === '.') {
        i += 2;
        tokens.push(badToken(at, '..', unsupportedFailure(at, { en: 'path “..” (write a field as ${name})', km: 'ផ្លូវ “..” (សរសេរវាលជា ${name})' })));
        continue;
      }
      i++;
      tokens.push({ kind: 'dot', at, text: '.' });
      continue;
    }
    if (c === '&') {
      const entity = source.startsWith('&lt;', i) ? '<' : source.startsWith('&gt;', i) ? '>' : undefined;
      if (!entity) {
        i++;
        tokens.push(badToken(at, '&', unexpectedFailure(at, '&')));
        continue;
      }
      i += 4;
      if (source[i] === '=') {
        i++;
        tokens.push({ kind: 'op', at, value: `${entity}=`, text: source.slice(at, i) });
      } else tokens.push({ kind: 'op', at, value: entity, text: source.slice(at, i) });
      continue;
    }
    if (c === '<' || c === '>' || c === '!') {
      if (source[i + 1] === '=') {
        i += 2;
        tokens.push({ kind: 'op', at, value: `${c}=`, text: `${c}=` });
      } else if (c === '!') {
        i++;
        tokens.push(badToken(at, '!', unexpectedFailure(at, '!')));
      } else {
        i++;
        tokens.push({ kind: 'op', at, value: c, text: c });
      }
      continue;
    }
    if (c === '=' || c === '+' || c === '-' || c === '*') {
      i++;
      tokens.push({ kind: 'op', at, value: c, text: c });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: c, at, text: c });
      continue;
    }
    if (c === '/') {
      const text = source[i + 1] === '/' ? '//' : '/';
      i += text.length;
      tokens.push(badToken(at, text, unsupportedFailure(at, { en: `path “${text}” (write a field as \${name})`, km: `ផ្លូវ “${text}” (សរសេរវាលជា \${name})` })));
      continue;
    }
    if (c === '|') {
      i++;
      tokens.push(badToken(at, '|', unsupportedFailure(at, { en: 'node-set union “|”', km: 'ការបូកបញ្ចូលសំណុំថ្នាំង “|”' })));
      continue;
    }
    if (c === '[' || c === ']') {
      i++;
      tokens.push(badToken(at, c, unsupportedFailure(at, { en: `predicate “${c}”`, km: `លក្ខខណ្ឌត្រង “${c}”` })));
      continue;
    }
    if (c === '@') {
      i++;
      tokens.push(badToken(at, '@', unsupportedFailure(at, { en: 'attribute “@”', km: 'គុណលក្ខណៈ “@”' })));
      continue;
    }
    if (isNameStart(c)) {
      i++;
      while (isNameChar(source[i])) i++;
      if (source[i] === ':') {
        if (source[i + 1] === ':') {
          const where = i;
          tokens.push({ kind: 'name', at, value: source.slice(at, i), text: source.slice(at, i) });
          i += 2;
          tokens.push(badToken(where, '::', unsupportedFailure(where, { en: 'axis “::”', km: 'អ័ក្ស “::”' })));
          continue;
        }
        if (isNameStart(source[i + 1])) {
          i++;
          while (isNameChar(source[i])) i++;
        }
      }
      const text = source.slice(at, i);
      tokens.push({ kind: 'name', at, value: text, text });
      continue;
    }
    i++;
    tokens.push(badToken(at, c, unexpectedFailure(at, c)));
  }
  tokens.push({ kind: 'eof', at: n, text: '' });
  return tokens;
}
