// Decides whether a help page may be stored: meta-schema problems are INVALID_DEFINITION; HTML tags
// or templates anywhere (titles, tour texts, Markdown bodies) are UNSAFE_DEFINITION. The Markdown's
// links and images are checked by the server's renderer (server/help), which owns the URL rules.
import type { ValidateFunction } from 'ajv';
import type { DefinitionProblem } from '../model/types';
import { checkDefinitionSize } from '../safety/check-limits';
import { joinPath, problem } from '../safety/problem';
import { hasTemplate } from '../safety/unsafe-text';
import { createAjv } from '../validate/ajv';
import { helpMetaSchema } from './meta-schema';
import type { HelpPage } from './types';

let compiled: ValidateFunction | undefined;

/** A tag as an HTML parser would read one: `<b`, `</p`, `<!--`, `<?`. "a < b" is text, not a tag. */
const TAG = /<[A-Za-z!/?]/;

function textProblems(node: unknown, path: string, out: DefinitionProblem[]): void {
  if (typeof node === 'string') {
    if (TAG.test(node) || hasTemplate(node)) {
      out.push(problem('UNSAFE_DEFINITION', path, { en: 'Help text may not contain HTML tags or templates: use the editor\'s buttons (Markdown) instead', km: 'អត្ថបទជំនួយមិនអាចមានស្លាក HTML ឬគំរូបានទេ៖ សូមប្រើប៊ូតុងរបស់កម្មវិធីកែសម្រួល (Markdown) ជំនួសវិញ' }));
    }
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [k, v] of Object.entries(node)) if (k !== '$schema') textProblems(v, joinPath(path, k), out);
}

export function checkHelp(def: unknown): DefinitionProblem[] {
  const oversize = checkDefinitionSize(def, { depth: 8, nodes: 2_000, stringLength: 100_000 });
  if (oversize.length > 0) return oversize;
  compiled ??= createAjv().compile(helpMetaSchema);
  const out: DefinitionProblem[] = [];
  if (!compiled(def)) {
    for (const e of compiled.errors ?? []) {
      const at = e.instancePath.split('/').slice(1).join('.');
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      const path = joinPath(at, extra ?? '');
      out.push(problem('INVALID_DEFINITION', path, { en: `${path || 'help page'}: ${extra ? 'is not allowed here' : e.message ?? 'is invalid'}`, km: `${path || 'ទំព័រជំនួយ'}: មិនត្រឹមត្រូវ` }));
    }
    return out;
  }
  textProblems(def, '', out);
  const page = def as HelpPage;
  const course = page['x-type'] === 'course';
  if (course && !page.modules) out.push(problem('INVALID_DEFINITION', 'modules', { en: 'A course lists its pages (modules)', km: 'វគ្គសិក្សាត្រូវរាយទំព័ររបស់វា (ម៉ូឌុល)' }));
  if (!course && page.modules) out.push(problem('INVALID_DEFINITION', 'modules', { en: 'Only a course lists modules', km: 'មានតែវគ្គសិក្សាទេដែលរាយម៉ូឌុល' }));
  return out;
}
