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
  /** Set after an admin reset: only changing the password is allowed until it is changed. */
  mustChangePassword: boolean;
  /** The user's training switch (app_user.training_mode): what they make now is training data. */
  trainingMode: boolean;
  sessionId: string;
  ip: string | null;
  /** Set when the caller is an API token (not a sign-in session): what the token allows. */
  token?: ApiTokenLimits;
}

/** An API token's own limits, on top of its owner's grants (issue 14.4). */
export interface ApiTokenLimits {
  id: string;
  scope: 'read' | 'read_write';
  /** Set when the token is limited to some forms (their definition keys): only their records. */
  formKeys?: string[];
}
