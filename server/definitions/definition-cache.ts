// Published versions never change, so their schemas are cached per key@version for the hot submit path.
// Status can still move to "retired"; the service drops the entry when it does.
import type { Kysely } from 'kysely';
import type { Database, DefinitionRow } from '../db/schema';
import { findDefinition } from './definitions.repository';

export class DefinitionCache {
  private readonly rows = new Map<string, DefinitionRow>();

  async get(db: Kysely<Database>, key: string, version: number): Promise<DefinitionRow | undefined> {
    const id = `${key}@${version}`;
    const hit = this.rows.get(id);
    if (hit) return hit;
    const row = await findDefinition(db, key, version);
    if (row && row.status === 'published') this.rows.set(id, row);
    return row;
  }

  forget(key: string): void {
    for (const id of this.rows.keys()) if (id.startsWith(`${key}@`)) this.rows.delete(id);
  }
}
