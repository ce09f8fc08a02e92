// fromFormio(toFormio(def, locale)) must give back the definition, for fixtures, shipped
// definitions and ~300 seeded random definitions.
import { describe, expect, it } from 'vitest';
import { checkDefinition, fromFormio, toFormio } from '../../../form-engine/index';
import { loadFixtures, loadShippedDefinitions } from './support/corpus';
import { generateDefinition } from './support/generate-definition';
import { seeded } from './support/random';

const LOCALES = ['km', 'en', 'fr'];

describe('round trip through Form.io', () => {
  const named = [
    ...loadFixtures().map((f) => ({ name: `fixture ${f.file}`, definition: f.definition })),
    ...loadShippedDefinitions().map((d) => ({ name: d.file, definition: d.definition })),
  ];
  it.each(named)('$name', ({ definition }) => {
    expect(checkDefinition(definition)).toEqual([]);
    for (const locale of LOCALES) expect(fromFormio(toFormio(definition, locale))).toStrictEqual(definition);
  });

  it('holds for 300 generated definitions', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const definition = generateDefinition(seeded(seed));
      expect(checkDefinition(definition), `seed ${seed}`).toEqual([]);
      const locale = LOCALES[seed % LOCALES.length] as string;
      expect(fromFormio(toFormio(definition, locale)), `seed ${seed}`).toStrictEqual(definition);
    }
  });

  it('emits only declarative Form.io (JSONLogic objects, no strings to evaluate)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const text = JSON.stringify(toFormio(generateDefinition(seeded(seed)), 'km'));
      expect(text).not.toMatch(/"(customConditional|customDefaultValue|custom)":"[^"]/);
      expect(text).not.toMatch(/"calculateValue":"/);
      expect(text).not.toMatch(/"dataSrc":"(url|custom)"/);
    }
  });
});
