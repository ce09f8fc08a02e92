// Indicator roll-ups (kysely raw SQL, all values bound): refresh recomputes the leaf aggregates of
// some places (or all), and adds the difference to every geography level and period kind in one
// statement, so roll-ups stay exact under new and edited submissions. Which submissions a pass counts
// is decided by transaction visibility (pg_snapshot), never by sequence numbers or clocks: a row is
// counted once it is visible in the pass's snapshot, however late its transaction commits.
import { sql, type Kysely } from 'kysely';
import type { IndicatorDefinition } from '../../form-engine/index';
import type { Database } from '../db/schema';
import { codesParam, factsQuery, leafExpr } from './facts-sql';

const sameKey = (a: string, b: string) => sql.raw(`${a}.leaf = ${b}.leaf and ${a}.month = ${b}.month and ${a}.cats = ${b}.cats and ${a}.bucket = ${b}.bucket`);

/** The geography levels a leaf row (alias `t`) counts in, as g(level, code); a null code: not at that level. */
const levelsOf = (t: string) =>
  sql.raw(`cross join lateral (values ('country', ''), ('province', case when length(${t}.leaf) >= 2 then left(${t}.leaf, 2) end),
      ('district', case when length(${t}.leaf) >= 4 then left(${t}.leaf, 4) end), ('commune', case when length(${t}.leaf) >= 6 then left(${t}.leaf, 6) end)) as g(level, code)`);
/** Rows (alias `t`) that change a sum: the others are not rolled up. */
const nonzero = (t: string) => sql.raw(`(${t}.n <> 0 or ${t}.num <> 0 or ${t}.den <> 0 or ${t}.total <> 0)`);

const ROLLUP_DELTA = sql`
    insert into indicator_rollup (indicator_key, indicator_version, geo_level, period_kind, geo_code, period, cats, bucket, n, num, den, total)
    select ik, iv, g.level, p.kind, g.code, p.period, d.cats, d.bucket, sum(d.n), sum(d.num), sum(d.den), sum(d.total)
    from delta d
    ${levelsOf('d')}
    cross join lateral (values ('all', ''), ('year', case when d.month <> '' then left(d.month, 4) end),
      ('quarter', case when d.month <> '' then left(d.month, 4) || '-Q' || ((cast(right(d.month, 2) as integer) + 2) / 3) end),
      ('month', nullif(d.month, ''))) as p(kind, period)
    where g.code is not null and p.period is not null and ${nonzero('d')}
    group by ik, iv, g.level, p.kind, g.code, p.period, d.cats, d.bucket
    on conflict (indicator_key, indicator_version, geo_level, period_kind, geo_code, period, cats, bucket)
    do update set n = indicator_rollup.n + excluded.n, num = indicator_rollup.num + excluded.num,
      den = indicator_rollup.den + excluded.den, total = indicator_rollup.total + excluded.total`;

/**
 * Recomputes the leaf aggregates of some places (all when `leafs` is null) from the submissions visible
 * in snapshot `upTo`, and adds the difference to the roll-ups: exact, used for first builds and edits.
 */
export async function refreshLeafs(db: Kysely<Database>, key: string, version: number, def: IndicatorDefinition, leafs: readonly string[] | null, upTo: string): Promise<void> {
  const restrict = leafs ? sql`and leaf = any(${codesParam(leafs)})` : sql``;
  await sql`
    with nw as (${factsQuery(def, leafs, null, { upTo })}),
    old as (select leaf, month, cats, bucket, n, num, den, total from indicator_leaf where indicator_key = ${key} and indicator_version = ${version} ${restrict}),
    delta as (
      select ${key}::text as ik, ${version}::integer as iv, coalesce(nw.leaf, old.leaf) as leaf, coalesce(nw.month, old.month) as month, coalesce(nw.cats, old.cats) as cats, coalesce(nw.bucket, old.bucket) as bucket,
        coalesce(nw.n, 0) - coalesce(old.n, 0) as n, coalesce(nw.num, 0) - coalesce(old.num, 0) as num,
        coalesce(nw.den, 0) - coalesce(old.den, 0) as den, coalesce(nw.total, 0) - coalesce(old.total, 0) as total
      from nw full join old on ${sameKey('nw', 'old')}
    ),
    up as (
      insert into indicator_leaf (indicator_key, indicator_version, leaf, month, cats, bucket, n, num, den, total)
      select ${key}, ${version}, leaf, month, cats, bucket, n, num, den, total from nw
      on conflict (indicator_key, indicator_version, leaf, month, cats, bucket)
      do update set n = excluded.n, num = excluded.num, den = excluded.den, total = excluded.total
    ),
    gone as (
      delete from indicator_leaf l using old
      where l.indicator_key = ${key} and l.indicator_version = ${version} and ${sameKey('l', 'old')}
        and not exists (select 1 from nw where ${sameKey('nw', 'old')})
    )
    ${ROLLUP_DELTA}
  `.execute(db);
}

const ROLLUP_COLUMNS = sql.raw('indicator_key, indicator_version, geo_level, period_kind, geo_code, period, cats, bucket, n, num, den, total');
const SUMS = sql.raw('sum(n), sum(num), sum(den), sum(total)');
/** Each level above the commune, the level below it, and its code length. */
const LEVELS_UP = [
  ['district', 'commune', 4],
  ['province', 'district', 2],
  ['country', 'province', 0],
] as const;

/**
 * A first build (or a rebuild) of one indicator version: its leaves from every visible submission,
 * then the roll-ups level by level, each from the one below (commune months are the leaves; a
 * district's months are its communes' months plus the leaves named only down to the district; and
 * so on up to the country), then each level's years and quarters from its months and its "all" from
 * its years plus the undated leaves. Every figure is a sum, so this gives exactly the rows the
 * incremental ROLLUP_DELTA makes, but each row is made from a few rows below it instead of every leaf
 * being fanned out sixteen ways and merged by ON CONFLICT (issue 13 part 7: minutes at a million
 * submissions). Plain inserts: the version's old rows are deleted first, in the same transaction.
 */
export async function rebuildAll(db: Kysely<Database>, key: string, version: number, def: IndicatorDefinition, upTo: string): Promise<void> {
  const kv = sql`indicator_key = ${key} and indicator_version = ${version}`;
  // For this transaction only (decision 345): these few statements each read or write millions of rows
  // once. LLVM's JIT compile of them cost more than it saved (7.1 s of a 12.4 s facts scan at 1M), and
  // 4 MB of work_mem sent every aggregate of a million groups to disk in 257 batches.
  await sql`set local jit = off`.execute(db);
  await sql`set local work_mem = '64MB'`.execute(db);
  await sql`delete from indicator_rollup where ${kv}`.execute(db);
  await sql`delete from indicator_leaf where ${kv}`.execute(db);
  await sql`
    insert into indicator_leaf (indicator_key, indicator_version, leaf, month, cats, bucket, n, num, den, total)
    select ${key}, ${version}, leaf, month, cats, bucket, n, num, den, total from (${factsQuery(def, null, null, { upTo })}) f`.execute(db);
  await sql`
    insert into indicator_rollup (${ROLLUP_COLUMNS})
    select ${key}, ${version}, 'commune', 'month', leaf, month, cats, bucket, n, num, den, total
    from indicator_leaf l where ${kv} and length(leaf) = 6 and month <> '' and ${nonzero('l')}`.execute(db);
  for (const [level, below, length] of LEVELS_UP) {
    await sql`
      insert into indicator_rollup (${ROLLUP_COLUMNS})
      select ${key}, ${version}, ${level}, 'month', code, period, cats, bucket, ${SUMS} from (
        select left(geo_code, ${length}) as code, period, cats, bucket, n, num, den, total
        from indicator_rollup where ${kv} and geo_level = ${below} and period_kind = 'month'
        union all
        select leaf, month, cats, bucket, n, num, den, total
        from indicator_leaf l where ${kv} and length(leaf) = ${length} and month <> '' and ${nonzero('l')}
      ) x group by code, period, cats, bucket`.execute(db);
  }
  await sql`
    insert into indicator_rollup (${ROLLUP_COLUMNS})
    select ${key}, ${version}, geo_level, p.kind, geo_code, p.period, cats, bucket, ${SUMS}
    from indicator_rollup r
    cross join lateral (values ('year', left(r.period, 4)),
      ('quarter', left(r.period, 4) || '-Q' || ((cast(right(r.period, 2) as integer) + 2) / 3))) as p(kind, period)
    where r.indicator_key = ${key} and r.indicator_version = ${version} and r.period_kind = 'month'
    group by geo_level, p.kind, geo_code, p.period, cats, bucket`.execute(db);
  await sql`
    insert into indicator_rollup (${ROLLUP_COLUMNS})
    select ${key}, ${version}, level, 'all', code, '', cats, bucket, ${SUMS} from (
      select geo_level as level, geo_code as code, cats, bucket, n, num, den, total
      from indicator_rollup where ${kv} and period_kind = 'year'
      union all
      select g.level, g.code, l.cats, l.bucket, l.n, l.num, l.den, l.total
      from indicator_leaf l ${levelsOf('l')}
      where l.indicator_key = ${key} and l.indicator_version = ${version} and l.month = '' and g.code is not null and ${nonzero('l')}
    ) x group by level, code, cats, bucket`.execute(db);
}

/**
 * Adds the facts of new submissions (visible in snapshot `upTo`, not in `after`, never edited) to the
 * leaves and roll-ups: the cost grows with what arrived, not with what is stored, so heavy ingest
 * stays cheap to follow.
 */
export async function addNewSubmissions(db: Kysely<Database>, key: string, version: number, def: IndicatorDefinition, after: string, upTo: string): Promise<void> {
  await sql`
    with delta as (select ${key}::text as ik, ${version}::integer as iv, f.* from (${factsQuery(def, null, null, { after, upTo })}) f),
    up as (
      insert into indicator_leaf (indicator_key, indicator_version, leaf, month, cats, bucket, n, num, den, total)
      select ik, iv, leaf, month, cats, bucket, n, num, den, total from delta
      on conflict (indicator_key, indicator_version, leaf, month, cats, bucket)
      do update set n = indicator_leaf.n + excluded.n, num = indicator_leaf.num + excluded.num,
        den = indicator_leaf.den + excluded.den, total = indicator_leaf.total + excluded.total
    )
    ${ROLLUP_DELTA}
  `.execute(db);
}

/**
 * Places (leaf codes) of these forms touched by an edit not yet visible in snapshot `after`: where
 * edited submissions are now (their insert visible in `upTo`; later ones are next pass's), and where
 * edited or deleted ones were.
 */
export async function editedLeafs(db: Kysely<Database>, forms: readonly string[], after: string, upTo: string): Promise<string[]> {
  if (forms.length === 0) return [];
  const prev = sql`cast(${after} as pg_snapshot)`;
  const { rows } = await sql<{ leaf: string }>`
    select ${leafExpr} as leaf from submission s
    where s.definition_key in (${sql.join(forms)}) and s.changed_xid >= pg_snapshot_xmin(${prev})
      and s.changed_xid <> s.xid and not pg_visible_in_snapshot(s.changed_xid, ${prev})
      and pg_visible_in_snapshot(s.xid, cast(${upTo} as pg_snapshot))
    union
    select m.leaf from submission_move m
    where m.definition_key in (${sql.join(forms)}) and m.xid >= pg_snapshot_xmin(${prev}) and not pg_visible_in_snapshot(m.xid, ${prev})`.execute(db);
  return rows.map((r) => r.leaf);
}

/** Forgets the moves that every published indicator's bookmark already includes. */
export async function forgetSeenMoves(db: Kysely<Database>): Promise<void> {
  await sql`
    delete from submission_move m
    where not exists (
      select 1 from indicator_state st
      join (select distinct on (key) key, version from definition where kind = 'indicator' and status = 'published' order by key, version desc) d
        on d.key = st.indicator_key and d.version = st.indicator_version
      where st.snapshot is not null and not pg_visible_in_snapshot(m.xid, cast(st.snapshot as pg_snapshot))
    )`.execute(db);
}

export async function dropRollups(db: Kysely<Database>, key: string, version: number): Promise<void> {
  for (const table of ['indicator_leaf', 'indicator_rollup', 'indicator_state'] as const) {
    await db.deleteFrom(table).where('indicator_key', '=', key).where('indicator_version', '=', version).execute();
  }
}

export interface BuildState {
  built_at: Date | null;
  checked_through: Date | null;
  snapshot: string | null;
  failed_at: Date | null;
  error_code: string | null;
  error_path: string | null;
  error_detail: string | null;
}

export async function buildState(db: Kysely<Database>, key: string, version: number): Promise<BuildState | undefined> {
  return db
    .selectFrom('indicator_state')
    .select(['built_at', 'checked_through', 'snapshot', 'failed_at', 'error_code', 'error_path', 'error_detail'])
    .where('indicator_key', '=', key)
    .where('indicator_version', '=', version)
    .executeTakeFirst();
}

/** A successful pass: the new bookmark, and any earlier failure cleared. */
export async function saveBuildState(db: Kysely<Database>, key: string, version: number, state: { built: boolean; through: Date; snapshot: string }): Promise<void> {
  const cleared = { failed_at: null, error_code: null, error_path: null, error_detail: null };
  await db
    .insertInto('indicator_state')
    .values({ indicator_key: key, indicator_version: version, built_at: state.built ? state.through : null, checked_through: state.through, snapshot: state.snapshot, ...cleared })
    .onConflict((oc) =>
      oc.columns(['indicator_key', 'indicator_version']).doUpdateSet((eb) => ({
        built_at: state.built ? eb.ref('excluded.built_at') : eb.ref('indicator_state.built_at'),
        checked_through: eb.ref('excluded.checked_through'),
        snapshot: eb.ref('excluded.snapshot'),
        ...cleared,
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

export interface RefreshFailure {
  code: string;
  path: string | null;
  detail: string | null;
}

/** A failed pass: kept beside the (unchanged) bookmark until a pass succeeds. */
export async function saveFailure(db: Kysely<Database>, key: string, version: number, failure: RefreshFailure): Promise<void> {
  const values = { failed_at: sql<Date>`now()`, error_code: failure.code, error_path: failure.path, error_detail: failure.detail };
  await db
    .insertInto('indicator_state')
    .values({ indicator_key: key, indicator_version: version, built_at: null, checked_through: null, snapshot: null, ...values })
    .onConflict((oc) => oc.columns(['indicator_key', 'indicator_version']).doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function databaseNow(db: Kysely<Database>): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return rows[0]!.now;
}

/**
 * Serialises refreshes of one indicator version across every app instance on the database, until
 * the transaction ends (an advisory lock needs no row, so the first build is covered too). A hash
 * collision between two indicators only makes them wait for each other.
 */
export async function lockIndicator(trx: Kysely<Database>, key: string, version: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`indicator:${key}`}), ${version}::integer)`.execute(trx);
}

/** The same lock without waiting: false when another transaction (this or another instance) holds it. */
export async function tryLockIndicator(trx: Kysely<Database>, key: string, version: number): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${`indicator:${key}`}), ${version}::integer) as ok`.execute(trx);
  return rows[0]?.ok === true;
}

/**
 * The current snapshot as text: taken after the lock, so it is later than the bookmark that the
 * previous holder stored; every transaction committed before it is visible in it, none after.
 */
export async function currentSnapshot(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(db);
  return rows[0]!.snapshot;
}

/** The newest submissions' facts of a draft definition, per leaf place, month and categories (the builder's preview). */
export interface LeafRow {
  leaf: string;
  month: string;
  cats: string[];
  bucket: string;
  n: string;
  num: string;
  den: string;
  total: string;
}

export async function previewFacts(db: Kysely<Database>, def: IndicatorDefinition, sample: number): Promise<LeafRow[]> {
  const { rows } = await sql<LeafRow>`${factsQuery(def, null, sample)}`.execute(db);
  return rows;
}
