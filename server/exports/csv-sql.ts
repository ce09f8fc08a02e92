// Why: a form's CSV is a fixed projection of its JSONB documents, so PostgreSQL can write each line
// itself (issue 14: CSV at COPY's pace). This builds, from the export's columns, the SQL expression of
// one record's whole CSV line, cell for cell what csv.ts writes in Node (csvCell, jsonTextCell,
// labelValue, place names, review-state words). Where SQL cannot match JavaScript exactly (numbers
// JavaScript would write differently from PostgreSQL, keys JavaScript reorders, objects in a choice
// answer) the cell is SQL null, which makes the line null: that record then comes with its answers'
// JSON texts and Node writes its line the old way (exports.service.ts). Repeat groups' JSON cells are
// left to Node (json-cell.ts compacts their bytes): PostgreSQL's regular expressions took ~200 µs a
// cell for that. PostgreSQL is the export's bottleneck, so each answer is read, typed and turned to
// text once per record in stacked `offset 0` subqueries (a column read many times costs nothing, an
// expression is evaluated at each use), and the common cells are decided by `strpos`/`ascii` and a
// whole-number test instead of regular expressions (decisions 322–323, 341). Pure SQL text; no database.
import { sql, type RawBuilder } from 'kysely';
import { csvCell } from './csv';

/** What one CSV column after the meta columns reads, and how (exports.service.ts textColumns). */
export interface SqlColumn {
  path: string;
  /** `json`: a repeat group's cell, written by Node from the answer's JSON text (json-cell.ts); last in a line. `link`: a text answer after `prefix` (a media file's address). */
  kind: 'value' | 'labels' | 'place' | 'json' | 'link';
  /** `labels`: option value → label in the export's language. */
  options?: Map<string, string>;
  /** `link`: the text written before the answer (`https://host/media/`). */
  prefix?: string;
}

export interface LineSql {
  /** The from-items after `submission`: laterals computing each record's cells, then its `line` (the cells before the `json` ones, without the line end). */
  from: RawBuilder<unknown>;
  /** The JSON text of each `json` column, in order (select expressions). */
  json: Array<RawBuilder<string | null>>;
  /** The line's texts when Node must write it: id, version, geo, period, status, created_at, then answers. */
  raw: RawBuilder<string | null>;
}

const lit = (text: string): RawBuilder<unknown> => sql.raw(`'${text.replaceAll("'", "''")}'`);
const id = (name: string): RawBuilder<unknown> => sql.id(name);

/**
 * csvCell of a text column `c` (null: empty): the formula guard (a first character = + - @ tab or CR,
 * by its code point), then RFC 4180 quoting when it holds `"` `,` LF or CR. `c` must be a column of a
 * subquery below, not an expression: it is read up to nine times.
 */
function quoted(c: RawBuilder<unknown>): RawBuilder<string> {
  const guarded = sql`(case when ascii(${c}) in (61, 43, 45, 64, 9, 13) then '''' || ${c} else ${c} end)`;
  return sql<string>`(case when ${c} is null then '' when strpos(${c}, '"') > 0 or strpos(${c}, ',') > 0 or strpos(${c}, chr(10)) > 0 or strpos(${c}, chr(13)) > 0 then '"' || replace(${guarded}, '"', '""') || '"' else ${guarded} end)`;
}

/**
 * A number's text PostgreSQL writes exactly as JavaScript's String(Number(text)) does: first a whole
 * number of at most 15 characters (jsonb writes whole numbers as plain digits without a dot, exact in
 * a double), else at most 15 digits, no trailing zero, ≥ 1e-6.
 */
const plainNumber = (t: RawBuilder<unknown>): RawBuilder<boolean> =>
  sql<boolean>`((octet_length(${t}) <= 15 and strpos(${t}, '.') = 0) or (${t} ~ '^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$' and length(translate(${t}, '-.', '')) <= 15 and ${t} !~ '^-?0\\.000000'))`;

/**
 * JSON text that may hold a number JavaScript would write differently from jsonb (trailing zero,
 * 16+ digits, tiny). Strings can match too; such a record merely goes the exact Node way.
 */
const UNSAFE_JSON = `\\.[0-9]*0[^0-9]|[0-9.]{17}|0\\.000000`;

/**
 * Per answer path `i` (column `n`), the names of its values in the `x` subqueries: `v` the answer
 * (jsonb), `y` its jsonb_typeof, `e` its text (`#>> '{}'`: a string unquoted, a number's or boolean's
 * text, null for JSON null, JSON text for an array), `a` an array of scalars as text[] (else null),
 * `j` that array joined by spaces, `p` the place name, `k` an array's labels, `b` a scalar's label,
 * `m` a link's address.
 */
const v = (i: number) => id(`v${i}`);
const y = (i: number) => id(`y${i}`);
const e = (i: number) => id(`e${i}`);
const a = (i: number) => id(`a${i}`);
const j = (i: number) => id(`j${i}`);
const p = (i: number) => id(`p${i}`);
const k = (i: number, n: number) => id(`k${i}_${n}`);
const b = (n: number) => id(`b${n}`);
const m = (n: number) => id(`m${n}`);

/** Whether answer `i` is an array of scalars only (strings, numbers, booleans): such arrays are written joined. */
const scalarArray = (i: number): RawBuilder<boolean> =>
  sql<boolean>`(u.${y(i)} = 'array' and not jsonb_path_exists(u.${v(i)}, 'strict $[*] ? (@.type() == "object" || @.type() == "array" || @.type() == "null")'))`;

/** The value column (codes): jsonTextCell of the answer; null for an object or an array holding any (Node writes those). */
function valueCell(i: number): RawBuilder<string | null> {
  return sql`(case x.${y(i)}
    when 'string' then ${quoted(sql`x.${e(i)}`)}
    when 'number' then case when ${plainNumber(sql`x.${e(i)}`)} then x.${e(i)} end
    when 'boolean' then x.${e(i)}
    when 'array' then case when x.${j(i)} is not null and x.${e(i)} !~ ${lit(UNSAFE_JSON)} then ${quoted(sql`x.${j(i)}`)} end
    when 'object' then null
    else '' end)`;
}

/** A link column: `prefix` and the text answer (a media file id), as mediaLink writes it; other answers as valueCell. */
function linkCell(i: number, n: number): RawBuilder<string | null> {
  return sql`(case when x.${m(n)} is not null then ${quoted(sql`x.${m(n)}`)} else ${valueCell(i)} end)`;
}

/** A choice column in words: labelValue (an unknown value as itself; arrays' labels joined by "; "). */
function labelCell(i: number, n: number): RawBuilder<string | null> {
  return sql`(case x.${y(i)}
    when 'string' then ${quoted(sql`x.${b(n)}`)}
    when 'number' then case when x.${b(n)} is not null then ${quoted(sql`x.${b(n)}`)} when ${plainNumber(sql`x.${e(i)}`)} then x.${e(i)} end
    when 'boolean' then case when x.${b(n)} is not null then ${quoted(sql`x.${b(n)}`)} else x.${e(i)} end
    when 'array' then case when x.${k(i, n)} is not null and x.${e(i)} !~ ${lit(UNSAFE_JSON)} then ${quoted(sql`x.${k(i, n)}`)} end
    when 'object' then null
    else '' end)`;
}

/**
 * The SQL of the CSV lines of `columns` (after the six meta columns): `states` maps known review states
 * to what the cell says (words, or the codes themselves; others and null: the code), `placeName` is
 * geo_unit's name column of the export's language.
 */
export function lineSql(columns: readonly SqlColumn[], states: Record<string, string> | null, placeName: 'name_km' | 'name_en'): LineSql {
  const paths = [...new Set(columns.map((c) => c.path))];
  const tops = [...new Set(paths.map((path) => path.split('.')[0]!))];
  // jsonb_to_record reads every top-level answer in one pass over the document (one detoast);
  // a key longer than an identifier may be (63 bytes) is read with -> instead.
  const inRecord = tops.filter((key) => Buffer.byteLength(key) <= 63);
  const top = (key: string): RawBuilder<unknown> => (inRecord.includes(key) ? sql`r.${id(key)}` : sql`(submission.data -> ${lit(key)})`);
  const answer = (path: string): RawBuilder<unknown> => {
    const [first, ...rest] = path.split('.');
    return rest.length === 0 ? top(first!) : sql`(${top(first!)} #> ${lit(`{${rest.map((r) => `"${r.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`)}::text[])`;
  };
  const options = columns.map((c) => (c.kind === 'labels' && c.options ? sql`${lit(JSON.stringify(Object.fromEntries(c.options)))}::jsonb` : null));
  const uses = (path: string, ...kinds: SqlColumn['kind'][]): boolean => columns.some((c) => c.path === path && kinds.includes(c.kind));
  // The review state's cell: known states' cells are written here (csvCell), others quoted in SQL.
  const stateCells = states ? Object.fromEntries(Object.entries(states).map(([state, word]) => [state, csvCell(word)])) : null;
  const state = stateCells ? sql`coalesce(${lit(JSON.stringify(stateCells))}::jsonb ->> submission.status, ${quoted(sql`submission.status`)})` : quoted(sql`submission.status`);

  // w: each answer, once. u: its type and text, once (not for repeat groups: their JSON text is only
  // the `json` select's). x: the texts a cell needs beyond those; arrays of scalars as text[], read by
  // one jsonb_to_record of the record's arrays (a subquery a cell was costed for every record and
  // made the plan look costly enough for the JIT's slowest settings, decision 323).
  const answers = paths.map((path, i) => sql`${answer(path)} as ${v(i)}`);
  const typed: RawBuilder<unknown>[] = [sql`submission.period::text as pd`];
  const derived: RawBuilder<unknown>[] = [];
  const arrays = paths.flatMap((path, i) => (uses(path, 'value', 'link', 'labels') ? [i] : []));
  paths.forEach((path, i) => {
    if (uses(path, 'value', 'link', 'labels', 'place')) typed.push(sql`jsonb_typeof(w.${v(i)}) as ${y(i)}`, sql`(w.${v(i)} #>> '{}') as ${e(i)}`);
    // Arrays of scalars (several choices): joined by spaces, as cellValue joins them.
    if (arrays.includes(i)) derived.push(sql`array_to_string(ar.${a(i)}, ' ') as ${j(i)}`);
  });
  columns.forEach((c, n) => {
    const i = paths.indexOf(c.path);
    if (c.kind === 'link') derived.push(sql`(case when u.${y(i)} = 'string' and u.${e(i)} <> '' then ${lit(c.prefix ?? '')} || u.${e(i)} end) as ${m(n)}`);
    if (c.kind !== 'labels' || !options[n]) return;
    const o = options[n]!;
    derived.push(
      sql`(case u.${y(i)} when 'string' then coalesce(${o} ->> u.${e(i)}, u.${e(i)}) when 'number' then ${o} ->> u.${e(i)} when 'boolean' then ${o} ->> u.${e(i)} end) as ${b(n)}`,
      sql`(case when ar.${a(i)} is not null then coalesce((select string_agg(coalesce(${o} ->> e, e), '; ' order by n) from unnest(ar.${a(i)}) with ordinality as e(e, n)), '') end) as ${k(i, n)}`,
    );
  });
  const json = columns.filter((c) => c.kind === 'json');
  if (columns.slice(columns.length - json.length).some((c) => c.kind !== 'json')) throw new Error('json columns come last');
  const cells = columns.slice(0, columns.length - json.length).map((c, n) => {
    const i = paths.indexOf(c.path);
    if (c.kind === 'place') return quoted(sql`${p(i)}.name`);
    if (c.kind === 'link') return linkCell(i, n);
    return c.kind === 'labels' && options[n] ? labelCell(i, n) : valueCell(i);
  });
  // A date's text (any DateStyle) holds no quote, comma or line break and starts with a digit, but
  // '-infinity' needs the formula guard.
  const periodCell = sql`(case when ascii(x.pd) = 45 then '''' || x.pd else coalesce(x.pd, '') end)`;
  const created = sql`to_char(submission.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const meta = sql`submission.id::text || ',' || submission.definition_version::text || ',' || ${quoted(sql`submission.geo_code`)} || ',' || ${periodCell} || ',' || ${state} || ',' || ${created}`;
  const line = sql.join([meta, ...cells.map((cell) => sql`',' || ${cell}`)], sql` || `);
  const record = inRecord.length === 0 ? sql`(select 1) as r` : sql`jsonb_to_record(submission.data) as r(${sql.join(inRecord.map((key) => sql`${id(key)} jsonb`))})`;
  const w = sql`(select ${sql.join(answers.length ? answers : [sql`1 as one`])} from ${record} offset 0) as w`;
  const u = sql`(select *, ${sql.join(typed)} from ${w} offset 0) as u`;
  // jsonb_to_record of null gives one row of nulls: records without arrays build nothing.
  const anyArray = sql.join(arrays.map((i) => sql`u.${y(i)} = 'array'`), sql` or `);
  // A function takes at most 100 arguments: the object is built 50 keys at a time.
  const chunks = Array.from({ length: Math.ceil(arrays.length / 50) }, (_, c) => arrays.slice(c * 50, c * 50 + 50));
  const arrayObject = sql.join(
    chunks.map((chunk) => sql`jsonb_build_object(${sql.join(chunk.map((i) => sql`${lit(`a${i}`)}, case when ${scalarArray(i)} then u.${v(i)} end`))})`),
    sql` || `,
  );
  const ar = arrays.length ? sql`, jsonb_to_record(case when ${anyArray} then ${arrayObject} end) as ar(${sql.join(arrays.map((i) => sql`${a(i)} text[]`))})` : sql``;
  const x = derived.length ? sql`(select u.*, ${sql.join(derived)} from ${u}${ar} offset 0) as x` : sql`(select * from ${u} offset 0) as x`;
  // Place names: a lateral join after x, which PostgreSQL caches per code (Memoize) where a subquery
  // a record ran an index lookup each time; `limit 1` keeps it a nested loop (no hash join, so no sort
  // of the lines) and one row per record.
  const places = paths.flatMap((path, i) =>
    uses(path, 'place') ? [sql` left join lateral (select g.${id(placeName)} as name from geo_unit g where x.${y(i)} = 'string' and g.code = x.${e(i)} limit 1) as ${p(i)} on true`] : [],
  );
  const from = sql`lateral ${x}${sql.join(places, sql``)}, lateral (select ${line} as line offset 0) as l`;
  const raw = sql<string>`case when l.line is null then array_to_json(array[submission.id::text, submission.definition_version::text, submission.geo_code, submission.period::text, submission.status, ${created}${sql.join(
    paths.map((_, i) => sql`, (x.${v(i)})::text`),
    sql``,
  )}])::text end`;
  return { from, raw, json: json.map((c) => sql<string | null>`(x.${v(paths.indexOf(c.path))})::text`) };
}
