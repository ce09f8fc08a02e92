// Why: an indicator is accepted at save/publish only if the SQL compiler that computes it (logic-sql,
// facts-sql) accepts it, so "stored" and "computable" mean one thing; before, a filter path such as
// `row.status'x` was stored, then failed every refresh. The compiler is run on each part to name the
// part that fails, then on the whole definition, so nothing it refuses gets through.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type RawBuilder } from 'kysely';
import type { DefinitionProblem, IndicatorDefinition } from '../../form-engine/index';
import { walkLogic } from '../../form-engine/logic/walk';
import { factsQuery } from './facts-sql';
import { LogicCompileError, logicCondition, pathParam, varSql, type LogicScope } from './logic-sql';
import type { RefreshFailure } from './rollup.repository';

/** Compiles SQL text without a database (nothing is executed). */
const offline = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const ELEMENT = sql`e.value`;

function failure(path: string, error: unknown): DefinitionProblem {
  const why = error instanceof Error ? error.message : String(error);
  return { code: 'INVALID_DEFINITION', path, message: { en: `Cannot be computed: ${why}`, km: `មិនអាចគណនាបានទេ៖ ${why}` } };
}

function attempt(path: string, build: () => RawBuilder<unknown>, out: Map<string, DefinitionProblem>): boolean {
  try {
    build().compile(offline);
    return true;
  } catch (error) {
    if (!(error instanceof LogicCompileError)) throw error;
    if (!out.has(path)) out.set(path, failure(path, error));
    return false;
  }
}

/** A logic part: each `var` on its own first (to name it), then the whole condition. */
function logicPart(logic: unknown, path: string, scope: LogicScope, out: Map<string, DefinitionProblem>): void {
  let located = false;
  walkLogic(logic, (operator, args, at, scoped) => {
    if (operator !== 'var') return;
    const name = String(args[0] ?? '');
    const inner: LogicScope = scoped ? { ...scope, elements: [ELEMENT] } : scope;
    if (!attempt(`${path}${at}`, () => varSql(name, inner), out)) located = true;
  });
  if (!located) attempt(path, () => logicCondition(logic, scope), out);
}

/**
 * What the SQL compiler refuses in a definition that passed checkIndicator, as INVALID_DEFINITION
 * problems with the path of the part (e.g. `filter.==.0.var`).
 */
export function indicatorSqlProblems(def: IndicatorDefinition): DefinitionProblem[] {
  const out = new Map<string, DefinitionProblem>();
  const m = def.measure;
  def.sources.forEach((source, i) => {
    if (source.each && !attempt(`sources.${i}.each`, () => pathParam(source.each!), out)) return;
    const scope: LogicScope = { data: sql`s.data`, ...(source.each ? { item: sql`item.value` } : {}), elements: [] };
    const field = (path: string, name: string | undefined) => name !== undefined && attempt(path, () => varSql(name, scope), out);
    const logic = (path: string, node: unknown) => node !== undefined && logicPart(node, path, scope, out);
    logic('filter', def.filter);
    field('measure.field', m.field);
    logic('measure.where', m.where);
    field('measure.numerator.field', m.numerator?.field);
    logic('measure.numerator.where', m.numerator?.where);
    field('measure.denominator.field', m.denominator?.field);
    logic('measure.denominator.where', m.denominator?.where);
    field('periodField', def.periodField);
    (def.categories ?? []).forEach((c, j) => {
      field(`categories.${j}.field`, c.field);
      for (const [k, p] of Object.entries(c.fields ?? {})) attempt(`categories.${j}.fields.${k}`, () => pathParam(p), out);
    });
  });
  if (out.size === 0) attempt('', () => factsQuery(def, null), out);
  return [...out.values()];
}

/** How a failed refresh is recorded: the compiler's refusal with its path, else the error itself. */
export function refreshFailure(def: IndicatorDefinition, error: unknown): RefreshFailure {
  if (error instanceof LogicCompileError) {
    const first = indicatorSqlProblems(def)[0];
    return { code: 'INVALID_DEFINITION', path: first?.path ?? null, detail: error.message.slice(0, 500) };
  }
  const e = error as { code?: unknown; message?: unknown };
  const detail = [typeof e.code === 'string' ? e.code : '', typeof e.message === 'string' ? e.message : String(error)].filter(Boolean).join(' ');
  return { code: 'INDICATOR_REFRESH_FAILED', path: null, detail: detail.slice(0, 500) };
}
