// Decides whether an indicator definition may be stored: meta-schema and measure/category rules are
// INVALID_DEFINITION; JSONLogic outside what compiles to SQL, templates or HTML in text are UNSAFE.
import type { ValidateFunction } from 'ajv';
import { ALLOWED_OPERATIONS } from '../logic/operations';
import { walkLogic } from '../logic/walk';
import { logicSubsetIssues } from './logic-subset';
import type { DefinitionProblem } from '../model/types';
import { joinPath, problem } from '../safety/problem';
import { hasMarkup, hasTemplate } from '../safety/unsafe-text';
import { checkDefinitionSize } from '../safety/check-limits';
import { createAjv } from '../validate/ajv';
import { indicatorMetaSchema } from './meta-schema';
import type { IndicatorDefinition } from './types';

export { SQL_OPERATIONS } from './logic-subset';

let compiled: ValidateFunction | undefined;

function logicProblems(logic: unknown, path: string, each: boolean, out: DefinitionProblem[]): void {
  const before = out.length;
  walkLogic(logic, (operator, _args, at) => {
    if (!ALLOWED_OPERATIONS.has(operator)) out.push(problem('UNSAFE_DEFINITION', `${path}${at}`, { en: `Operation "${operator}" is not allowed`, km: `ប្រមាណវិធី "${operator}" មិនត្រូវបានអនុញ្ញាត` }));
  });
  if (out.length > before) return;
  // Only what compiles to SQL with json-logic-js's meaning (logic-subset.ts).
  for (const issue of logicSubsetIssues(logic, { each })) out.push(problem('INVALID_DEFINITION', `${path}${issue.path}`, { en: issue.en, km: issue.km }));
}

function textProblems(node: unknown, path: string, out: DefinitionProblem[]): void {
  if (typeof node === 'string') {
    if (hasTemplate(node) || hasMarkup(node)) out.push(problem('UNSAFE_DEFINITION', path, { en: 'Text may not contain markup or templates', km: 'អត្ថបទមិនអាចមានកូដ ឬគំរូបានទេ' }));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [k, v] of Object.entries(node)) if (k !== 'filter' && k !== 'where') textProblems(v, joinPath(path, k), out);
}

function measureProblems(def: IndicatorDefinition, out: DefinitionProblem[]): void {
  const m = def.measure;
  const need = (ok: boolean, path: string, en: string, km: string) => {
    if (!ok) out.push(problem('INVALID_DEFINITION', path, { en, km }));
  };
  if (['sum', 'average', 'median'].includes(m.type)) {
    const split = def.categories?.some((c) => c.fields);
    need(!!m.field || (m.type === 'sum' && !!split), 'measure.field', 'This measure needs a field', 'រង្វាស់នេះត្រូវការវាលមួយ');
  }
  need(m.type !== 'percentage' || m.where !== undefined, 'measure.where', 'A percentage needs a condition', 'ភាគរយត្រូវការលក្ខខណ្ឌ');
  need(m.type !== 'ratio' || (!!m.numerator && !!m.denominator), 'measure', 'A ratio needs a numerator and a denominator', 'ផលធៀបត្រូវការភាគយក និងភាគបែង');
  need(m.type !== 'coverage' || !!m.level, 'measure.level', 'Coverage needs a level', 'ការគ្របដណ្តប់ត្រូវការកម្រិត');
  (def.categories ?? []).forEach((c, i) => {
    const ways = [c.field, c.constant, c.fields].filter((x) => x !== undefined).length;
    need(ways === 1, `categories.${i}`, 'A category takes exactly one of field, constant or fields', 'ប្រភេទត្រូវការតែមួយក្នុងចំណោម field, constant ឬ fields');
    need(!c.fields || m.type === 'sum', `categories.${i}.fields`, 'Field-per-category works only with the sum measure', 'fields ប្រើបានតែជាមួយរង្វាស់ផលបូក');
    need(c.total === undefined || (!!c.fields && Object.hasOwn(c.fields, c.total)), `categories.${i}.total`, 'The total must be one of the category\'s fields', 'ចំនួនសរុបត្រូវតែជាវាលមួយក្នុងចំណោមវាលនៃប្រភេទនេះ');
    // A field that looks like the total but is not named as one would be added to its own groups.
    const looksTotal = Object.entries(c.fields ?? {}).some(([k, p]) => k === 'total' || p.split('.').at(-1) === 'total');
    need(c.total !== undefined || !looksTotal, `categories.${i}.total`, 'This split has a total field: name it as the total ("total"), or it would be added to its own groups', 'ការបំបែកនេះមានវាលសរុប៖ សូមកំណត់វាជាចំនួនសរុប ("total") បើមិនដូច្នោះទេ វានឹងត្រូវបូកបញ្ចូលជាមួយក្រុមរបស់វា');
  });
  need(m.type !== 'coverage' || !def.categories?.length, 'categories', 'Coverage has no categories', 'ការគ្របដណ្តប់មិនមានប្រភេទ');
}

export function checkIndicator(def: unknown): DefinitionProblem[] {
  // The same iterative size caps as forms, before anything recursive reads the document.
  const oversize = checkDefinitionSize(def);
  if (oversize.length > 0) return oversize;
  compiled ??= createAjv().compile(indicatorMetaSchema);
  const out: DefinitionProblem[] = [];
  textProblems(def, '', out);
  if (!compiled(def)) {
    for (const e of compiled.errors ?? []) {
      const at = e.instancePath.split('/').slice(1).join('.');
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      const path = joinPath(at, extra ?? '');
      out.push(problem('INVALID_DEFINITION', path, { en: `${path || 'indicator'}: ${extra ? 'is not allowed here' : e.message ?? 'is invalid'}`, km: `${path || 'សូចនាករ'}: មិនត្រឹមត្រូវ` }));
    }
    return out;
  }
  const d = def as IndicatorDefinition;
  const each = d.sources.every((s) => s.each !== undefined);
  if (d.filter !== undefined) logicProblems(d.filter, 'filter', each, out);
  if (d.measure.where !== undefined) logicProblems(d.measure.where, 'measure.where', each, out);
  if (d.measure.numerator?.where !== undefined) logicProblems(d.measure.numerator.where, 'measure.numerator.where', each, out);
  if (d.measure.denominator?.where !== undefined) logicProblems(d.measure.denominator.where, 'measure.denominator.where', each, out);
  measureProblems(d, out);
  return out;
}
