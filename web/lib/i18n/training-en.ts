// English words of training mode (the banner on every page and the card on the account page).
export const trainingEn = {
	banner: 'Training mode: what you fill in now is practice. It is not counted in indicators, reports or exports.',
	bannerLink: 'Turn off',
	title: 'Training mode',
	intro: 'Use training mode in a training session: records you make while it is on are marked as training, kept out of indicators, reports and exports, and can be removed in one action. The data pages show only training records while it is on.',
	on: 'Training mode is on.',
	off: 'Training mode is off: what you make is real data.',
	turnOn: 'Start training mode',
	turnOff: 'Stop training mode',
	offlineNote: 'Records started on a phone keep the mode they were started in, even if they are sent later.',
	countArea: '{count} training records in your area.',
	countOwn: '{count} training records of yours.',
	none: 'There are no training records to remove.',
	remove: 'Remove training records',
	confirm: 'Remove {count} training records? This cannot be undone. Real records are not touched.',
	removed: '{count} training records were removed.',
	tag: 'Training',
} as const;

export type TrainingDictionary = { [K in keyof typeof trainingEn]: string };
