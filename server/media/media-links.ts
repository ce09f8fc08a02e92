// Why: photo, signature and audio answers are written into exports and feeds as the address of
// their file (GET /media/:id); the origin comes from the request (server/http/request-origin.ts), and
// only an origin as browsers send it is written into files, else the relative path.

/** A host as browsers send it (name or address, optional port): anything else is not written into files. */
const PLAIN_ORIGIN = /^https?:\/\/[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

/** Where a stored file is read (GET /media/:id), for links in exports and feeds; a relative path when the origin is unusual. */
export function mediaBaseOf(origin: string): string {
  return PLAIN_ORIGIN.test(origin) ? `${origin}/media/` : '/media/';
}
