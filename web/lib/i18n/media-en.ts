// English words of media answers on the fill page and in records (photo, signature, recording).
// Same keys in media-km.ts.
export const mediaEn = {
	takePhoto: 'Take or choose a photo',
	replacePhoto: 'Take another photo',
	photoAlt: 'Photo answer',
	resizing: 'Making the photo smaller…',
	sign: 'Sign in the box with your finger',
	clearSignature: 'Clear',
	keepSignature: 'Keep this signature',
	signAgain: 'Sign again',
	signatureAlt: 'Signature answer',
	record: 'Record',
	stop: 'Stop',
	recordAgain: 'Record again',
	recording: 'Recording… {seconds} s',
	noMicrophone: 'This phone did not let the app use its microphone.',
	noCamera: 'The photo could not be read. Try another one.',
	remove: 'Remove',
	waiting: 'Kept on this phone; it is sent with the record.',
	sent: 'On the server.',
	refused: 'The server refused this file: {message}',
	missing: 'This file is not on this phone.',
	tooLarge: 'This file is larger than {mb} MB.',
} as const;

export type MediaDictionary = { readonly [K in keyof typeof mediaEn]: string };
