// LISTEN on PostgreSQL through one dedicated client made from the pool's own connection settings (so
// it reaches the same database and search_path), reconnecting with a growing delay when the
// connection drops. Used to hear other instances' cache invalidations (docs/decisions.md 227).
// Nothing on PGlite: one process holds the database, so there is no other instance to hear.
import pg from 'pg';

export interface Listener {
  /** Resolves once the first LISTEN is in place (or the first attempt failed: it keeps retrying). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const RETRY_MS = [100, 500, 1000, 2000, 5000];

/** `pool` is the handle's pool; a listener only when it is a pg.Pool (PostgreSQL). */
export function listen(pool: unknown, channel: string, onMessage: (payload: string) => void, onError: (error: Error) => void = () => undefined): Listener | undefined {
  if (!(pool instanceof pg.Pool)) return undefined;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  const settings = (pool as pg.Pool & { options: pg.ClientConfig }).options;
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ ...settings, keepAlive: true });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    const retry = (error: Error) => {
      if (closed || client !== c) return;
      client = undefined;
      onError(error);
      c.end().catch(() => undefined);
      // Missed notifications while away: tell the owner to forget everything it cached.
      onMessage('*');
      timer = setTimeout(() => void connect(), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
      timer.unref();
    };
    c.on('error', retry);
    c.on('end', () => retry(new Error('listener connection ended')));
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      attempt = 0;
      markReady();
    } catch (error) {
      markReady();
      retry(error as Error);
    }
  };
  void connect();
  return {
    ready,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
