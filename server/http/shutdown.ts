// Graceful shutdown on SIGTERM/SIGINT (decision 210): stop accepting connections, let the requests
// in flight finish (bounded by SHUTDOWN_TIMEOUT_SECONDS), then the app's onClose hooks stop the
// indicator refresher, wait for background imports and close the database; exit 0. A request still
// running at the bound has its connection closed (its transaction rolls back, nothing was
// acknowledged) and the exit code is 1. Repeated signals (a terminal's Ctrl-C reaches npm and the
// server both) do not start a second shutdown.
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  /** How long in-flight requests may take to finish, ms. */
  graceMs: number;
  /** Ends the process (tests pass their own). */
  exit?: (code: number) => void;
  /** Where the shutdown's few lines go (the app's logger). */
  log: { info(message: string): void; warn(message: string): void; error(obj: unknown, message: string): void };
}

/** Extra time after the grace period for the hooks (refresher pass, pool close) before a hard exit. */
const HOOKS_MS = 5_000;
/** How often sockets that became idle during the drain are closed (keep-alive would hold them 72 s). */
const REAP_MS = 100;

export type Shutdown = (signal: string) => Promise<void>;

/** A shutdown function for `app` (idempotent: later calls wait for the first). */
export function gracefulShutdown(app: FastifyInstance, options: ShutdownOptions): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started: Promise<void> | undefined;
  return (signal: string) => {
    if (started) {
      options.log.info(`${signal} received again: already shutting down`);
      return started;
    }
    started = (async () => {
      options.log.info(`${signal} received: shutting down (finishing requests in flight, at most ${Math.round(options.graceMs / 1000)} s)`);
      let code = 0;
      // Sockets a finished response leaves idle are closed as soon as they are idle; new requests on a
      // socket still open are answered 503 with Connection: close (fastify's return503OnClosing).
      const reaper = setInterval(() => app.server.closeIdleConnections(), REAP_MS);
      const grace = setTimeout(() => {
        code = 1;
        options.log.warn(`requests still running after ${Math.round(options.graceMs / 1000)} s: closing their connections`);
        app.server.closeAllConnections();
      }, options.graceMs);
      const hard = setTimeout(() => {
        options.log.error({}, 'shutdown did not finish in time: exiting');
        exit(1);
      }, options.graceMs + HOOKS_MS);
      hard.unref();
      try {
        await app.close();
      } catch (error) {
        code = 1;
        options.log.error({ err: error }, 'error while shutting down');
      } finally {
        clearInterval(reaper);
        clearTimeout(grace);
        clearTimeout(hard);
      }
      if (code === 0) options.log.info('shut down cleanly');
      exit(code);
    })();
    return started;
  };
}
