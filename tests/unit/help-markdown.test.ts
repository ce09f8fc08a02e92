// Help Markdown → HTML: what trainers write renders, and stored-XSS payloads never reach a page.
import { describe, expect, it } from 'vitest';
import { checkHelp } from '../../form-engine/help/check-help';
import { headingId, helpLinkProblems, renderHelpMarkdown } from '../../server/help/help-markdown';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '![x](https://evil.example/track.png)',
  '[x](vbscript:msgbox(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '[x](https://ok.example/"onmouseover="alert(1))',
  '[x](//evil.example/path)',
  '<style>body{display:none}</style>',
  '```html\n<script>alert(1)</script>\n```',
  '::: tip\n<b onclick=alert(1)>x</b>\n:::',
  '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
];

/** What must never appear in rendered help, whatever the Markdown: checked on the tags themselves
 *  (escaped text such as `&lt;img onerror=…&gt;` is words on the page, not markup). */
function assertInert(html: string): void {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  for (const tag of tags) {
    expect(tag).toMatch(/^<(h[1-6]|p|br|hr|ul|ol|li|strong|em|s|code|pre|blockquote|table|thead|tbody|tr|th|td|a|img|div)[\s>/]/);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|vbscript|data):/i);
    expect(tag).not.toMatch(/(href|src)\s*=\s*"\/\//i);
    expect(tag).not.toMatch(/src="https?:/i);
    expect(tag).not.toMatch(/style="(?!text-align:(left|right|center)")/);
  }
  expect(html).not.toMatch(/<script/i);
}

describe('help Markdown rendering', () => {
  it('renders headings with ids, steps, lists, tables, notes and links of each scheme', () => {
    const md = [
      '# ការចុះឈ្មោះ',
      '## Step 2: send',
      '1. Open **Forms**',
      '2. Choose *a form*',
      '',
      '- one',
      '- two',
      '',
      '| Role | Sees |',
      '|:-----|-----:|',
      '| CAF | own |',
      '',
      '::: tip',
      'Save often.',
      ':::',
      '',
      '::: warning',
      'Do not share passwords.',
      ':::',
      '',
      'See [the builder](help:builder#widgets), [Forms](app:/forms), [top](#ការចុះឈ្មោះ), [NCDD](https://ncdd.gov.kh) and ![map](image:' + 'a'.repeat(64) + ').',
    ].join('\n');
    const en = renderHelpMarkdown(md, 'en');
    expect(en.html).toContain('<h1 id="ការចុះឈ្មោះ">ការចុះឈ្មោះ</h1>');
    expect(en.html).toContain('<h2 id="step-2-send">Step 2: send</h2>');
    expect(en.html).toContain('<ol>');
    expect(en.html).toContain('<strong>Forms</strong>');
    expect(en.html).toContain('<th style="text-align:left">Role</th>');
    expect(en.html).toContain('<td style="text-align:right">own</td>');
    expect(en.html).toContain('<div class="help-note help-note--tip"><p class="help-note__label">Tip</p>');
    expect(en.html).toContain('<p class="help-note__label">Warning</p>');
    expect(renderHelpMarkdown(md, 'km').html).toContain('<p class="help-note__label">គន្លឹះ</p>');
    expect(en.html).toContain('<a href="/help/builder#widgets">the builder</a>');
    expect(en.html).toContain('<a href="/forms">Forms</a>');
    expect(en.html).toContain('<a href="#ការចុះឈ្មោះ">top</a>');
    expect(en.html).toContain('<a href="https://ncdd.gov.kh" rel="noopener noreferrer" target="_blank">NCDD</a>');
    expect(en.html).toContain(`<img src="/help-images/${'a'.repeat(64)}" alt="map" loading="lazy" />`);
    expect(en.headings).toEqual([
      { level: 1, id: 'ការចុះឈ្មោះ', text: 'ការចុះឈ្មោះ' },
      { level: 2, id: 'step-2-send', text: 'Step 2: send' },
    ]);
    expect(en.text).toContain('Save often.');
    expect(en.text).not.toContain('**');
  });

  it('gives repeated headings distinct ids', () => {
    const { headings } = renderHelpMarkdown('## A\n\n## A\n\n## A', 'en');
    expect(headings.map((h) => h.id)).toEqual(['a', 'a-2', 'a-3']);
    expect(headingId('  ?!  ')).toBe('section');
  });

  it.each(PAYLOADS)('keeps %j inert', (payload) => {
    for (const lang of ['km', 'en'] as const) assertInert(renderHelpMarkdown(`Intro\n\n${payload}\n\nEnd`, lang).html);
  });

  it('shows raw HTML as text, not as markup', () => {
    const { html } = renderHelpMarkdown('<script>alert(1)</script>', 'en');
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
  });

  it('reports the links and images it would drop, with their line', () => {
    const problems = helpLinkProblems('ok [a](help:forms)\n\n[b](javascript:alert(1))\n\n![c](https://x.example/c.png)');
    expect(problems.map((p) => [p.line, p.url])).toEqual([
      [3, 'javascript:alert(1)'],
      [5, 'https://x.example/c.png'],
    ]);
    expect(problems[1]?.message.en).toMatch(/uploaded/);
    expect(helpLinkProblems('[a](help:forms) [b](app:/builder) [c](#x) [d](mailto:a@b.kh) ![e](image:' + '0'.repeat(64) + ')')).toEqual([]);
  });
});

describe('help page check', () => {
  const page = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    'x-kind': 'help',
    'x-title': { km: 'ការណែនាំ', en: 'Introduction' },
    body: { km: '# សួស្តី', en: '# Hello\n\na < b and b > a' },
    routes: ['/builder', '/forms/[key]'],
    tour: { route: '/builder', steps: [{ target: 'palette', title: { km: 'ក', en: 'Palette' }, text: { km: 'ខ', en: 'Drag a field' } }] },
  };

  it('accepts a valid page, with comparison signs in the text', () => {
    expect(checkHelp(page)).toEqual([]);
  });

  it('refuses HTML tags and templates with the path, as unsafe', () => {
    const bad = { ...page, body: { km: 'x', en: 'Hi <img src=x onerror=alert(1)>' }, 'x-title': { km: '{{x}}', en: 'T' } };
    expect(checkHelp(bad).map((p) => [p.code, p.path])).toEqual([
      ['UNSAFE_DEFINITION', 'x-title.km'],
      ['UNSAFE_DEFINITION', 'body.en'],
    ]);
  });

  it('refuses unknown parts, bad routes, tour targets and courses without modules', () => {
    expect(checkHelp({ ...page, script: 'x' }).map((p) => p.path)).toEqual(['script']);
    expect(checkHelp({ ...page, routes: ['javascript:alert(1)'] })[0]?.path).toBe('routes.0');
    const step = { title: { km: 'ក', en: 'Palette' }, text: { km: 'ខ', en: 'Drag a field' } };
    expect(checkHelp({ ...page, tour: { route: '/builder', steps: [{ target: '#x"]', ...step }] } })[0]?.path).toBe('tour.steps.0.target');
    expect(checkHelp({ ...page, 'x-type': 'course' }).map((p) => [p.code, p.path])).toEqual([['INVALID_DEFINITION', 'modules']]);
    expect(checkHelp({ ...page, 'x-type': 'course', modules: ['help-intro'] })).toEqual([]);
  });
});

describe('fixed heading ids', () => {
  it('takes `{#id}` at the end of a heading as its id and hides it', () => {
    const { html, headings } = renderHelpMarkdown('## ភូមិសាស្ត្រ {#geography}\n\n## Plain', 'km');
    expect(html).toContain('<h2 id="geography">ភូមិសាស្ត្រ</h2>');
    expect(headings).toEqual([
      { level: 2, id: 'geography', text: 'ភូមិសាស្ត្រ' },
      { level: 2, id: 'plain', text: 'Plain' },
    ]);
  });

  it('leaves a malformed id as text', () => {
    expect(renderHelpMarkdown('## A {#"x"}', 'en').html).toContain('<h2 id="a-x">A {#"x"}</h2>');
  });
});
