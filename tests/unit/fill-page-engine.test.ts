// The fill page does not render a definition whose option values carry markup (saved before values
// had to be tokens): formio.js writes radio values into HTML unescaped, so it would run them.
import { describe, expect, it, vi } from 'vitest';
import { DefinitionError, type FormioForm } from '../../form-engine/index';
import { loadFixtures } from './form-engine/support/corpus';

vi.mock('$engine', () => import('../../form-engine/index'));
// Loaded by path so the Node type check (which has no $engine alias) does not compile the web module.
const webEngine = '../../web/lib/engine';
const { formFor } = (await import(/* @vite-ignore */ webEngine)) as { formFor: (schema: unknown, lang: string) => FormioForm };

describe('fill page engine (web/lib/engine.ts)', () => {
  const choice = () => structuredClone(loadFixtures().find((f) => f.file === 'choice-widgets.json')!.definition);

  it('renders a definition with token option values', () => {
    expect(formFor(choice() as never, 'km').components.length).toBeGreaterThan(0);
  });

  it('refuses to render markup in an option value, naming the value', () => {
    const def = choice();
    def.properties.answer!.enum = ['yes', '"><img src=x onerror=alert(1)>'];
    expect(() => formFor(def as never, 'km')).toThrow(DefinitionError);
    try {
      formFor(def as never, 'km');
    } catch (error) {
      expect((error as DefinitionError).problems.map((p) => p.path)).toEqual(['properties.answer.enum.1']);
    }
  });
});
