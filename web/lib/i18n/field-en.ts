// English words of the offline field pages (/field, the outbox on the fill page, the pending badge).
// Same keys in field-km.ts.
export const fieldEn = {
	title: 'Field work',
};

export type FieldDictionary = typeof fieldEn;
