// Shared by the submission import tests: an import is a job (202), polled here until it finishes and
// answered in the shape of the synchronous answer it replaced ({rows, stored, duplicates, refused: [...]})
// so the tests of matching and values read the same; anything but 202 is passed through.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface Settled {
  statusCode: number;
  body: string;
  json: () => any;
  job?: any;
}

/** Polls `job` on `app` (any instance on the database) until it is no longer running; `seen` gets each running answer. */
export async function pollJob(app: FastifyInstance, token: string, key: string, id: string, seen: (job: any) => void = () => undefined, timeoutMs = 60_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/admin/forms/${key}/data/jobs/${id}`, headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw new Error(`poll: ${res.statusCode} ${res.body}`);
    const job = res.json();
    if (job.status !== 'running') return job;
    seen(job);
    if (Date.now() > end) throw new Error(`job ${id} still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function settle(app: FastifyInstance, token: string, res: LightMyRequestResponse): Promise<Settled> {
  if (res.statusCode !== 202) return { statusCode: res.statusCode, body: res.body, json: () => res.json() };
  const started = res.json();
  const job = await pollJob(app, token, started.key, started.id);
  const answer = { ...job, rows: job.total, refused: job.refusedRows, dryRun: false };
  return { statusCode: job.status === 'done' ? 200 : 500, body: JSON.stringify(answer), json: () => answer, job };
}
