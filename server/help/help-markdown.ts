// Help pages are Markdown written by trainers. This module is the only way it becomes HTML:
// markdown-it with raw HTML off (tags stay text), then sanitize-html with an allowlist, so no
// script, handler, style or foreign URL scheme can reach a page even if a rule here were wrong.
// Links and images use SA Studio's own schemes, checked at save time and rewritten when rendered:
//   help:<key>[#anchor]  another help page        app:/<route>  a page of the product
//   image:<sha256>       an image uploaded to SA Studio (served from /help-images/<sha256>)
//   https://…, mailto:…  outside (opens in a new tab)          #anchor  a heading of this page
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import container from 'markdown-it-container';
import sanitizeHtml from 'sanitize-html';

/** A token attribute as text (markdown-it types attributes as string | number). */
function attr(token: Token, name: string): string {
  return String(token.attrGet(name) ?? '');
}
export type HelpLang = 'km' | 'en';

export interface HelpHeading {
  level: number;
  id: string;
  text: string;
}

export interface RenderedHelp {
  html: string;
  headings: HelpHeading[];
  /** The words of the page without markup (search, summaries). */
  text: string;
}

export interface LinkProblem {
  /** Where in the Markdown: 1-based line. */
  line: number;
  url: string;
  message: { en: string; km: string };
}

const NOTES = {
  tip: { en: 'Tip', km: 'គន្លឹះ' },
  warning: { en: 'Warning', km: 'ប្រយ័ត្ន' },
  note: { en: 'Note', km: 'កំណត់សម្គាល់' },
} as const;
type NoteKind = keyof typeof NOTES;

const HELP_LINK = /^help:([a-z][a-z0-9-]{0,62})(#[\p{L}\p{M}\p{N}_-]{1,80})?$/u;
const APP_LINK = /^app:(\/[A-Za-z0-9\-/._~]{0,200})(\?[A-Za-z0-9=&\-_.]{0,200})?(#[A-Za-z0-9_-]{1,80})?$/;
const IMAGE = /^image:([0-9a-f]{64})$/;
const ANCHOR = /^#[\p{L}\p{M}\p{N}_-]{1,80}$/u;
const EXPLICIT_ID = /\s*\{#([a-z][a-z0-9-]{0,62})\}\s*$/;
const OUTSIDE = /^(https:\/\/|http:\/\/|mailto:)[^\s<>"'`]{1,2000}$/i;

/** A link target's problem, or null when SA Studio can follow it. */
function linkIssue(url: string, image: boolean): LinkProblem['message'] | null {
  if (image) {
    return IMAGE.test(url) ? null : { en: 'Images must be uploaded to SA Studio (use the editor\'s image button)', km: 'រូបភាពត្រូវតែផ្ទុកឡើងទៅ SA Studio (ប្រើប៊ូតុងរូបភាពរបស់កម្មវិធីកែសម្រួល)' };
  }
  if (HELP_LINK.test(url) || APP_LINK.test(url) || ANCHOR.test(url) || OUTSIDE.test(url)) return null;
  return { en: 'Links go to a help page (help:…), a page of SA Studio (app:/…), a heading (#…) or a web address (https://…)', km: 'តំណភ្ជាប់ទៅកាន់ទំព័រជំនួយ (help:…) ទំព័រមួយនៃ SA Studio (app:/…) ចំណងជើង (#…) ឬអាសយដ្ឋានវេប (https://…)' };
}

/** The address a checked link or image points at in the product. */
function resolveUrl(url: string, image: boolean): string | null {
  if (linkIssue(url, image)) return null;
  if (image) return `/help-images/${url.slice('image:'.length)}`;
  const help = HELP_LINK.exec(url);
  if (help) return `/help/${help[1]}${help[2] ?? ''}`;
  const app = APP_LINK.exec(url);
  if (app) return `${app[1]}${app[2] ?? ''}${app[3] ?? ''}`;
  return url;
}

/** Heading ids keep Khmer letters (links like `help:x#ការចុះឈ្មោះ` work) and drop the rest. */
export function headingId(text: string): string {
  const id = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return id || 'section';
}

function createParser(lang: HelpLang): MarkdownIt {
  // validateLink is replaced by our own schemes; markdown-it's normalizer would mangle `help:`.
  const md = new markdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url: string) => linkIssue(url, false) === null || linkIssue(url, true) === null;
  md.normalizeLink = (url: string) => url; // the schemes above are exact; percent-encoding would break Khmer anchors
  for (const kind of Object.keys(NOTES) as NoteKind[]) {
    md.use(container, kind, {
      render: (tokens: Token[], idx: number) =>
        tokens[idx]?.nesting === 1 ? `<div class="help-note help-note--${kind}"><p class="help-note__label">${NOTES[kind][lang]}</p>\n` : '</div>\n',
    });
  }
  return md;
}

const parsers: Partial<Record<HelpLang, MarkdownIt>> = {};

function parser(lang: HelpLang): MarkdownIt {
  return (parsers[lang] ??= createParser(lang));
}

let reader: MarkdownIt | undefined;

/** A parser that keeps every link, good or bad, as written (the check below judges them). */
function linkReader(): MarkdownIt {
  if (reader) return reader;
  reader = new markdownIt({ html: false, linkify: false });
  reader.validateLink = () => true;
  reader.normalizeLink = (url: string) => url;
  return reader;
}

/** Links and images the renderer would drop, with their line, so the editor can point at them. */
export function helpLinkProblems(markdown: string): LinkProblem[] {
  const out: LinkProblem[] = [];
  for (const block of linkReader().parse(markdown, {})) {
    for (const t of block.children ?? []) {
      const image = t.type === 'image';
      if (t.type !== 'link_open' && !image) continue;
      const url = attr(t, image ? 'src' : 'href');
      const issue = linkIssue(url, image);
      if (issue) out.push({ line: (block.map?.[0] ?? 0) + 1, url: url.slice(0, 200), message: issue });
    }
  }
  return out;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'div'],
  allowedAttributes: { a: ['href', 'rel', 'target'], img: ['src', 'alt', 'loading'], h1: ['id'], h2: ['id'], h3: ['id'], h4: ['id'], h5: ['id'], h6: ['id'], th: ['style'], td: ['style'], ol: ['start'], p: ['class'], div: ['class'] },
  allowedClasses: { div: ['help-note', 'help-note--tip', 'help-note--warning', 'help-note--note'], p: ['help-note__label'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
};

export function renderHelpMarkdown(markdown: string, lang: HelpLang): RenderedHelp {
  const md = parser(lang);
  const tokens = md.parse(markdown, {});
  const headings: HelpHeading[] = [];
  const seen = new Map<string, number>();
  const words: string[] = [];
  for (const [i, t] of tokens.entries()) {
    if (t.type === 'inline') {
      for (const c of t.children ?? []) if (c.type === 'text' || c.type === 'code_inline') words.push(c.content);
    }
    if (t.type === 'fence' || t.type === 'code_block') words.push(t.content);
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1]?.children ?? [];
      // `## Geography {#geography}`: a fixed id (links from the product keep working in every language).
      const last = inline.at(-1);
      const fixed = last?.type === 'text' ? EXPLICIT_ID.exec(last.content) : null;
      if (last && fixed) last.content = last.content.slice(0, fixed.index);
      const text = inline.filter((c: Token) => c.type === 'text' || c.type === 'code_inline').map((c: Token) => c.content).join('').trim();
      let id = fixed?.[1] ?? headingId(text);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      if (n > 0) id = `${id}-${n + 1}`;
      t.attrSet('id', id);
      headings.push({ level: Number(t.tag.slice(1)), id, text });
    }
    for (const c of t.children ?? []) {
      if (c.type === 'link_open') {
        const href = attr(c, 'href');
        const to = resolveUrl(href, false);
        c.attrSet('href', to ?? '#');
        if (to && OUTSIDE.test(to)) {
          c.attrSet('rel', 'noopener noreferrer');
          c.attrSet('target', '_blank');
        }
      } else if (c.type === 'image') {
        const to = resolveUrl(attr(c, 'src'), true);
        c.attrSet('src', to ?? '');
        c.attrSet('loading', 'lazy');
      }
    }
  }
  // Relative URLs (/help/…, /help-images/…) have no scheme and pass; anything else was resolved above.
  const html = sanitizeHtml(md.renderer.render(tokens, md.options, {}), SANITIZE);
  return { html, headings, text: words.join(' ').replace(/\s+/g, ' ').trim() };
}
