// Detects text that a renderer could execute or interpret: template expressions and HTML markup.
const TEMPLATE = /\{\{/;
const HTML = /<\s*[A-Za-z!/?]/;

export function hasTemplate(text: string): boolean {
  return TEMPLATE.test(text);
}

export function hasMarkup(text: string): boolean {
  return HTML.test(text);
}
