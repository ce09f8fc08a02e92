// Audio prompts on labels (x-audio, issue 15.5): the keyword's shape (a known language → a SHA-256),
// its trip through Form.io JSON and back, and the list of clips a definition names.
import { describe, expect, it } from 'vitest';
import { audioPromptsOf, checkDefinition, fromFormio, toFormio, type Definition } from '../../../form-engine/index';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function form(audio: unknown): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'សាកល្បង', en: 'Test' },
    'x-order': ['water', 'rows'],
    properties: {
      water: { type: 'integer', 'x-widget': 'faces', minimum: 1, maximum: 5, 'x-label': { km: 'ទឹក', en: 'Water' }, 'x-audio': audio } as never,
      rows: { type: 'array', 'x-widget': 'repeat', 'x-label': { km: 'ជួរ', en: 'Rows' }, items: { type: 'object', properties: { note: { type: 'string', 'x-label': { km: 'កំណត់', en: 'Note' }, 'x-audio': { km: B } } } } } as never,
    },
    additionalProperties: false,
  };
}

describe('audio prompts (x-audio)', () => {
  it('takes a clip per known language and travels through Form.io JSON unchanged', () => {
    const definition = form({ km: A, cmo: B });
    expect(checkDefinition(definition)).toEqual([]);
    const formio = toFormio(definition, 'km');
    expect(JSON.parse(formio.components[0]!.properties!.audio!)).toEqual({ km: A, cmo: B });
    expect(fromFormio(formio).properties.water!['x-audio']).toEqual({ km: A, cmo: B });
    expect(audioPromptsOf(definition)).toEqual([
      { path: 'properties.water.x-audio.km', sha256: A },
      { path: 'properties.water.x-audio.cmo', sha256: A.replace(/a/g, 'b') },
      { path: 'properties.rows.items.properties.note.x-audio.km', sha256: B },
    ]);
  });

  it('takes clips per option of a choice (the ISAF criteria) and lists them with the labels\' clips', () => {
    const definition = form({ km: A });
    definition.properties.pick = { type: 'string', 'x-widget': 'select', enum: ['clean_water', 'staff'], 'x-enum-labels': { clean_water: { km: 'ទឹកស្អាត', en: 'Clean water' }, staff: { km: 'បុគ្គលិក', en: 'Staff' } }, 'x-label': { km: 'លក្ខណៈវិនិច្ឆ័យ', en: 'Criterion' }, 'x-enum-audio': { clean_water: { km: A, cmo: B } } } as never;
    (definition as { 'x-order': string[] })['x-order'] = ['water', 'rows', 'pick'];
    expect(checkDefinition(definition)).toEqual([]);
    const formio = toFormio(definition, 'km');
    expect(fromFormio(formio).properties.pick!['x-enum-audio']).toEqual({ clean_water: { km: A, cmo: B } });
    expect(audioPromptsOf(definition).filter((p) => p.path.includes('x-enum-audio')).map((p) => p.path)).toEqual(['properties.pick.x-enum-audio.clean_water.km', 'properties.pick.x-enum-audio.clean_water.cmo']);
    const bad = { ...definition, properties: { ...definition.properties, pick: { ...(definition.properties.pick as object), 'x-enum-audio': { clean_water: { fr: A } } } } } as unknown as Definition;
    expect(checkDefinition(bad)[0]!.path).toMatch(/^properties\.pick\.x-enum-audio/);
  });

  it('refuses an unknown language, a value that is not a SHA-256, and a URL', () => {
    for (const bad of [{ fr: A }, { km: 'A'.repeat(64) }, { km: 'https://example.org/a.mp3' }, ['km', A]]) {
      const problems = checkDefinition(form(bad));
      expect(problems.length, JSON.stringify(bad)).toBeGreaterThan(0);
      expect(problems[0]!.path).toMatch(/^properties\.water\.x-audio/);
    }
  });
});
