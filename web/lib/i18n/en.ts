// English dictionary. Every visible word of the web app lives here and in km.ts (same keys).

/** One part of a help page, with an id for `/help/<page>#<id>` links (the builder's "?" per widget). */
export interface HelpSection {
	id: string;
	title: string;
	body: string[];
}

/** A help page: paragraphs, then optional sections with anchors. */
export interface HelpPage {
	title: string;
	body: string[];
	sections?: HelpSection[];
}

export const en = {
	appName: 'SA Studio',
	appTagline: 'Social accountability',
	skipToContent: 'Skip to content',
	nav: { home: 'Forms', help: 'Help', logout: 'Log out', login: 'Log in', menu: 'Main navigation' },
	lang: { label: 'Language', km: 'ខ្មែរ', en: 'English', switchTo: 'ភាសាខ្មែរ' },
	login: {
		title: 'Log in',
		intro: 'Log in to fill in and review ISAF forms.',
		username: 'Username',
		password: 'Password',
		submit: 'Log in',
		sending: 'Logging in…',
		invalid: 'Wrong username or password. Please try again.',
		missing: 'Please enter your username and password.',
		network: 'Cannot reach the server. Check your connection and try again.',
		showPassword: 'Show password',
	},
	home: {
		title: 'Forms',
		intro: 'Choose a form to fill in, or look at the data already sent.',
		empty: 'No forms are published yet.',
		key: 'Code',
		version: 'Version',
		submissions: 'Submissions',
		fill: 'Fill in',
		data: 'View data',
		greeting: 'Hello, {name}',
	},
	fill: {
		loading: 'Loading form…',
		loadFailed: 'The form could not be loaded. Reload the page to try again.',
		submit: 'Send',
		sending: 'Sending…',
		draftSaved: 'Draft kept on this device',
		draftRestored: 'We restored the answers you had not sent yet.',
		startOver: 'Clear answers',
		confirmStartOver: 'Clear all answers in this form?',
		fixErrors: 'Please correct the highlighted answers.',
		errorCount: '{n} answer(s) need correcting:',
		failed: 'Sending failed: {message}',
		successTitle: 'Sent',
		successText: 'Thank you. The form was received.',
		reference: 'Reference',
		fillAnother: 'Fill in another',
		backHome: 'Back to forms',
		viewData: 'View data',
		version: 'Version {n}',
		notOffline: 'This form is not on this device yet. Connect once and open it (or take it offline on the Field work page).',
		queuedTitle: 'Saved in the outbox',
		queuedText: 'The form is finished and kept on this device. It will be sent by itself when there is a connection.',
		signInToSend: 'Your session has ended. The form is kept on this device; sign in again to send it.',
		signIn: 'Sign in',
		refused: 'The server did not accept this form: {message}',
		conflictRefused: 'The server already has a different form under this reference. Press "Send" to send your answers as a new form.',
		oldVersion: 'This record uses version {v}; version {latest} exists. Finish it on version {v}: it will be accepted.',
		fromDevice: 'No connection: the form was opened from this device (downloaded {when}).',
		records: 'Your records of this form',
		newRecord: 'New record',
		continue: 'Continue',
		openRecord: 'Open',
		finishedOn: 'finished',
		startedOn: 'started {when}',
	},
	picker: {
		levels: { province: 'Province / capital', district: 'District / municipality / khan', commune: 'Commune / sangkat', village: 'Village' } as Record<string, string>,
		choose: 'Choose…',
		loading: 'Loading the list…',
		code: 'Code',
		levelNames: { province: 'province', district: 'district', commune: 'commune', village: 'village' } as Record<string, string>,
		missing: 'The list of places is not fully imported yet: type the {n}-digit {level} code.',
		offline: 'The list of places could not be loaded (no connection?): type the {n}-digit {level} code.',
		unknown: 'This code is not in your list of places. Check it, or type another code.',
		noProviders: 'No service provider of this kind is registered in your area yet. Ask your officer to add it.',
		providersFailed: 'The list of service providers could not be loaded (no connection?).',
		retry: 'Try again',
		narrowed: 'Only providers near the place chosen above are listed.',
	},
	data: {
		title: 'Data: {title}',
		total: '{n} submission(s)',
		empty: 'No submissions yet.',
		createdAt: 'Sent on',
		status: 'Status',
		version: 'Ver.',
		next: 'Next page',
		first: 'First page',
		fill: 'Fill in',
		items: '{n} item(s)',
		yes: 'Yes',
		no: 'No',
	},
	status: { SUBMITTED: 'Submitted', APPROVED: 'Approved', REJECTED: 'Rejected', DRAFT: 'Draft' } as Record<string, string>,
	error: {
		title: 'Something went wrong',
		notFound: 'Page not found',
		forbidden: 'You do not have permission to see this page.',
		unauthenticated: 'Please log in again.',
		generic: 'Please try again. If it keeps happening, tell your administrator.',
		home: 'Back to forms',
	},
	help: {
		link: 'Help',
		title: 'Help',
		back: 'Back',
		pages: {
			home: {
				title: 'Forms page',
				body: [
					'This page lists the forms you can fill in.',
					'Press "Fill in" to open a form, or "View data" to see the forms already sent.',
				],
			},
			login: {
				title: 'Logging in',
				body: [
					'Use the username and password given by your administrator.',
					'If you forgot your password, ask your administrator to reset it.',
				],
			},
			fill: {
				title: 'Filling in a form',
				body: [
					'Answer the questions, then press "Send".',
					'Your answers are kept on this device while you work, even if you close the page or lose the connection.',
					'Answers marked in red need correcting before the form can be sent.',
					'Places (province, district, commune, village) and service providers are chosen from lists limited to your area. Where a list has not been imported yet, type the code.',
					'Sending the same form twice does not create a duplicate.',
					'With no connection, "Send" keeps the finished form in the outbox on this phone; it is sent by itself when there is a connection. The Field work page (tray icon) lists what is waiting and lets you take forms and places offline.',
				],
			},
			data: {
				title: 'Viewing data',
				body: [
					'The table shows the forms already sent, newest first.',
					'Use "Next page" to see more. Scroll the table sideways on a small screen.',
				],
			},
		} as Record<string, HelpPage>,
	},
};

export type Dictionary = typeof en;
