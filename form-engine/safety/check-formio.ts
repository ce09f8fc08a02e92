// Refuses Form.io JSON that carries executable or remote content before it is converted into a
// definition: custom JS, string calculations, URL/custom data sources, HTML components, {{ }}.
import type { DefinitionProblem } from '../model/types';
import { joinPath, problem } from './problem';
import { hasTemplate } from './unsafe-text';

// The builder's default item template for select components; it is never evaluated for static values.
const DEFAULT_SELECT_TEMPLATE = '<span>{{ item.label }}</span>';
const JS_STRING_KEYS = new Set(['customConditional', 'calculateValue', 'customDefaultValue']);
const HTML_COMPONENTS = new Set(['htmlelement', 'html', 'content']);

function unsafe(path: string, what: string): DefinitionProblem {
  return problem('UNSAFE_DEFINITION', path, { en: `Executable content is not allowed: ${what}`, km: `មិនអនុញ្ញាតឱ្យមានកូដដែលអាចដំណើរការ៖ ${what}` });
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function checkLogicActions(logic: unknown, path: string, out: DefinitionProblem[]): void {
  if (!Array.isArray(logic)) return;
  logic.forEach((entry: { trigger?: { type?: string }; actions?: Array<{ type?: string; customAction?: unknown }> }, i) => {
    if (entry?.trigger?.type === 'javascript') out.push(unsafe(joinPath(path, i, 'trigger'), 'JavaScript trigger'));
    (entry?.actions ?? []).forEach((action, j) => {
      if (action?.type === 'javascript' || action?.type === 'customAction' || nonEmptyString(action?.customAction)) {
        out.push(unsafe(joinPath(path, i, 'actions', j), 'JavaScript logic action'));
      }
    });
  });
}

function walk(node: unknown, path: string, out: DefinitionProblem[]): void {
  if (typeof node === 'string') {
    if (hasTemplate(node) && !(path.endsWith('.template') && node === DEFAULT_SELECT_TEMPLATE)) out.push(unsafe(path, 'template expression {{ }}'));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.type === 'string' && HTML_COMPONENTS.has(record.type)) out.push(unsafe(joinPath(path, 'type'), `${record.type} component`));
  for (const [key, value] of Object.entries(record)) {
    const here = joinPath(path, key);
    if (JS_STRING_KEYS.has(key) && nonEmptyString(value)) out.push(unsafe(here, key));
    else if (key === 'custom' && path.endsWith('validate') && nonEmptyString(value)) out.push(unsafe(here, 'custom validation'));
    else if (key === 'dataSrc' && (value === 'url' || value === 'custom')) out.push(unsafe(here, `dataSrc ${value}`));
    else if (key === 'logic') checkLogicActions(value, here, out);
    if (typeof value === 'string' && (JS_STRING_KEYS.has(key) || key === 'custom')) continue;
    walk(value, here, out);
  }
}

export function checkFormioSafety(form: unknown): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  walk(form, '', out);
  return out;
}
