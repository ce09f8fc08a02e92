// The editor's toolbar as text edits: each button turns the selection (or a placeholder) into
// Markdown. Pure functions of (text, selection) so they are tested without a browser.
export interface Edit {
	text: string;
	/** The selection after the edit (the inserted placeholder, ready to be typed over). */
	start: number;
	end: number;
}

export type Tool = 'heading' | 'bold' | 'list' | 'steps' | 'table' | 'tip' | 'warning';

export interface Placeholders {
	heading: string;
	bold: string;
	item: string;
	step: string;
	cell: string;
	tip: string;
	warning: string;
}

function insert(text: string, start: number, end: number, before: string, middle: string, after: string): Edit {
	const out = text.slice(0, start) + before + middle + after + text.slice(end);
	return { text: out, start: start + before.length, end: start + before.length + middle.length };
}

/** Block syntax starts on its own line, with a blank line before it. */
function blockPrefix(text: string, start: number): string {
	if (start === 0) return '';
	if (text.slice(0, start).endsWith('\n\n')) return '';
	return text[start - 1] === '\n' ? '\n' : '\n\n';
}

export function applyTool(tool: Tool, text: string, start: number, end: number, p: Placeholders): Edit {
	const selected = text.slice(start, end);
	const pre = blockPrefix(text, start);
	switch (tool) {
		case 'bold':
			return insert(text, start, end, '**', selected || p.bold, '**');
		case 'heading':
			return insert(text, start, end, `${pre}## `, selected || p.heading, '\n\n');
		case 'list': {
			const lines = (selected || p.item).split('\n').map((l) => `- ${l}`).join('\n');
			return insert(text, start, end, pre, lines, '\n\n');
		}
		case 'steps': {
			const lines = (selected || p.step).split('\n').map((l, i) => `${i + 1}. ${l}`).join('\n');
			return insert(text, start, end, pre, lines, '\n\n');
		}
		case 'table':
			return insert(text, start, end, `${pre}| `, selected || p.cell, ` | ${p.cell} |\n|---|---|\n| ${p.cell} | ${p.cell} |\n\n`);
		case 'tip':
		case 'warning':
			return insert(text, start, end, `${pre}::: ${tool}\n`, selected || p[tool], '\n:::\n\n');
	}
}

/** `[text](target)` for a help page (`help:key`), a product page (`app:/path`) or an image. */
export function insertLink(text: string, start: number, end: number, target: string, label: string, image = false): Edit {
	const selected = text.slice(start, end) || label;
	return insert(text, start, end, image ? '![' : '[', selected, `](${target})`);
}
