// Khmer words of the offline field pages. Same keys as field-en.ts.
import type { FieldDictionary } from './field-en';

export const fieldKm: FieldDictionary = {
	title: 'ការងារនៅមូលដ្ឋាន',
};
