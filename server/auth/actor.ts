// Who is calling: built once per request from the session or bearer token, passed to every service.
export interface Grant {
  role: string;
  /** NCDD geography code the grant covers (whole subtree); '' is the whole country. */
  geoCode: string;
}

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  locale: string;
  grants: Grant[];
  sessionId: string;
  ip: string | null;
}
