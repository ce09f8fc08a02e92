// Why: one GPS reading loop for the fill page. The phone's first fix is often tens of metres off and
// improves over seconds, so the position is watched (high accuracy, no cached fix) and every better
// fix is handed on until it is good enough, the time is up or the facilitator stops it. GPS needs
// no network, so this works offline. Browser API only; no state of its own beyond the watch.
import type { GpsAnswer } from '$engine/model/gps';

export type LocateProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface LocateOptions {
	/** Stop once a fix is at least this accurate (metres). */
	goodEnough: number;
	/** Give up waiting for a first fix after this long; keep the best after this long. */
	timeoutMs: number;
}

const round = (n: number, places: number): number => Number(n.toFixed(places));

/**
 * The stored answer of one reading. Six decimals of a degree are about 0.1 m, finer than any phone
 * measures, and keep the numbers short (exports write them in SQL, csv-sql.ts: at most 15 digits).
 */
export function answerOf(position: GeolocationPosition): GpsAnswer {
	const c = position.coords;
	return {
		latitude: round(c.latitude, 6),
		longitude: round(c.longitude, 6),
		accuracy: round(Math.max(0, c.accuracy), 1),
		...(typeof c.altitude === 'number' && Number.isFinite(c.altitude) ? { altitude: round(c.altitude, 1) } : {}),
		captured_at: new Date(position.timestamp || Date.now()).toISOString(),
	};
}

function problemOf(error: GeolocationPositionError): LocateProblem {
	if (error.code === error.PERMISSION_DENIED) return 'denied';
	if (error.code === error.TIMEOUT) return 'timeout';
	return 'unavailable';
}

/**
 * Watches the position: `onFix` gets each fix more accurate than the last, `onEnd` is called once
 * (with a problem when no fix came). Returns stop(), which ends the watch without a problem.
 */
export function locate(options: LocateOptions, onFix: (fix: GpsAnswer) => void, onEnd: (problem?: LocateProblem) => void): () => void {
	const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
	if (!geo) {
		queueMicrotask(() => onEnd('unsupported'));
		return () => undefined;
	}
	let best: GpsAnswer | undefined;
	let ended = false;
	const end = (problem?: LocateProblem) => {
		if (ended) return;
		ended = true;
		geo.clearWatch(watch);
		clearTimeout(timer);
		onEnd(problem);
	};
	const watch = geo.watchPosition(
		(position) => {
			const fix = answerOf(position);
			if (best && fix.accuracy >= best.accuracy) return;
			best = fix;
			onFix(fix);
			if (fix.accuracy <= options.goodEnough) end();
		},
		// A later error after a fix (signal lost) keeps the fix: the reading simply ends.
		(error) => end(best ? undefined : problemOf(error)),
		{ enableHighAccuracy: true, maximumAge: 0, timeout: options.timeoutMs },
	);
	const timer = setTimeout(() => end(best ? undefined : 'timeout'), options.timeoutMs);
	return () => end();
}
