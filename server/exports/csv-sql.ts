// Why: a form's CSV is a fixed projection of its JSONB documents, so PostgreSQL can write each line
// itself (issue 14: CSV at COPY's pace). This builds, from the export's columns, the SQL expression of
// one record's whole CSV line, cell for cell what csv.ts writes in Node (csvCell, jsonTextCell,
// labelValue, place names, review-state words). Where SQL cannot match JavaScript exactly (numbers
// JavaScript would write differently from PostgreSQL, keys JavaScript reorders, objects in a choice
// answer) the cell is SQL null, which makes the line null: that record then comes with its answers'
// JSON texts and Node writes its line the old way (exports.service.ts). Repeat groups' JSON cells are
// left to Node (json-cell.ts compacts their bytes): PostgreSQL's regular expressions took ~200 µs a
// cell for that. Pure SQL text; no database.
import { sql, type RawBuilder } from 'kysely';

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

/** csvCell of a text (null: empty): the formula guard, then RFC 4180 quoting. */
function quoted(t: RawBuilder<unknown>): RawBuilder<string> {
  const guarded = sql`(case when left(${t}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${t} else ${t} end)`;
  return sql<string>`(case when ${t} is null then '' when ${t} ~ '[",\r\n]' then '"' || replace(${guarded}, '"', '""') || '"' else ${guarded} end)`;
}

/** A number's text PostgreSQL writes exactly as JavaScript's String(Number(text)) does: at most 15 digits, no trailing zero, ≥ 1e-6. */
const plainNumber = (t: RawBuilder<unknown>): RawBuilder<boolean> =>
  sql<boolean>`(${t} ~ '^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$' and length(translate(${t}, '-.', '')) <= 15 and ${t} !~ '^-?0\\.000000')`;

/**
 * JSON text that may hold a number JavaScript would write differently from jsonb (trailing zero,
 * 16+ digits, tiny). Strings can match too; such a record merely goes the exact Node way.
 */
const UNSAFE_JSON = `\\.[0-9]*0[^0-9]|[0-9.]{17}|0\\.000000`;

/** Per answer path, the names of its computed values in the `x` lateral. */
const v = (i: number) => id(`v${i}`);
const t = (i: number) => id(`t${i}`);
const s = (i: number) => id(`s${i}`);
const j = (i: number) => id(`j${i}`);
const p = (i: number) => id(`p${i}`);
const k = (i: number, n: number) => id(`k${i}_${n}`);

/** The value column (codes): jsonTextCell of the answer; null for an object or an array holding any (Node writes those). */
function valueCell(i: number): RawBuilder<string | null> {
  return sql`(case coalesce(jsonb_typeof(x.${v(i)}), 'null')
    when 'null' then ''
    when 'string' then ${quoted(sql`(x.${v(i)} #>> '{}')`)}
    when 'number' then case when ${plainNumber(sql`x.${t(i)}`)} then x.${t(i)} end
    when 'boolean' then x.${t(i)}
    when 'array' then case when x.${s(i)} and x.${t(i)} !~ ${lit(UNSAFE_JSON)} then ${quoted(sql`coalesce(x.${j(i)}, '')`)} end
    end)`;
}

/** A link column: `prefix` and the text answer (a media file id), as mediaLink writes it; other answers as valueCell. */
function linkCell(i: number, prefix: string): RawBuilder<string | null> {
  return sql`(case when jsonb_typeof(x.${v(i)}) = 'string' and x.${v(i)} <> '""'::jsonb then ${quoted(sql`(${lit(prefix)} || (x.${v(i)} #>> '{}'))`)} else ${valueCell(i)} end)`;
}

/** A choice column in words: labelValue (an unknown value as itself; arrays' labels joined by "; "). */
function labelCell(i: number, n: number, options: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql`(case coalesce(jsonb_typeof(x.${v(i)}), 'null')
    when 'null' then ''
    when 'string' then ${quoted(sql`coalesce(${options} ->> (x.${v(i)} #>> '{}'), x.${v(i)} #>> '{}')`)}
    when 'number' then case when ${options} ? x.${t(i)} then ${quoted(sql`(${options} ->> x.${t(i)})`)} when ${plainNumber(sql`x.${t(i)}`)} then x.${t(i)} end
    when 'boolean' then case when ${options} ? x.${t(i)} then ${quoted(sql`(${options} ->> x.${t(i)})`)} else x.${t(i)} end
    when 'array' then case when x.${s(i)} and x.${t(i)} !~ ${lit(UNSAFE_JSON)} then ${quoted(sql`coalesce(x.${k(i, n)}, '')`)} end
    end)`;
}

/**
 * The SQL of the CSV lines of `columns` (after the six meta columns): `states` maps review states to
 * words (null: codes), `placeName` is geo_unit's name column of the export's language.
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
  const computed: RawBuilder<unknown>[] = [];
  paths.forEach((path, i) => {
    const a = answer(path);
    const scalars = sql`(jsonb_typeof(${a}) = 'array' and not jsonb_path_exists(${a}, 'strict $[*] ? (@.type() == "object" || @.type() == "array" || @.type() == "null")'))`;
    computed.push(sql`${a} as ${v(i)}`, sql`(${a})::text as ${t(i)}`, sql`${scalars} as ${s(i)}`);
    if (columns.some((c) => c.path === path && (c.kind === 'value' || c.kind === 'link'))) {
      // Arrays of scalars (several choices): joined by spaces, as cellValue joins them.
      computed.push(sql`(case when ${scalars} then (select string_agg(e, ' ' order by n) from jsonb_array_elements_text(${a}) with ordinality as e(e, n)) end) as ${j(i)}`);
    }
    if (columns.some((c) => c.path === path && c.kind === 'place')) {
      computed.push(sql`(case when jsonb_typeof(${a}) = 'string' then (select g.${id(placeName)} from geo_unit g where g.code = ${a} #>> '{}') end) as ${p(i)}`);
    }
  });
  columns.forEach((c, n) => {
    if (c.kind !== 'labels') return;
    const i = paths.indexOf(c.path);
    const a = answer(c.path);
    computed.push(sql`(case when jsonb_typeof(${a}) = 'array' then (select string_agg(coalesce(${options[n]!} ->> e, e), '; ' order by n) from jsonb_array_elements_text(${a}) with ordinality as e(e, n)) end) as ${k(i, n)}`);
  });
  const json = columns.filter((c) => c.kind === 'json');
  if (columns.slice(columns.length - json.length).some((c) => c.kind !== 'json')) throw new Error('json columns come last');
  const cells = columns.slice(0, columns.length - json.length).map((c, n) => {
    const i = paths.indexOf(c.path);
    if (c.kind === 'place') return quoted(sql`x.${p(i)}`);
    if (c.kind === 'link') return linkCell(i, c.prefix ?? '');
    return c.kind === 'labels' && options[n] ? labelCell(i, n, options[n]!) : valueCell(i);
  });
  const state = states ? sql`coalesce(${lit(JSON.stringify(states))}::jsonb ->> submission.status, submission.status)` : sql`submission.status`;
  const created = sql`to_char(submission.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const meta = sql`submission.id::text || ',' || submission.definition_version::text || ',' || ${quoted(sql`submission.geo_code`)} || ',' || ${quoted(sql`submission.period::text`)} || ',' || ${quoted(state)} || ',' || ${created}`;
  const line = sql.join([meta, ...cells.map((cell) => sql`',' || ${cell}`)], sql` || `);
  const record = inRecord.length === 0 ? sql`(select 1) as r` : sql`jsonb_to_record(submission.data) as r(${sql.join(inRecord.map((key) => sql`${id(key)} jsonb`))})`;
  const from = sql`lateral (select ${sql.join(computed.length ? computed : [sql`1 as one`])} from ${record} offset 0) as x, lateral (select ${line} as line offset 0) as l`;
  const raw = sql<string>`case when l.line is null then array_to_json(array[submission.id::text, submission.definition_version::text, submission.geo_code, submission.period::text, submission.status, ${created}${sql.join(
    paths.map((_, i) => sql`, x.${t(i)}`),
    sql``,
  )}])::text end`;
  return { from, raw, json: json.map((c) => sql<string | null>`x.${t(paths.indexOf(c.path))}`) };
}
