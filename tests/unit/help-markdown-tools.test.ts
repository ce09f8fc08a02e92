// The help editor's toolbar: each button writes the Markdown the renderer understands.
import { describe, expect, it } from 'vitest';
import { applyTool, insertLink } from '../../web/lib/help/editor/markdown-tools';
import { renderHelpMarkdown } from '../../server/help/help-markdown';

const P = { heading: 'Heading', bold: 'bold', item: 'item', step: 'step', cell: 'cell', tip: 'A tip.', warning: 'Careful.' };

describe('help editor toolbar', () => {
  it('wraps the selection in bold and selects it', () => {
    expect(applyTool('bold', 'say hello now', 4, 9, P)).toEqual({ text: 'say **hello** now', start: 6, end: 11 });
    expect(applyTool('bold', '', 0, 0, P)).toEqual({ text: '**bold**', start: 2, end: 6 });
  });

  it('starts blocks on their own line', () => {
    expect(applyTool('heading', 'Intro', 5, 5, P).text).toBe('Intro\n\n## Heading\n\n');
    expect(applyTool('steps', 'Do:\n', 4, 4, P).text).toBe('Do:\n\n1. step\n\n');
    expect(applyTool('list', 'a\nb', 0, 3, P).text).toBe('- a\n- b\n\n');
  });

  it('writes tables, tips and warnings that render as such', () => {
    const table = applyTool('table', '', 0, 0, P).text;
    expect(renderHelpMarkdown(table, 'en').html).toContain('<table>');
    const tip = applyTool('tip', 'x', 1, 1, P).text;
    expect(tip).toBe('x\n\n::: tip\nA tip.\n:::\n\n');
    expect(renderHelpMarkdown(tip, 'km').html).toContain('help-note--tip');
    expect(renderHelpMarkdown(applyTool('warning', '', 0, 0, P).text, 'en').html).toContain('help-note--warning');
  });

  it('inserts help, product and image links', () => {
    expect(insertLink('see ', 4, 4, 'help:fill', 'link').text).toBe('see [link](help:fill)');
    expect(insertLink('go home', 3, 7, 'app:/', 'link').text).toBe('go [home](app:/)');
    const img = insertLink('', 0, 0, `image:${'f'.repeat(64)}`, 'map', true).text;
    expect(renderHelpMarkdown(img, 'en').html).toContain(`src="/help-images/${'f'.repeat(64)}"`);
  });
});
