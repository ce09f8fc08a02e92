// The photo field's size setting (x-max-pixels, issue 15.4's "resized on the phone to a configurable
// size"): a photo-only keyword in range, carried to Form.io's properties.maxPixels (which the fill
// page's camera reads) and back.
import { describe, expect, it } from 'vitest';
import { checkDefinition, fromFormio, toFormio, type Definition } from '../../../form-engine/index';

describe('photo size (x-max-pixels)', () => {
  const photo = (extra: Record<string, unknown>): Definition => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'រូប', en: 'Photo' },
    properties: { shot: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថត', en: 'Photo' }, ...extra } as never },
    additionalProperties: false,
  });

  it('is a photo field\'s setting, 320–4096 pixels, read by the fill page from Form.io JSON and back', () => {
    const definition = photo({ 'x-max-pixels': 2400 });
    expect(checkDefinition(definition)).toEqual([]);
    const formio = toFormio(definition, 'km');
    expect(formio.components[0]!.properties!.maxPixels).toBe('2400');
    expect(fromFormio(formio).properties.shot!['x-max-pixels']).toBe(2400);
    for (const bad of [100, 5000, 1.5]) expect(checkDefinition(photo({ 'x-max-pixels': bad }))[0]!.path, String(bad)).toBe('properties.shot.x-max-pixels');
    const signature = photo({});
    (signature.properties.shot as unknown as Record<string, unknown>)['x-widget'] = 'signature';
    (signature.properties.shot as unknown as Record<string, unknown>)['x-max-pixels'] = 800;
    expect(checkDefinition(signature).length).toBeGreaterThan(0);
  });
});
