// The id of the request being served, for log lines written outside the request's own logger (slow
// statements reported by the database layer). Set by server/http/request-id.ts for each request.
import { AsyncLocalStorage } from 'node:async_hooks';

export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** The current request's id, or undefined outside a request (refresher, boot). */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
