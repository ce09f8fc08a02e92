// Types per form version (GET /api/types/<key>@<version>.d.ts|.schema.json) on every engine: generated
// on publish, compiled with the TypeScript compiler against valid and invalid data, the JSON Schema
// agreeing with the server's verdict under Ajv, drafts and unknown versions refused with their codes,
// who may download, ETag/304, and two versions giving two different files.
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password';
import { insertUser } from '../../server/users/users.repository';
import { sha256Hex } from '../../server/definitions/form-artifacts.service';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const SAVE = 'mutation($key: String!, $schema: JSON!) { saveDraft(key: $key, schema: $schema) { version } }';
const PUBLISH = 'mutation($key: String!) { publish(key: $key) { version publishedAt } }';
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';

// In-memory compilation: the downloaded file and a program using it; lib files come from disk, parsed once.
const LIB_DIR = dirname(createRequire(import.meta.url).resolve('typescript'));
const OPTIONS: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'], types: [], exactOptionalPropertyTypes: false };
const libCache = new Map<string, ts.SourceFile>();
// The first program parses the lib files and the first publish loads prettier: slow on a busy machine.
const COMPILER_TIMEOUT = 120_000;

function compile(files: Record<string, string>): Array<{ file: string | undefined; code: number; message: string }> {
  const host = ts.createCompilerHost(OPTIONS);
  const virtual = (name: string) => (name.startsWith('/virtual/') ? files[name.slice('/virtual/'.length)] : undefined);
  host.getDefaultLibLocation = () => LIB_DIR;
  host.getDefaultLibFileName = (options) => join(LIB_DIR, ts.getDefaultLibFileName(options));
  host.fileExists = (name) => virtual(name) !== undefined || (!name.startsWith('/virtual/') && ts.sys.fileExists(name));
  host.readFile = (name) => virtual(name) ?? (name.startsWith('/virtual/') ? undefined : ts.sys.readFile(name));
  host.getSourceFile = (name, languageVersion) => {
    const text = virtual(name);
    if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
    let lib = libCache.get(name);
    if (!lib) {
      lib = ts.createSourceFile(name, readFileSync(name, 'utf8'), languageVersion, true);
      libCache.set(name, lib);
    }
    return lib;
  };
  host.directoryExists = (name) => name.startsWith('/virtual') || ts.sys.directoryExists(name);
  host.realpath = (name) => name;
  host.writeFile = () => undefined;
  host.getCurrentDirectory = () => '/virtual/';
  const program = ts.createProgram({ rootNames: Object.keys(files).map((f) => `/virtual/${f}`), options: OPTIONS, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ({ file: d.file?.fileName.replace('/virtual/', ''), code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
}

const usage = (data: string, version = 1) => `
import type { FORM_KEY, FORM_VERSION, SubmissionData, SubmitInput, TypedFormV${version} } from './typed-form';
const data: SubmissionData = ${data};
const same: TypedFormV${version} = data;
const key: FORM_KEY = 'typed-form';
const version: FORM_VERSION = ${version};
export const input: SubmitInput = { id: '6f1c2a4e-0000-4000-8000-000000000001', definitionKey: key, definitionVersion: version, data: same };
`;

describe.each(engines)('form types on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}, token: string | null = t.token) =>
    t.app.inject({ method: 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const artifacts = (key: string) => t.services.db.selectFrom('definition_artifact').select(['version', 'kind', 'sha256', 'generator']).where('key', '=', key).orderBy('version').orderBy('kind').execute();

  async function publishTyped(schema: object = simpleForm): Promise<{ version: number; publishedAt: string }> {
    expect((await t.gql(SAVE, { key: 'typed-form', schema })).errors).toBeUndefined();
    const res = await t.gql(PUBLISH, { key: 'typed-form' });
    expect(res.errors).toBeUndefined();
    return res.data.publish;
  }

  it('generates the files on publish and serves a .d.ts that types valid data and refuses invalid data', async () => {
    const published = await publishTyped();
    const stored = await artifacts('typed-form');
    expect(stored.map((a) => [a.version, a.kind, a.generator])).toEqual([
      [1, 'dts', 'sa-studio-form-types/1 json-schema-to-typescript@16.0.0'],
      [1, 'schema', 'sa-studio-form-types/1 json-schema-to-typescript@16.0.0'],
    ]);

    const res = await get('/api/types/typed-form@1.d.ts');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/typescript; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="typed-form@1.d.ts"');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers.etag).toBe(`"${sha256Hex(res.body)}"`);
    expect(res.headers.etag).toBe(`"${stored[0]!.sha256}"`);
    const dts = res.body;
    expect(dts).toContain(' * SA Studio form types: typed-form@1\n * Test form\n * ទម្រង់សាកល្បង\n');
    expect(dts).toContain(` * Published: ${new Date(published.publishedAt).toISOString()}\n`);
    expect(dts).toContain("export type FORM_KEY = 'typed-form';\n");
    expect(dts).toContain('export type FORM_VERSION = 1;\n');
    expect(dts).toContain('export interface TypedFormV1 {\n');
    expect(dts).toMatch(/\/\*\*\n {3}\* ឈ្មោះ \/ Name\n {3}\*\/\n {2}name: string;/);
    // `issue` is required only when shown (x-visible-when): optional in the type, with the condition noted.
    expect(dts).toContain('Asked only when {"==":[{"var":"has_issue"},true]} holds; otherwise the server drops it.');
    expect(dts).toMatch(/\n {2}issue\?: string;/);

    const valid = compile({ 'typed-form.d.ts': dts, 'use.ts': usage(JSON.stringify(validAnswer)) });
    expect(valid).toEqual([]);
    // A text where a number belongs, a missing required field and an option outside the form.
    const { name: _name, ...withoutName } = validAnswer;
    const invalid = compile({
      'typed-form.d.ts': dts,
      'use.ts': usage(JSON.stringify({ ...validAnswer, score: 'four' })) + `\nexport const missing: SubmissionData = ${JSON.stringify(withoutName)};\nexport const other: SubmitInput = { ...input, definitionVersion: 2 };\n`,
    });
    expect(invalid.map((d) => [d.file, d.code])).toEqual([
      ['use.ts', 2322],
      ['use.ts', 2741],
      ['use.ts', 2322],
    ]);
    expect(invalid[0]!.message).toBe("Type 'string' is not assignable to type 'number'.");
    expect(invalid[1]!.message).toMatch(/^Property 'name' is missing in type .* but required in type 'TypedFormV1'\.$/s);
    expect(invalid[2]!.message).toBe("Type '2' is not assignable to type '1'.");
  }, COMPILER_TIMEOUT);

  it('serves the JSON Schema the server validates against: Ajv and the server agree', async () => {
    await publishTyped();
    const res = await get('/api/types/typed-form@1.schema.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="typed-form@1.schema.json"');
    const schema = res.json() as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('typed-form@1: Test form');
    expect(schema.required).toEqual(['commune', 'date', 'name', 'score']);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const check = ajv.compile(schema);

    const samples: Array<{ name: string; data: Record<string, unknown>; valid: boolean }> = [
      { name: 'valid', data: { ...validAnswer }, valid: true },
      { name: 'issue shown and answered', data: { ...validAnswer, has_issue: true, issue: 'no water' }, valid: true },
      { name: 'missing name', data: { ...validAnswer, name: undefined }, valid: false },
      { name: 'blank name', data: { ...validAnswer, name: '   ' }, valid: false },
      { name: 'score out of range', data: { ...validAnswer, score: 9 }, valid: false },
      { name: 'not a date', data: { ...validAnswer, date: '2026-02-31x' }, valid: false },
      { name: 'unknown field', data: { ...validAnswer, extra: 1 }, valid: false },
      { name: 'repeat row without its required label', data: { ...validAnswer, items: [{ count: 1 }] }, valid: false },
    ];
    const verdicts = [];
    for (const sample of samples) {
      const data = JSON.parse(JSON.stringify(sample.data)) as Record<string, unknown>;
      const submitted = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'typed-form', definitionVersion: 1, data } });
      verdicts.push({ name: sample.name, ajv: check(data), server: submitted.errors === undefined ? 'STORED' : submitted.errors[0]!.extensions.code });
    }
    expect(verdicts).toEqual(samples.map((s) => ({ name: s.name, ajv: s.valid, server: s.valid ? 'STORED' : 'VALIDATION_FAILED' })));

    // A condition is the server's alone (docs/api.md): the schema cannot say "issue is required when has_issue".
    const conditional = { ...validAnswer, has_issue: true };
    expect(check(conditional)).toBe(true);
    const refused = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'typed-form', definitionVersion: 1, data: conditional } });
    expect(refused.errors?.[0]?.extensions.errors?.map((e) => [e.path, e.keyword])).toEqual([['issue', 'required']]);
  });

  it('serves the shipped forms (generated on first request, stored once) with the committed declarations', async () => {
    expect(await artifacts('jaap')).toEqual([]);
    const first = await get('/api/types/jaap@1.d.ts');
    expect(first.statusCode).toBe(200);
    const stored = await artifacts('jaap');
    expect(stored.map((a) => [a.version, a.kind])).toEqual([[1, 'dts'], [1, 'schema']]);
    const again = await get('/api/types/jaap@1.d.ts');
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(`"${stored[0]!.sha256}"`);
    // Only the header differs from definitions/types/jaap.v1.ts (which the demo seed and tests import).
    const committed = readFileSync('definitions/types/jaap.v1.ts', 'utf8');
    const body = (text: string) => text.slice(text.indexOf('/** The form this file describes'));
    expect(body(first.body)).toBe(body(committed));
    expect(body(first.body)).toContain('export interface JaapV1ActionsItem {');
    const schema = await get('/api/types/jaap@1.schema.json');
    expect((schema.json() as { required: string[] }).required).toEqual(['commune', 'cycle_year', 'interface_meeting_date', 'actions']);
  });

  it('refuses drafts, unknown versions, non-forms and malformed names with their codes', async () => {
    expect((await t.gql(SAVE, { key: 'typed-form', schema: simpleForm })).errors).toBeUndefined();
    const code = async (url: string, token: string | null = t.token) => {
      const res = await get(url, {}, token);
      const body = res.json() as { code: string; errors?: Array<{ path: string; keyword: string }> };
      return [res.statusCode, body.code, body.errors?.map((e) => `${e.path}:${e.keyword}`).join(',')];
    };
    expect(await code('/api/types/typed-form@1.d.ts')).toEqual([404, 'DEFINITION_NOT_PUBLISHED', 'version:published']);
    expect(await code('/api/types/typed-form@1.schema.json')).toEqual([404, 'DEFINITION_NOT_PUBLISHED', 'version:published']);
    expect(await code('/api/types/typed-form@latest.d.ts')).toEqual([404, 'DEFINITION_NOT_PUBLISHED', 'version:published']);
    expect(await code('/api/types/typed-form@2.d.ts')).toEqual([404, 'DEFINITION_NOT_FOUND', 'version:exists']);
    expect(await code('/api/types/no-such-form@1.d.ts')).toEqual([404, 'DEFINITION_NOT_FOUND', 'version:exists']);
    expect(await code('/api/types/no-such-form@latest.d.ts')).toEqual([404, 'DEFINITION_NOT_FOUND', 'key:exists']);
    expect(await code('/api/types/average-score@1.d.ts')).toEqual([404, 'DEFINITION_NOT_FOUND', 'version:exists']);
    expect(await code('/api/types/Jaap@1.d.ts')).toEqual([400, 'BAD_INPUT', 'key:pattern']);
    expect(await code('/api/types/jaap@0.d.ts')).toEqual([400, 'BAD_INPUT', 'version:pattern']);
    expect(await code('/api/types/jaap@99999999999.d.ts')).toEqual([400, 'BAD_INPUT', 'version:pattern']);
    expect(await code('/api/types/jaap.d.ts')).toEqual([400, 'BAD_INPUT', 'version:pattern']);
    expect(await code('/api/types/jaap@1.ts')).toEqual([400, 'BAD_INPUT', 'file:format']);
    expect(await code('/api/types/')).toEqual([400, 'BAD_INPUT', 'file:format']);
    expect(await code('/api/types/jaap@1.d.ts/more')).toEqual([404, 'NOT_FOUND', undefined]);
    // A reader who may not edit definitions never learns of drafts.
    const reader = await userWith([{ role: 'viewer', geoCode: '' }]);
    expect(await code('/api/types/typed-form@1.d.ts', reader)).toEqual([404, 'DEFINITION_NOT_FOUND', 'version:exists']);
    expect(await code('/api/types/typed-form@latest.d.ts', reader)).toEqual([404, 'DEFINITION_NOT_FOUND', 'key:exists']);
    expect((await get('/api/types/jaap@1.d.ts', {}, reader)).statusCode).toBe(200);
  });

  async function userWith(grants: Array<{ role: string; geoCode: string }>): Promise<string> {
    const username = `u${randomUUID().slice(0, 8)}`;
    await insertUser(t.services.db, { username, displayName: username, passwordHash: await hashPassword('a long test password 1'), locale: 'en' }, grants as never);
    return login(t.app, username, 'a long test password 1');
  }

  it('needs a session and the permission to read definitions, checked first', async () => {
    const anonymous = await get('/api/types/jaap@1.d.ts', {}, null);
    expect([anonymous.statusCode, (anonymous.json() as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
    // Malformed names are not even looked at without a session.
    const anonymousBad = await get('/api/types/NOPE', {}, null);
    expect([anonymousBad.statusCode, (anonymousBad.json() as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
    const nobody = await userWith([]);
    const forbidden = await get('/api/types/jaap@1.d.ts', {}, nobody);
    expect([forbidden.statusCode, (forbidden.json() as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    expect(forbidden.headers['cache-control']).toBe('no-store');
    expect(await artifacts('jaap')).toEqual([]);
    const cookie = await t.app.inject({ method: 'GET', url: '/api/types/jaap@1.d.ts', cookies: { sa_session: t.token } });
    expect([cookie.statusCode, cookie.headers['content-type']]).toEqual([200, 'application/typescript; charset=utf-8']);
  });

  it('answers 304 to a matching If-None-Match and redirects latest to the newest published version', async () => {
    await publishTyped();
    const first = await get('/api/types/typed-form@1.d.ts');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const cached = await get('/api/types/typed-form@1.d.ts', { 'if-none-match': etag });
    expect([cached.statusCode, cached.body, cached.headers.etag, cached.headers['cache-control']]).toEqual([304, '', etag, 'private, max-age=31536000, immutable']);
    expect((await get('/api/types/typed-form@1.d.ts', { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await get('/api/types/typed-form@1.d.ts', { 'if-none-match': '*' })).statusCode).toBe(304);
    const changed = await get('/api/types/typed-form@1.d.ts', { 'if-none-match': '"0000"' });
    expect([changed.statusCode, changed.body]).toEqual([200, first.body]);
    // The schema has its own tag.
    const schemaTag = (await get('/api/types/typed-form@1.schema.json')).headers.etag;
    expect(schemaTag).not.toBe(etag);
    expect((await get('/api/types/typed-form@1.schema.json', { 'if-none-match': etag })).statusCode).toBe(200);

    const latest = await get('/api/types/typed-form@latest.schema.json');
    expect([latest.statusCode, latest.headers.location, latest.headers['cache-control']]).toEqual([302, '/api/types/typed-form@1.schema.json', 'no-store']);
  });

  it('gives two versions two different files, and keeps serving a retired version', async () => {
    await publishTyped();
    const changed = structuredClone(simpleForm) as any;
    changed.properties.phone = { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ទូរស័ព្ទ', en: 'Phone' } };
    changed['x-order'] = [...changed['x-order'], 'phone'];
    changed.required = [...changed.required, 'phone'];
    expect((await publishTyped(changed)).version).toBe(2);
    const v1 = await get('/api/types/typed-form@1.d.ts');
    const v2 = await get('/api/types/typed-form@2.d.ts');
    expect(v1.headers.etag).not.toBe(v2.headers.etag);
    expect(v1.body).not.toContain('phone');
    expect(v2.body).toContain('export type FORM_VERSION = 2;\n');
    expect(v2.body).toContain('export interface TypedFormV2 {\n');
    expect(v2.body).toMatch(/ \* ទូរស័ព្ទ \/ Phone\n {3}\*\/\n {2}phone: string;/);
    // v1 data lacks the phone v2 requires: valid against v1's types, an error against v2's.
    expect(compile({ 'typed-form.d.ts': v1.body, 'use.ts': usage(JSON.stringify(validAnswer), 1) })).toEqual([]);
    const against2 = compile({ 'typed-form.d.ts': v2.body, 'use.ts': usage(JSON.stringify(validAnswer), 2) });
    expect(against2.map((d) => [d.code, /Property 'phone' is missing/.test(d.message)])).toEqual([[2741, true]]);
    expect((await get('/api/types/typed-form@latest.d.ts')).headers.location).toBe('/api/types/typed-form@2.d.ts');

    expect((await t.gql('mutation { retire(key: "typed-form") { version status } }')).data.retire).toEqual({ version: 2, status: 'RETIRED' });
    const retired = await get('/api/types/typed-form@2.d.ts');
    expect([retired.statusCode, retired.headers.etag, retired.body]).toEqual([200, v2.headers.etag, v2.body]);
    expect((await get('/api/types/typed-form@latest.d.ts')).headers.location).toBe('/api/types/typed-form@1.d.ts');
    // Every version retired: none is the latest published, each is still served.
    expect((await t.gql('mutation { retire(key: "typed-form") { version } }')).data.retire).toEqual({ version: 1 });
    const none = await get('/api/types/typed-form@latest.d.ts');
    expect([none.statusCode, (none.json() as { code: string }).code]).toEqual([404, 'DEFINITION_NOT_FOUND']);
    expect([(await get('/api/types/typed-form@1.d.ts')).statusCode, (await get('/api/types/typed-form@2.schema.json')).statusCode]).toEqual([200, 200]);
  }, COMPILER_TIMEOUT);
});
