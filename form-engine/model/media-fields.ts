// Media answers (photo, signature, audio; issue 15.4) hold the id of a file uploaded on its own. The
// server needs two facts from a definition: which kind of file a question takes (checked when the
// upload starts, before any byte) and which ids a record names (each must be an uploaded file of
// that question, linked to the record in its transaction). Paths are data paths; a repeat's items
// are written `actions[].photo` for the question and `actions.0.photo` for an answer.
import type { Definition, FieldSchema } from './types';
import { widgetOf } from './widgets';

export type MediaWidget = 'photo' | 'signature' | 'audio';

const MEDIA_WIDGETS: ReadonlySet<string> = new Set<MediaWidget>(['photo', 'signature', 'audio']);

export function isMediaWidget(widget: string): widget is MediaWidget {
  return MEDIA_WIDGETS.has(widget);
}

function walk(properties: Record<string, FieldSchema>, prefix: string, visit: (path: string, kind: MediaWidget) => void): void {
  for (const [key, field] of Object.entries(properties)) {
    const widget = widgetOf(field);
    const path = prefix + key;
    if (isMediaWidget(widget)) visit(path, widget);
    else if (widget === 'group' && field.properties) walk(field.properties, `${path}.`, visit);
    else if (widget === 'repeat' && field.items && 'properties' in field.items && field.items.properties) walk(field.items.properties, `${path}[].`, visit);
  }
}

/** Every media question: its path (`photo`, `visit.signature`, `actions[].photo`) → the kind of file it takes. */
export function mediaQuestions(definition: Definition): Map<string, MediaWidget> {
  const found = new Map<string, MediaWidget>();
  walk(definition.properties, '', (path, kind) => found.set(path, kind));
  return found;
}

export interface MediaAnswer {
  /** The answer's data path (`actions.0.photo`). */
  path: string;
  /** The question's path (`actions[].photo`). */
  question: string;
  kind: MediaWidget;
  value: unknown;
}

/** The media answers present in `data` (stored, cleaned data: hidden answers already removed). */
export function mediaAnswers(definition: Definition, data: unknown): MediaAnswer[] {
  const answers: MediaAnswer[] = [];
  const visit = (properties: Record<string, FieldSchema>, value: unknown, path: string, question: string): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    for (const [key, field] of Object.entries(properties)) {
      const answer = record[key];
      if (answer === undefined) continue;
      const widget = widgetOf(field);
      if (isMediaWidget(widget)) answers.push({ path: path + key, question: question + key, kind: widget, value: answer });
      else if (widget === 'group' && field.properties) visit(field.properties, answer, `${path}${key}.`, `${question}${key}.`);
      else if (widget === 'repeat' && Array.isArray(answer) && field.items && 'properties' in field.items && field.items.properties) {
        const items = field.items.properties;
        answer.forEach((row, index) => visit(items, row, `${path}${key}.${index}.`, `${question}${key}[].`));
      }
    }
  };
  visit(definition.properties, data, '', '');
  return answers;
}
