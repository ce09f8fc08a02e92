// Shapes shared by the hand-written charts.
export interface BarRow {
	key: string;
	label: string;
	values: Array<number | null>;
	href?: string;
	title?: string;
}

export interface TrendPoint {
	period: string;
	/** Axis label, one or two lines. */
	lines: [string, string?];
	value: number | null;
}

export interface MapPoint {
	code: string;
	name: string;
	lat: number;
	lng: number;
	value: number | null;
	href?: string;
}

/** Cambodia's rough outline (lng, lat), a shape guide for the point map only — not a boundary.
// Drawn by hand and checked to hold every province and commune point of the gazetteer. */
export const CAMBODIA_OUTLINE: Array<[number, number]> = [
	[102.33, 13.56], [102.55, 13.68], [102.75, 13.98], [103.2, 14.33], [103.65, 14.42], [104.2, 14.36], [104.65, 14.4],
	[105.05, 14.33], [105.2, 14.34], [105.55, 14.16], [105.95, 14.33], [106.25, 14.46], [106.55, 14.58], [106.95, 14.33],
	[107.25, 14.6], [107.55, 14.7], [107.42, 14.2], [107.6, 13.8], [107.55, 13.35], [107.45, 12.95], [107.55, 12.55],
	[107.45, 12.3], [107.05, 12.1], [106.7, 11.98], [106.4, 11.7], [106.02, 11.73], [105.95, 11.5], [106.25, 11.15],
	[106.22, 10.82], [105.85, 10.83], [105.55, 10.9], [105.15, 10.88], [104.95, 10.6], [104.6, 10.4], [104.3, 10.36],
	[104.1, 10.5], [103.9, 10.58], [103.55, 10.55], [103.22, 10.42], [103.08, 10.9], [102.98, 11.45], [102.92, 11.7],
	[102.72, 12.08], [102.5, 12.3], [102.7, 12.45], [102.45, 12.85], [102.34, 13.3], [102.33, 13.56],
];

export const CAMBODIA_BOX = { minLat: 10, maxLat: 14.7, minLng: 102.3, maxLng: 107.7 };
