// CSV encoding (RFC 4180) with a guard against spreadsheet formula injection: text that starts with
// = + - @ or a control character is prefixed with an apostrophe.
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: Array<string | number | boolean | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Same guard for XLSX text cells. */
export function safeText<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
