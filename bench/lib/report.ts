// Why: results go to stdout and into docs/performance.md between fixed markers, so a rerun replaces
// the previous table while the hand-written method and interpretation around it stay untouched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

export interface Row {
  what: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
}

export function rate(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 10_000 ? `${Math.round(value / 1000).toLocaleString('en-US')}k/s` : `${Math.round(value).toLocaleString('en-US')}/s`;
}

export function ratio(measured: number, baseline: number): string {
  return Number.isFinite(measured / baseline) ? `${((100 * measured) / baseline).toFixed(1)}%` : 'n/a';
}

export function markdownTable(rows: readonly Row[]): string {
  const head = '| benchmark | measured (median) | baseline, same run (median) | ratio | target |\n|---|---|---|---|---|';
  return [head, ...rows.map((r) => `| ${r.what} | ${r.measured} | ${r.baseline} | ${r.ratio} | ${r.target} |`)].join('\n');
}

export function plainTable(rows: readonly Row[]): string {
  const cols: Array<keyof Row> = ['what', 'measured', 'baseline', 'ratio', 'target'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((s, i) => s.padEnd(width[i] as number)).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => r[c])))].join('\n');
}

/** Replaces the marked block of `file` (appends one when the markers are missing). */
export function writeResults(file: string, block: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const section = `${START}\n${block.trim()}\n${END}`;
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
