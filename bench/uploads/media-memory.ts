// Why: issue 15's uploads must keep the server's memory bounded whatever the file size: tus writes
// each PATCH to the disk as it arrives. Measured on the real app alone in its own process
// (app-process.ts): 20 MB photos sent one after another by tus-js-client (the fill page's client,
// 4 MiB chunks) over HTTP, the server's RSS sampled every 50 ms, against its RSS after a first small
// upload (baseline, same run); and the upload rate against writing the same bytes to the same disk
// with fs.writeFile (baseline, same run).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery, postgresUrl } from '../ingest/postgres';
import { rssMb, sampleRss, startChild, stopChild, type Child } from '../lib/app-process';
import { jpeg, upload } from '../../tests/helpers/tus-upload';

export interface MediaMemoryFigures {
  files: number;
  fileMb: number;
  baseRssMb: number;
  peakRssMb: number;
  uploadSeconds: number;
  writeSeconds: number;
}

const FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'រូបថត', en: 'Photos' },
  'x-order': ['photo'],
  properties: { photo: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថត', en: 'Photo' } } },
  additionalProperties: false,
};

async function send(child: Child, bytes: Buffer): Promise<void> {
  const sent = await upload(child.url, child.token, bytes, { id: randomUUID(), form: 'bench-photos', version: '1', field: 'photo', filename: 'p.jpg' });
  if (sent.error) throw sent.error;
}

async function gql(child: Child, query: string, variables: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${child.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${child.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

export async function benchMediaMemory(files: number, fileMb: number, log: (line: string) => void): Promise<MediaMemoryFigures> {
  const baseUrl = postgresUrl();
  const dbName = `sa_bench_media_${process.pid}`;
  await adminQuery(baseUrl, `drop database if exists ${dbName}`);
  await adminQuery(baseUrl, `create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const dir = mkdtempSync(join(tmpdir(), 'sa-bench-media-'));
  const before = process.env.MEDIA_DIR;
  process.env.MEDIA_DIR = join(dir, 'media');
  let child: Child | null = null;
  try {
    child = await startChild(url.toString());
    await gql(child, 'mutation($s: JSON!) { saveDraft(key: "bench-photos", schema: $s) { version } }', { s: FORM });
    await gql(child, 'mutation { publish(key: "bench-photos") { version } }', {});
    await send(child, jpeg(64 * 1024)); // warm: tus, file-type and the routes loaded
    await new Promise((r) => setTimeout(r, 1000));
    const baseRssMb = rssMb(child.process.pid!);
    const photos = Array.from({ length: files }, () => jpeg(fileMb * 1024 * 1024));
    log(`  ${files} × ${fileMb} MB by tus …`);
    const peak = sampleRss(child.process.pid!);
    const t0 = performance.now();
    for (const photo of photos) await send(child, photo);
    const uploadSeconds = (performance.now() - t0) / 1000;
    const peakRssMb = peak();
    const t1 = performance.now();
    for (const [i, photo] of photos.entries()) await writeFile(join(dir, `raw-${i}`), photo);
    const writeSeconds = (performance.now() - t1) / 1000;
    return { files, fileMb, baseRssMb, peakRssMb, uploadSeconds, writeSeconds };
  } finally {
    if (child) await stopChild(child);
    if (before === undefined) delete process.env.MEDIA_DIR;
    else process.env.MEDIA_DIR = before;
    rmSync(dir, { recursive: true, force: true });
    await adminQuery(baseUrl, `drop database if exists ${dbName}`);
  }
}
