// English words of audio prompts: the fill page's listen buttons and audio language, and the builder's recorder.
export const promptsEn = {
	listen: 'Listen',
	listenTo: 'Listen to: {label}',
	listenToChoice: 'Listen: {choice}',
	optionsTitle: 'Recorded choices',
	optionsHelp: 'A recording of each choice (the criteria): on the phone, once a choice is picked, a "Listen" button plays it.',
	language: 'Language',
	stopListening: 'Stop',
	audioLanguage: 'Language of the recordings',
	noAudio: 'No recordings',
	cannotPlay: 'This recording cannot be played on this phone.',
	builderTitle: 'Recorded question (for people who cannot read)',
	builderHelp: 'Record the question, or choose a sound file, in each language the participants speak. On the phone a large "Listen" button plays it in the language the facilitator chooses.',
	recordIn: 'Record',
	chooseFile: 'Choose a sound file',
	play: 'Play',
	remove: 'Remove',
	uploading: 'Sending the recording…',
	failed: 'The recording was not kept: {message}',
	none: 'No recording yet',
};

export type PromptsDictionary = typeof promptsEn;
