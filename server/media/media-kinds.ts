// Which files each kind of media question takes, judged by the file's bytes (file-type reads the
// magic numbers), never by its name or the type the client claims: a script renamed .jpg is refused.
// The stored type is the one served back (with nosniff), so only these few types ever leave the server.
import type { MediaKind } from '../db/schema';

/** Sniffed type → the type stored and served. */
const ACCEPTED: Record<MediaKind, Record<string, string>> = {
  photo: { 'image/jpeg': 'image/jpeg', 'image/png': 'image/png', 'image/webp': 'image/webp' },
  signature: { 'image/png': 'image/png', 'image/jpeg': 'image/jpeg', 'image/webp': 'image/webp' },
  audio: {
    // Chromium's MediaRecorder writes WebM (Opus) with no video track; file-type names every WebM video/webm.
    'video/webm': 'audio/webm',
    'audio/webm': 'audio/webm',
    'audio/ogg': 'audio/ogg',
    'audio/ogg; codecs=opus': 'audio/ogg',
    'audio/mp4': 'audio/mp4',
    'audio/x-m4a': 'audio/mp4',
    'audio/mpeg': 'audio/mpeg',
    'audio/wav': 'audio/wav',
  },
};

/** The type to store for a file of `kind` whose bytes read as `sniffed`; undefined: refused. */
export function acceptedType(kind: MediaKind, sniffed: string | undefined): string | undefined {
  return sniffed === undefined ? undefined : ACCEPTED[kind][sniffed];
}

/** What a kind takes, in words for the refusal message. */
export function acceptedNames(kind: MediaKind): string {
  return kind === 'audio' ? 'WebM, Ogg, MP4/M4A, MP3, WAV' : 'JPEG, PNG, WebP';
}
