// Why: issue 8's hostile definitions and submissions must be refused (or validated) about as fast
// as a normal ISAF form is handled; this times each one against that normal form in the same run.
import { performance } from 'node:perf_hooks';
import definitionJson from '../definitions/forms/csc-health-centre/v1.json' with { type: 'json' };
import { checkDefinition, createValidator, LIMITS, type Definition } from '../form-engine/index';
import * as hostile from '../tests/fixtures/hostile-definitions';
import { FORM_KEY, FORM_VERSION, validDocument } from './lib/isaf-document';
import { measure, type CaseResult, type Round } from './lib/measure';
import type { Row } from './lib/report';

/** Like syncRound, but reads the clock after every call: some of these take 100 ms or more. */
function slowRound(op: () => void, durationMs: number): Round {
  const latenciesMs: number[] = [];
  const start = performance.now();
  do {
    const t = performance.now();
    op();
    latenciesMs.push(performance.now() - t);
  } while (performance.now() - start < durationMs);
  const seconds = (performance.now() - start) / 1000;
  return { ops: latenciesMs.length, seconds, rate: latenciesMs.length / seconds, latenciesMs };
}

interface HostileCase {
  name: string;
  what: string;
  baseline: 'check' | 'validate' | 'first';
  op: () => void;
  /** What the case must give, checked once before timing (a fast wrong answer means nothing). */
  expect: () => boolean;
}

export interface HostileFigures {
  cases: HostileCase[];
  results: Map<string, CaseResult>;
}

export async function benchHostile(opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<HostileFigures> {
  const isaf = definitionJson as unknown as Definition;
  const doc = validDocument(0);
  const engine = createValidator();
  const cacheKey = `${FORM_KEY}@${FORM_VERSION}`;
  const refused = (def: unknown) => () => checkDefinition(def).some((p) => p.code === 'INVALID_DEFINITION');
  const accepted = (def: unknown) => () => checkDefinition(def).length === 0;

  const groups = hostile.nestedGroups(500);
  const logic = hostile.deepCondition(2000);
  const enum100k = hostile.hugeEnum(100_000);
  const enum40k = hostile.hugeEnum(40_000);
  const fields10k = hostile.manyFields(10_000);
  const fieldsMax = hostile.manyFields(LIMITS.fields);
  const enumMax = hostile.hugeEnum(LIMITS.options);
  const deep = hostile.deepData(100_000, 'commune');
  const someDef = hostile.repeatWithSome();
  const rows3000 = hostile.repeatRows(3000);
  const someMaxDef = hostile.repeatWithSome(LIMITS.repeatRows);
  const rowsMax = hostile.repeatRows(LIMITS.repeatRows);
  const rowsMaxHidden = hostile.repeatRows(LIMITS.repeatRows);
  (rowsMaxHidden.actions[LIMITS.repeatRows - 1] as { status: string }).status = 'late';
  const sumDef = hostile.repeatWithSum(LIMITS.repeatRows);
  const sumRows = hostile.sumRows(LIMITS.repeatRows);
  const fieldsMaxData = hostile.manyFieldsData(LIMITS.fields);
  const errorsOf = (key: string, def: Definition, data: unknown) => engine.validate(key, def, data).errors;

  let sink = 0;
  const cases: HostileCase[] = [
    { name: 'check-isaf', what: 'check: csc-health-centre v1', baseline: 'check', op: () => void (sink += checkDefinition(isaf).length), expect: accepted(isaf) },
    { name: 'check-groups', what: 'check: groups nested 500 deep (refused)', baseline: 'check', op: () => void (sink += checkDefinition(groups).length), expect: refused(groups) },
    { name: 'check-logic', what: 'check: x-visible-when 2,000 operators deep (refused)', baseline: 'check', op: () => void (sink += checkDefinition(logic).length), expect: refused(logic) },
    { name: 'check-enum100k', what: 'check: 100,000-value enum (refused)', baseline: 'check', op: () => void (sink += checkDefinition(enum100k).length), expect: refused(enum100k) },
    { name: 'check-enum40k', what: 'check: 40,000-value enum (refused)', baseline: 'check', op: () => void (sink += checkDefinition(enum40k).length), expect: refused(enum40k) },
    { name: 'check-enummax', what: `check: ${LIMITS.options.toLocaleString('en-US')}-value enum (the limit, accepted)`, baseline: 'check', op: () => void (sink += checkDefinition(enumMax).length), expect: accepted(enumMax) },
    { name: 'check-fields10k', what: 'check: 10,000 fields (refused)', baseline: 'check', op: () => void (sink += checkDefinition(fields10k).length), expect: refused(fields10k) },
    { name: 'check-fieldsmax', what: `check: ${LIMITS.fields.toLocaleString('en-US')} fields (the limit, accepted)`, baseline: 'check', op: () => void (sink += checkDefinition(fieldsMax).length), expect: accepted(fieldsMax) },
    { name: 'validate-isaf', what: 'validate: csc-health-centre document', baseline: 'validate', op: () => void (sink += errorsOf(cacheKey, isaf, doc).length), expect: () => errorsOf(cacheKey, isaf, doc).length === 0 },
    { name: 'validate-deep', what: 'validate: 100,000-deep submission (refused)', baseline: 'validate', op: () => void (sink += errorsOf(cacheKey, isaf, deep).length), expect: () => errorsOf(cacheKey, isaf, deep)[0]?.keyword === 'maxDepth' },
    { name: 'validate-rows3000', what: 'validate: 3,000 repeat rows with a `some` row condition (refused: row limit)', baseline: 'validate', op: () => void (sink += errorsOf('some', someDef, rows3000).length), expect: () => errorsOf('some', someDef, rows3000)[0]?.keyword === 'maxItems' },
    { name: 'validate-rowsmax', what: `validate: ${LIMITS.repeatRows} rows, \`some\` over all rows, field shown`, baseline: 'validate', op: () => void (sink += errorsOf('some-max', someMaxDef, rowsMax).length), expect: () => errorsOf('some-max', someMaxDef, rowsMax).length === 0 },
    { name: 'validate-rowsmax-hidden', what: `validate: ${LIMITS.repeatRows} rows, \`some\` over all rows, field hidden (last row matches)`, baseline: 'validate', op: () => void (sink += errorsOf('some-max', someMaxDef, rowsMaxHidden).length), expect: () => errorsOf('some-max', someMaxDef, rowsMaxHidden).length === 0 },
    { name: 'validate-sum', what: `validate: ${LIMITS.repeatRows} rows, each computing a \`reduce\` over all rows`, baseline: 'validate', op: () => void (sink += errorsOf('sum', sumDef, sumRows).length), expect: () => errorsOf('sum', sumDef, sumRows).length === 0 },
    { name: 'first-isaf', what: 'first validation (compile + validate): csc-health-centre', baseline: 'first', op: () => void (sink += createValidator().validate('k', isaf, doc).errors.length), expect: () => true },
    { name: 'first-fieldsmax', what: `first validation (compile + validate): ${LIMITS.fields.toLocaleString('en-US')}-field form`, baseline: 'first', op: () => void (sink += createValidator().validate('k', fieldsMax, fieldsMaxData).errors.length), expect: () => createValidator().validate('k', fieldsMax, fieldsMaxData).errors.length === 0 },
  ];
  for (const c of cases) if (!c.expect()) throw new Error(`hostile bench case ${c.name} did not give the expected result`);
  const results = await measure(cases.map((c) => ({ name: c.name, round: async (ms: number) => slowRound(c.op, ms) })), opts);
  if (sink < 0) console.log(sink); // keeps the results observable so the JIT cannot drop the calls
  return { cases, results };
}

const BASELINES = { check: 'check-isaf', validate: 'validate-isaf', first: 'first-isaf' } as const;

function ms(rate: number): string {
  const t = 1000 / rate;
  return t >= 10 ? `${Math.round(t)} ms` : t >= 1 ? `${t.toFixed(1)} ms` : `${(t * 1000).toFixed(0)} µs`;
}

export function hostileRows(f: HostileFigures): Row[] {
  return f.cases
    .filter((c) => c.name !== BASELINES[c.baseline])
    .map((c) => {
      const base = f.cases.find((b) => b.name === BASELINES[c.baseline]) as HostileCase;
      const measured = (f.results.get(c.name) as CaseResult).median;
      const baseline = (f.results.get(base.name) as CaseResult).median;
      return {
        what: `hostile input, ${c.what}`,
        measured: `${ms(measured)} per call`,
        baseline: `${base.what}: ${ms(baseline)}`,
        // Medians are rates: hostile time / normal time = normal rate / hostile rate.
        ratio: Number.isFinite(baseline / measured) ? `time ×${(baseline / measured).toFixed(baseline / measured < 10 ? 2 : 0)}` : 'n/a',
        target: 'report only',
      };
    });
}
