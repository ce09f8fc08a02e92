// Khmer words of the app-update banner. Same keys as pwa-en.ts.
import type { PwaDictionary } from './pwa-en';

export const pwaKm: PwaDictionary = {
	ready: 'កំណែថ្មីរួចរាល់ហើយ។',
	held: 'កំណែថ្មីរួចរាល់ហើយ — វានឹងត្រូវដាក់ឱ្យប្រើ នៅពេលអ្នកបំពេញទម្រង់ដែលកំពុងបើករួចរាល់។',
	now: 'ធ្វើបច្ចុប្បន្នភាពឥឡូវនេះ',
	applying: 'កំពុងធ្វើបច្ចុប្បន្នភាព…',
};
