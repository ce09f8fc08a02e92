// Real HTTP uploads of an exceljs-written workbook (the sheet index stored last): before the sheets were
// put in one-pass order (server/core/uploads/zip-order.ts), about 1 in 40 came back BAD_INPUT
// "reading 'sheets'" or "no survey sheet" (exceljs#3064), so 120 in a row fail ~95% of the time then.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';

const FIXTURE = readFileSync(new URL('../fixtures/xlsform/isaf-features.xlsx', import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

it('reads the same XLSForm upload identically 120 times over HTTP', async () => {
  const server = await startTestServer();
  try {
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: server.adminPassword }) });
    const { token } = (await login.json()) as { token: string };
    const answers = new Map<string, number>();
    for (let i = 0; i < 120; i++) {
      const res = await fetch(`${server.url}/admin/forms/import?key=copy-${i}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': XLSX }, body: new Blob([FIXTURE]) });
      const body = (await res.json()) as { fields?: number; issues?: unknown[]; message?: string };
      const answer = `${res.status} ${body.fields ?? body.message} ${body.issues?.length}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    }
    expect(Object.fromEntries(answers)).toEqual({ '201 13 9': 120 }); // 13 questions (geopoint is GPS), 9 remarks (choice_filter and geopoint kept)
  } finally {
    await server.close();
  }
}, 120_000);
