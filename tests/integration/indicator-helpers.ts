// The fixed indicator dataset (tests/fixtures/indicator-data.ts) sent through the API, then the
// refresher run once, so a test reads fresh indicator values.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app';
import { indicatorDataset } from '../fixtures/indicator-data';

export async function submitIndicatorDataset(t: TestApp): Promise<void> {
  for (const row of indicatorDataset) {
    const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: row.key, definitionVersion: row.version, data: row.data } });
    expect(res.errors, row.key).toBeUndefined();
  }
  await t.services.indicators.refreshNow();
}
