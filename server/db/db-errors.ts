// Tells "the database is away" (restart, outage, network) apart from every other failure, so both
// error mappers (REST and GraphQL) answer UNAVAILABLE 503, which clients may retry, instead of
// INTERNAL 500. The server itself keeps running and the pool reconnects when the database returns.

/** Socket-level codes from Node when the server cannot be reached or the connection breaks. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages `pg` and `pg-pool` use for broken or missing connections (they carry no code). */
const MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/,
  /Connection terminated due to connection timeout/,
  /^terminating connection due to administrator command/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, errors, cause } = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code)) return true;
    // Class 08: connection exceptions (08000, 08003, 08006, 08001, 08004, ...).
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // Node reports a host with several addresses (localhost → ::1 and 127.0.0.1) as an AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
