// The builder's GPS field (web/lib/builder): the palette entry is what the engine emits for a gps
// field and reads back; the field list shows it as one question (its parts are not fields) and a
// new field is never put inside it; the accuracy setting's words exist in both languages.
import { describe, expect, it, vi } from 'vitest';
import { fromFormio, type Definition, type FormioComponent, type FormioForm } from '../../form-engine/index';
import { builderEn } from '../../web/lib/i18n/builder-en';
import { builderKm } from '../../web/lib/i18n/builder-km';

vi.mock('$engine', () => import('../../form-engine/index'));
vi.mock('$lib/i18n', () => import('../../web/lib/i18n/index'));
// Loaded by path so the Node type check (which has no $engine alias) does not compile the web modules.
const webPalette = '../../web/lib/builder/palette';
const webEdits = '../../web/lib/builder/form-edits';
const webModel = '../../web/lib/builder/form-model';
type Words = { km: typeof builderKm; en: typeof builderEn };
const P = (await import(/* @vite-ignore */ webPalette)) as {
  PALETTE: readonly string[];
  componentFor: (id: string, key: string, lang: 'km' | 'en', words: Words) => FormioComponent;
  paletteIdOf: (c: FormioComponent) => string;
};
const E = (await import(/* @vite-ignore */ webEdits)) as { addField: (form: FormioForm, id: string, selected: string | null, lang: 'km' | 'en', words: Words) => string };
const M = (await import(/* @vite-ignore */ webModel)) as { locateAll: (form: FormioForm) => Array<{ component: FormioComponent; dataPath: string }> };
const words: Words = { km: builderKm, en: builderEn };

describe('builder GPS field', () => {
  it('is a palette entry whose component the engine reads back as a gps field, labelled in both languages', () => {
    expect(P.PALETTE).toContain('gps');
    const c = P.componentFor('gps', 'location', 'km', words);
    expect(c).toMatchObject({ type: 'container', key: 'location', properties: { widget: 'gps', 'label:km': 'ទីតាំង GPS', 'label:en': 'GPS location' } });
    expect(P.paletteIdOf(c)).toBe('gps');
    const form = { display: 'form', title: 'x', properties: { locale: 'km' }, components: [c] } as unknown as FormioForm;
    const back = fromFormio(form) as Definition;
    expect(back.properties.location).toEqual({ type: 'object', 'x-widget': 'gps', 'x-label': { km: 'ទីតាំង GPS', en: 'GPS location' } });
  });

  it('lists the point as one field and adds a new field after it, not inside it', () => {
    const form = { display: 'form', title: 'x', properties: {}, components: [P.componentFor('gps', 'location', 'en', words)] } as unknown as FormioForm;
    expect(M.locateAll(form).map((l) => l.dataPath)).toEqual(['location']);
    const key = E.addField(form, 'text', 'location', 'en', words);
    expect(form.components.map((c) => c.key)).toEqual(['location', key]);
    expect(form.components[0]!.components!.map((c) => c.key)).toEqual(['latitude', 'longitude', 'accuracy', 'altitude', 'captured_at']);
  });

  it('has the accuracy setting\'s words in Khmer and English', () => {
    expect(Object.keys(builderKm.gps)).toEqual(Object.keys(builderEn.gps));
    expect(builderKm.gps.accuracy).toMatch(/[\u1780-\u17FF]/);
  });
});
