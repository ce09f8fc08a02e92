// Which uploaded files are help images: PNG, JPEG, WebP and GIF, told by their first bytes (never by
// the name or the Content-Type the browser sent). SVG is refused: it can carry script.
export type HelpImageMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export const HELP_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

export function sniffImage(bytes: Uint8Array): HelpImageMime | null {
  const at = (i: number, ...values: number[]) => values.every((v, j) => bytes[i + j] === v);
  if (bytes.length < 12) return null;
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  return null;
}
