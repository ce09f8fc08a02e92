// Shared by the geography and provider tests: users with one grant, small CSV geographies, job polling.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../server/auth/password';
import { inTransactionOf } from '../../server/db/transaction';
import { importGeoUnits } from '../../server/geo/geo-import.service';
import { parseGeoCsv } from '../../server/geo/geo-parse-table';
import { GAZETTEER_URL } from '../fixtures/gazetteer';
import { login, type TestApp } from '../helpers/app';

export const GAZETTEER = GAZETTEER_URL;

/** The vendored gazetteer as one multi-document YAML text; fails loudly when the folder is missing. */
export async function gazetteerYaml(): Promise<string> {
  const dir = fileURLToPath(GAZETTEER);
  if (!existsSync(dir)) throw new Error(`The gazetteer test data is missing: expected ${dir} (tests/fixtures/gazetteer).`);
  const parts = await Promise.all(['provinces', 'districts', 'communes', 'villages'].map((f) => readFile(new URL(`${f}.yml`, GAZETTEER), 'utf8')));
  return parts.join('\n');
}

export async function userWith(t: TestApp, username: string, role: string, geoCode: string): Promise<string> {
  const { id } = await t.services.db
    .insertInto('app_user')
    .values({ username, display_name: username, password_hash: await hashPassword('password-123'), locale: 'en' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.services.db.insertInto('user_grant').values({ user_id: id, role, geo_code: geoCode }).execute();
  return login(t.app, username, 'password-123');
}

/** A few districts, communes and villages of provinces 01 and 02 (the seed ships the provinces). */
export const SMALL_GEO = [
  'code,name_km,name_en,type_km,type_en,lat,lng',
  '0102,មង្គលបូរី,Mongkol Borey,ស្រុក,District,13.49,102.97',
  '0103,ភ្នំស្រុក,Phnum Srok,,,,',
  '010201,បន្ទាយនាង,Banteay Neang,ឃុំ,Commune,,',
  '010202,បត់ត្រង់,Bat Trang,ឃុំ,Commune,,',
  '010301,ណាំតៅ,Nam Tau,,,,',
  '01020101,អូរធំ,Ou Thum,ភូមិ,Village,,',
  '01020102,ភ្នំ,Phnum,ភូមិ,Village,,',
  '01030101,ភូមិមួយ,Phum Muoy,,,,',
  '0201,បាណន់,Banan,,,,',
  '020101,កន្ទឺ ១,Kantueu Muoy,,,,',
].join('\n');

export async function importSmallGeo(t: TestApp): Promise<void> {
  const result = await inTransactionOf(t.services.db, (trx) => importGeoUnits(trx, parseGeoCsv(SMALL_GEO)));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

export async function uploadGeo(t: TestApp, body: string | Buffer, contentType: string, query = '', token: string = t.token) {
  return t.app.inject({ method: 'POST', url: `/admin/geo/import${query}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload: body });
}

/** Posts a file and polls its job until it finishes; returns the job and the progress values seen. */
export async function importAndWait(t: TestApp, body: string | Buffer, contentType: string, query = '') {
  const res = await uploadGeo(t, body, contentType, query);
  if (res.statusCode !== 202) throw new Error(`import not started: ${res.statusCode} ${res.body}`);
  const { id } = res.json() as { id: string };
  const seen: number[] = [];
  for (;;) {
    const job = (await t.app.inject({ method: 'GET', url: `/admin/geo/import/${id}`, headers: { authorization: `Bearer ${t.token}` } })).json();
    seen.push(job.done);
    if (job.status !== 'running') return { job, seen };
    await new Promise((r) => setTimeout(r, 20));
  }
}
