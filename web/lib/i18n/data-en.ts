// English words of the data pages (/data/<key>, /data/<key>/<id>). Same keys in data-km.ts.
export const dataPageEn = {
	filters: 'Filters',
	version: 'Version',
	allVersions: 'All versions',
	geo: 'Geography code',
	geoHelp: 'Province, district, commune or village code (e.g. 0102)',
	from: 'From',
	to: 'To',
	apply: 'Apply',
	clear: 'Clear filters',
	export: 'Download',
	exportWords: 'answers as words (not codes)',
	exportCsv: 'Export CSV',
	exportXlsx: 'Export XLSX',
	open: 'Open',
	geoCode: 'Geography',
	period: 'Date',
	id: 'Reference',
	submission: 'Submission',
	back: 'Back to the table',
	readOnly: 'Read-only view',
	notInVersion: 'Not in this version',
	noAnswer: '—',
	invalidFilter: 'Check the filters: the geography code has 2, 4, 6 or 8 digits, and dates look like 2026-03-15.',
	versionN: 'Version {n}',
};

export type DataPageDictionary = typeof dataPageEn;
