// Report templates are definitions of kind `report` (docs/definition-format.md#report-templates):
// the organisation lines, logo, signature block and a handlebars template officers edit without code.
// This module decides whether one may be stored. Handlebars is a language, so the template is parsed
// and its syntax tree walked: triple-stash ({{{ }}} / {{& }}) output, partials, decorators and any
// helper not registered for reports are refused with REPORT_TEMPLATE_UNSAFE at `template`, and a
// template that does not parse is REPORT_TEMPLATE_INVALID, each with its line and column.
import Handlebars from 'handlebars';
import type { ValidateFunction } from 'ajv';
import { checkDefinitionSize } from '../../form-engine/safety/check-limits';
import { createAjv } from '../../form-engine/validate/ajv';
import type { LocalizedMessage, ProblemCode } from '../core/problems';

export const REPORT_LIMITS = { templateLength: 60_000, organisationLines: 4, signatures: 4 } as const;

/** The helpers a template may call: Handlebars' own safe blocks and the report's (report-render.ts). */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
export const REPORT_HELPERS = ['number', 'digits', 'month', 'date', 'narrative', 'eq'] as const;
const ALLOWED = new Set<string>([...BLOCK_HELPERS, ...REPORT_HELPERS]);

type Localized = { km: string; en: string };

export interface ReportSignature {
  label: Localized;
  name?: string;
  title?: Localized;
}

export interface ReportTemplate {
  $schema: string;
  'x-kind': 'report';
  'x-title': Localized;
  /** A province (2-digit NCDD code) this template is for; absent: the national template. */
  area?: string;
  organisation?: { km: string[]; en: string[] };
  /** An uploaded image (`image:<sha256>`); absent: the shipped default. */
  logo?: string;
  signatures?: ReportSignature[];
  /** Show a table of contents when the report has at least this many sections (default 6). */
  tocFrom?: number;
  template: string;
}

export interface ReportTemplateProblem {
  code: ProblemCode;
  path: string;
  keyword: string;
  message: LocalizedMessage;
}

const localized = (max: number) =>
  ({ type: 'object', required: ['km', 'en'], properties: { km: { type: 'string', minLength: 1, maxLength: max }, en: { type: 'string', minLength: 1, maxLength: max } }, additionalProperties: false }) as const;
const lines = { type: 'array', maxItems: REPORT_LIMITS.organisationLines, items: { type: 'string', minLength: 1, maxLength: 200 } } as const;

export const reportMetaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['$schema', 'x-kind', 'x-title', 'template'],
  properties: {
    $schema: { const: 'https://json-schema.org/draft/2020-12/schema' },
    'x-kind': { const: 'report' },
    'x-title': localized(200),
    area: { type: 'string', pattern: '^[0-9]{2}$' },
    organisation: { type: 'object', required: ['km', 'en'], properties: { km: lines, en: lines }, additionalProperties: false },
    logo: { type: 'string', pattern: '^image:[0-9a-f]{64}$' },
    signatures: {
      type: 'array',
      maxItems: REPORT_LIMITS.signatures,
      items: { type: 'object', required: ['label'], properties: { label: localized(100), name: { type: 'string', maxLength: 100 }, title: localized(200) }, additionalProperties: false },
    },
    tocFrom: { type: 'integer', minimum: 2, maximum: 100 },
    template: { type: 'string', minLength: 1, maxLength: REPORT_LIMITS.templateLength },
  },
  additionalProperties: false,
} as const;

let compiled: ValidateFunction | undefined;

interface Loc {
  start: { line: number; column: number };
}
interface Node {
  type: string;
  loc?: Loc;
  [field: string]: unknown;
}

function unsafe(node: Node, keyword: string, en: string, km: string): ReportTemplateProblem {
  const at = node.loc ? `${node.loc.start.line}:${node.loc.start.column + 1}` : '';
  return { code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword, message: { en: `Line ${at}: ${en}`, km: `បន្ទាត់ ${at}៖ ${km}` } };
}

function helperName(path: unknown): string {
  const p = path as { type?: string; original?: unknown } | undefined;
  return p?.type === 'PathExpression' ? String(p.original) : String(p?.original ?? '?');
}

/** Walks the template's syntax tree and collects what a report template may not contain. */
function walk(node: unknown, out: ReportTemplateProblem[], depth = 0): void {
  if (out.length > 20) return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out, depth);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Node;
  // Syntax trees nest about 3 levels per block: 300 levels is ~100 nested blocks.
  if (depth > 300) {
    out.push(unsafe(n, 'depth', 'blocks are nested too deeply', 'ប្លុកត្រូវបានដាក់ក្នុងគ្នាជ្រៅពេក'));
    return;
  }
  switch (n.type) {
    case 'PartialStatement':
    case 'PartialBlockStatement':
      out.push(unsafe(n, 'partial', 'partials ({{> …}}) are not allowed in report templates', 'មិនអនុញ្ញាតឱ្យប្រើ partial ({{> …}}) ក្នុងគំរូរបាយការណ៍ទេ'));
      return;
    case 'Decorator':
    case 'DecoratorBlock':
      out.push(unsafe(n, 'decorator', 'decorators ({{* …}}) are not allowed in report templates', 'មិនអនុញ្ញាតឱ្យប្រើ decorator ({{* …}}) ក្នុងគំរូរបាយការណ៍ទេ'));
      return;
    case 'MustacheStatement':
      if (n.escaped === false) out.push(unsafe(n, 'triple-stash', 'unescaped output ({{{ … }}} or {{& … }}) is not allowed: write {{ … }}', 'មិនអនុញ្ញាតលទ្ធផលដែលមិនបានការពារ ({{{ … }}} ឬ {{& … }}) ទេ៖ សូមសរសេរ {{ … }}'));
      if ((Array.isArray(n.params) && n.params.length > 0) || n.hash) checkHelper(n, out);
      break;
    case 'BlockStatement':
    case 'SubExpression':
      checkHelper(n, out);
      break;
    default:
      break;
  }
  for (const [key, value] of Object.entries(n)) if (key !== 'loc' && key !== 'path' && typeof value === 'object') walk(value, out, depth + 1);
}

function checkHelper(n: Node, out: ReportTemplateProblem[]): void {
  const name = helperName(n.path);
  if (!ALLOWED.has(name)) {
    out.push(unsafe(n, 'unknown-helper', `"${name}" is not a report helper (use ${[...ALLOWED].join(', ')})`, `"${name}" មិនមែនជាជំនួយការរបាយការណ៍ទេ (សូមប្រើ ${[...ALLOWED].join(', ')})`));
  }
}

/** Script and event-handler markup, refused with a message (the renderer's allowlist drops the rest). */
const SCRIPT_MARKUP = /<\s*(script|iframe|object|embed|base|meta|link|form)\b|\son[a-z]+\s*=|javascript:/i;

/** The template text's problems: unparseable, unsafe handlebars, script markup. */
export function templateProblems(template: string): ReportTemplateProblem[] {
  let ast: unknown;
  try {
    ast = Handlebars.parse(template);
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return [{ code: 'REPORT_TEMPLATE_INVALID', path: 'template', keyword: 'syntax', message: { en: text, km: `គំរូមិនត្រឹមត្រូវ៖ ${text}` } }];
  }
  const out: ReportTemplateProblem[] = [];
  walk(ast, out);
  const script = SCRIPT_MARKUP.exec(template);
  if (script) {
    const line = template.slice(0, script.index).split('\n').length;
    out.push({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'html', message: { en: `Line ${line}: scripts, frames, forms and event handlers are not allowed`, km: `បន្ទាត់ ${line}៖ មិនអនុញ្ញាតឱ្យប្រើស្គ្រីប ស៊ុម ទម្រង់ ឬកម្មវិធីដោះស្រាយព្រឹត្តិការណ៍ទេ` } });
  }
  return out;
}

/** Everything wrong with a report definition: size and format first, then its template. */
export function reportProblems(def: unknown): ReportTemplateProblem[] {
  const oversize = checkDefinitionSize(def, { depth: 6, nodes: 500, stringLength: REPORT_LIMITS.templateLength });
  if (oversize.length > 0) return oversize.map((p) => ({ code: p.code, path: p.path, keyword: 'size', message: p.message }));
  compiled ??= createAjv().compile(reportMetaSchema);
  if (!compiled(def)) {
    return (compiled.errors ?? []).map((e) => {
      const at = e.instancePath.split('/').slice(1).join('.');
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      const path = [at, extra].filter(Boolean).join('.');
      return { code: 'INVALID_DEFINITION' as const, path, keyword: e.keyword, message: { en: `${path || 'report'}: ${extra ? 'is not allowed here' : e.message ?? 'is invalid'}`, km: `${path || 'របាយការណ៍'}៖ មិនត្រឹមត្រូវ` } };
    });
  }
  return templateProblems((def as ReportTemplate).template);
}
