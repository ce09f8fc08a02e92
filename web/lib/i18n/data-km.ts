// Khmer words of the data pages. Same keys as data-en.ts.
import type { DataPageDictionary } from './data-en';

export const dataPageKm: DataPageDictionary = {
	filters: 'តម្រង',
	version: 'កំណែ',
	allVersions: 'គ្រប់កំណែ',
	geo: 'កូដភូមិសាស្ត្រ',
	geoHelp: 'កូដខេត្ត ស្រុក ឃុំ ឬភូមិ (ឧ. 0102)',
	from: 'ពីថ្ងៃ',
	to: 'ដល់ថ្ងៃ',
	apply: 'អនុវត្ត',
	clear: 'សម្អាតតម្រង',
	export: 'ទាញយក',
	exportWords: 'ចម្លើយជាពាក្យ (មិនមែនកូដ)',
	exportCsv: 'នាំចេញ CSV',
	exportXlsx: 'នាំចេញ XLSX',
	open: 'បើក',
	geoCode: 'ភូមិសាស្ត្រ',
	period: 'កាលបរិច្ឆេទ',
	id: 'លេខយោង',
	submission: 'ការបញ្ជូន',
	back: 'ត្រឡប់ទៅតារាង',
	readOnly: 'មើលតែប៉ុណ្ណោះ',
	notInVersion: 'មិនមានក្នុងកំណែនេះ',
	noAnswer: '—',
	invalidFilter: 'សូមពិនិត្យតម្រង៖ កូដភូមិសាស្ត្រមាន ២ ៤ ៦ ឬ ៨ខ្ទង់ ហើយកាលបរិច្ឆេទដូចជា 2026-03-15។',
	versionN: 'កំណែទី {n}',
};
