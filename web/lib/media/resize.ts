// Photos are made smaller on the phone before they are kept (issue 15.4): a 12-megapixel camera
// picture is 3–6 MB, a village connection moves ~50 KB/s, and a scorecard meeting needs a readable
// picture, not a print. The longest side becomes at most `maxPixels` (the field's setting, default
// 1600) and the picture is written again as JPEG, which also drops its EXIF (the phone's GPS, its
// owner's name) from what is sent. A picture the browser cannot decode is refused here.
export const DEFAULT_MAX_PIXELS = 1600;

export async function resizeImage(file: Blob, maxPixels = DEFAULT_MAX_PIXELS): Promise<Blob> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	try {
		const scale = Math.min(1, maxPixels / Math.max(bitmap.width, bitmap.height));
		const width = Math.max(1, Math.round(bitmap.width * scale));
		const height = Math.max(1, Math.round(bitmap.height * scale));
		const canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
		const context = canvas.getContext('2d');
		if (!context) throw new Error('no 2d canvas');
		context.drawImage(bitmap, 0, 0, width, height);
		return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), 'image/jpeg', 0.85));
	} finally {
		bitmap.close();
	}
}
