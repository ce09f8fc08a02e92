// Report templates and the report's words in Khmer: digits, months and dates; what the save-time
// check refuses (with its code, path and line) and what the renderer's allowlist drops.
import { describe, expect, it } from 'vitest';
import { dateLabel, formatNumber, khmerDigits, latinDigits, monthLabel } from '../../server/reports/report-format';
import { reportProblems, templateProblems } from '../../server/reports/report-template';
import { renderReport } from '../../server/reports/report-render';
import { shippedReports } from '../../definitions/reports/index';

describe('report words', () => {
  it('writes Khmer digits, month names and dates in km, Latin ones in en', () => {
    expect(khmerDigits('2026-05 v12')).toBe('២០២៦-០៥ v១២');
    expect(latinDigits('ទំព័រ ១២ នៃ ៣០')).toBe('ទំព័រ 12 នៃ 30');
    expect(monthLabel('2026-03', 'km')).toBe('ខែមីនា ឆ្នាំ២០២៦');
    expect(monthLabel('2026-12', 'en')).toBe('December 2026');
    expect(dateLabel('2026-12-02', 'km')).toBe('ថ្ងៃទី២ ខែធ្នូ ឆ្នាំ២០២៦');
    expect(formatNumber(1234.56, 'km', 1)).toBe('១.២៣៤,៦');
    expect(formatNumber(1234.56, 'en', 1)).toBe('1,234.6');
    expect(formatNumber(null, 'km')).toBe('—');
  });
});

describe('report templates', () => {
  it('ships a valid national template', () => {
    for (const r of shippedReports) expect(reportProblems(r.schema)).toEqual([]);
  });

  it('refuses unescaped output, partials, decorators and unknown helpers with the line', () => {
    const first = (t: string) => templateProblems(t)[0];
    expect(first('<p>\n{{{ x }}}</p>')).toMatchObject({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'triple-stash', message: { en: expect.stringMatching(/^Line 2:1:/) } });
    expect(first('{{#with t}}{{> p}}{{/with}}')?.keyword).toBe('partial');
    expect(first('{{#if (lookup t "x")}}{{/if}}')?.keyword).toBe('unknown-helper');
    expect(first('{{number (blockHelperMissing)}}')?.keyword).toBe('unknown-helper');
    expect(first('{{#each x}}')?.code).toBe('REPORT_TEMPLATE_INVALID');
    expect(first('{{#if a}}'.repeat(150) + '{{/if}}'.repeat(150))?.keyword).toBe('depth');
    expect(templateProblems('{{#each indicators}}{{number value decimals}} {{digits year}} {{#if (eq statusClass "met")}}✓{{/if}}{{/each}} {{narrative}}')).toEqual([]);
  });

  it('escapes values and keeps only local images and in-page links', () => {
    const html = renderReport('<p>{{name}}</p><a href="#x">in</a><a href="https://e.org">out</a><img src="/reports/assets/logo.svg" alt=""><img src="https://e.org/a.png"><p style="width: 50%; color: red">{{narrative}}</p>', { name: '<b>x</b>', lang: 'km', narrativeHtml: '<strong>ok</strong>' });
    expect(html).toContain('<p>&lt;b&gt;x&lt;/b&gt;</p>');
    expect(html).toContain('<a href="#x">in</a>');
    expect(html).not.toContain('e.org');
    expect(html).toContain('<img src="/reports/assets/logo.svg" alt="" />');
    expect(html).toContain('<p style="width:50%"><strong>ok</strong></p>');
  });
});
