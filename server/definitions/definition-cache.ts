// Published versions never change, so their schemas are cached per key@version for the hot submit path.
// Status can still move to "retired", on this instance or another one on the same database:
// - here, the service drops the entry (retire);
// - elsewhere, the retire transaction sends a NOTIFY (sent at commit) that every instance's listener
//   turns into forget(key) (server/db/listener.ts, wired in app.ts);
// - should a notification be missed (listener reconnecting), an entry older than `recheckMs` reads
//   the row again before it is used: staleness is bounded by that time (docs/decisions.md 227).
import type { Kysely } from 'kysely';
import type { Database, DefinitionRow } from '../db/schema';
import { findDefinition } from './definitions.repository';

/** Default bound on how long a retire elsewhere can go unseen here (ms). */
export const DEFINITION_RECHECK_MS = 5000;

export const DEFINITION_CHANNEL = 'sa_definition_changed';

interface Entry {
  row: DefinitionRow;
  checkedAt: number;
}

export class DefinitionCache {
  private readonly rows = new Map<string, Entry>();

  constructor(
    private readonly recheckMs = DEFINITION_RECHECK_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(db: Kysely<Database>, key: string, version: number): Promise<DefinitionRow | undefined> {
    const id = `${key}@${version}`;
    const hit = this.rows.get(id);
    if (hit && this.now() - hit.checkedAt < this.recheckMs) return hit.row;
    const row = await findDefinition(db, key, version);
    if (row && row.status === 'published') this.rows.set(id, { row, checkedAt: this.now() });
    else this.rows.delete(id);
    return row;
  }

  /** `*` forgets every key (a listener that may have missed notifications). */
  forget(key: string): void {
    if (key === '*') {
      this.rows.clear();
      return;
    }
    for (const id of this.rows.keys()) if (id.startsWith(`${key}@`)) this.rows.delete(id);
  }
}
