// Why: issue 14 asks the submission import's rows/s for 100,000 rows against raw multi-row INSERTs of
// the same rows in the same run. The real app imports a KoboToolbox-style CSV of ROWS I4C session
// records over HTTP (POST /admin/forms/i4c-session/data answers 202 with a job, polled every 250 ms
// until done: the checks and idempotency of syncSubmissions, progress written to the job row); the
// baseline inserts the same documents 100 rows per INSERT into a copy of the submission table.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { withBenchDatabase } from './postgres';
import { insertRawBatch } from './raw-rows';

export interface ImportFigures {
  rows: number;
  importSeconds: number;
  importStored: number;
  rawSeconds: number;
  /** Seconds until the 202 (upload read, matched, job row written). */
  acceptSeconds: number;
  /** Distinct progress values seen by the poll before the end. */
  progressSeen: number;
}

const HEAD = 'village,date,facilitators,participants/total,participants/female,participants/youth,participants/disability,participants/ethnic_minority,participants/id_poor,topics,materials_distributed,_uuid';

function document(n: number) {
  const total = 8 + (n % 20);
  return { village: '06010101', date: `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`, facilitators: `Facilitator ${n % 50}`, participants: { total, female: total >> 1, youth: n % 4, disability: n % 2, ethnic_minority: 0, id_poor: n % 3 }, topics: ['service_standards', 'citizen_rights'].slice(0, 1 + (n % 2)), materials_distributed: n % 9 };
}

export async function benchDataImport(rows: number): Promise<ImportFigures> {
  return withBenchDatabase('sa_bench_import', async ({ server, pool }) => {
    const docs = Array.from({ length: rows }, (_, n) => ({ id: randomUUID(), data: document(n) }));
    const csv = [HEAD, ...docs.map(({ id, data: d }) => [d.village, d.date, d.facilitators, d.participants.total, d.participants.female, d.participants.youth, d.participants.disability, d.participants.ethnic_minority, d.participants.id_poor, d.topics.join(' '), d.materials_distributed, id].join(','))].join('\n');
    const t0 = performance.now();
    const auth = { authorization: `Bearer ${server.token}` };
    const res = await fetch(`${server.url}/admin/forms/i4c-session/data`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    let body = (await res.json()) as { id: string; status: string; done: number; stored?: number; refused?: number };
    const acceptSeconds = (performance.now() - t0) / 1000;
    if (res.status !== 202) throw new Error(`import refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    const seen = new Set<number>();
    while (body.status === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      body = (await (await fetch(`${server.url}/admin/forms/i4c-session/data/jobs/${body.id}`, { headers: auth })).json()) as typeof body;
      if (body.status === 'running') seen.add(body.done);
    }
    const importSeconds = (performance.now() - t0) / 1000;
    if (body.status !== 'done' || body.stored !== rows) throw new Error(`import failed: ${JSON.stringify(body).slice(0, 300)}`);
    const clients = pool(1);
    const insert = insertRawBatch(100);
    const t1 = performance.now();
    for (let i = 0; i < rows; i += 100) {
      const params = docs.slice(i, i + 100).flatMap(({ data: d }) => [randomUUID(), 'i4c-session', 1, d.village, d.date, JSON.stringify(d), server.adminId]);
      await clients.query(params.length === 700 ? insert : insertRawBatch(params.length / 7), params);
    }
    return { rows, importSeconds, importStored: body.stored, rawSeconds: (performance.now() - t1) / 1000, acceptSeconds, progressSeen: seen.size };
  });
}
