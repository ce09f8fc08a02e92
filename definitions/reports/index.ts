// The report templates shipped with SA Studio (definitions of kind `report`, docs/definition-format.md
// #report-templates): the national monthly progress report. Each version is a `<key>/v<N>.json` of
// settings and its handlebars body beside it in `<key>/v<N>.hbs` (easier to read and review than a
// JSON string); loaded at first start like the forms, then versioned by officers in the product.
// Published versions are never edited in place.
import { readFileSync } from 'node:fs';
import progressV1 from './progress/v1.json' with { type: 'json' };

export interface ShippedReport {
  key: string;
  version: number;
  kind: 'report';
  schema: object;
}

const body = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Every shipped report template, sorted by key then version. */
export const shippedReports: ShippedReport[] = [{ key: 'progress', version: 1, kind: 'report', schema: { ...progressV1, template: body('./progress/v1.hbs') } }];
