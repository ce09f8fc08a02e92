// English words of GPS answers on the fill page and in records. Same keys in gps-km.ts.
export const gpsEn = {
	record: 'Record location',
	recordAgain: 'Record the location again',
	finding: 'Finding the location…',
	accuracy: 'Accuracy ± {metres} m',
	improving: 'Accuracy ± {metres} m, getting better…',
	stop: 'Use this location',
	remove: 'Remove',
	latitude: 'Latitude',
	longitude: 'Longitude',
	recordedAt: 'Recorded {time}',
	notAccurate: 'Accuracy ± {metres} m is not enough: this question needs ± {needed} m or better. Wait a little or go outside, then record again.',
	denied: 'This phone did not let the app use its location. Allow location for this site in the browser settings, then try again.',
	unavailable: 'No GPS signal. Go outside or near a window and try again. No internet is needed.',
	timeout: 'No location was found in time. Try again outside.',
	unsupported: 'This browser cannot give a location.',
} as const;

export type GpsDictionary = { readonly [K in keyof typeof gpsEn]: string };
