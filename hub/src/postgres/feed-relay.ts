/**
 * The office feed across hub processes: each change is a NOTIFY on one channel, and each process LISTENs on
 * its own connection (outside the pool, which would hand it to others), so a dashboard on one process hears
 * of a sync that landed on another. The listening connection comes back by itself when it is lost.
 */
import pg from 'pg';
import { type FeedRelay, type OfficeChange, officeChange } from '../live/office-feed.ts';

const CHANNEL = 'yizhan_office';

export function postgresFeedRelay(
  pool: pg.Pool,
  url: string,
  onError: (err: unknown, what: string) => void,
): FeedRelay {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = 250;

  const listen = async (deliver: (change: OfficeChange) => void): Promise<void> => {
    // keepAlive: a connection cut without a word (a machine gone) is found out, not listened to for ever.
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    next.on('notification', (message) => {
      const parsed = officeChange.safeParse(safeJson(message.payload));
      if (parsed.success) deliver(parsed.data);
      else onError(new Error(`not an office change: ${message.payload}`), 'feed message');
    });
    next.on('error', (err) => {
      onError(err, 'feed connection');
      // The error is reported above; ending a broken connection may fail too, and says nothing new.
      next.end().catch(() => undefined);
      if (client === next) reconnect(deliver);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    // Stopped while connecting: this connection must not outlive the hub.
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
    delayMs = 250;
  };
  const reconnect = (deliver: (change: OfficeChange) => void) => {
    client = undefined;
    if (stopped) return;
    retry = setTimeout(() => {
      listen(deliver).catch((err: unknown) => {
        onError(err, 'feed reconnect');
        reconnect(deliver);
      });
    }, delayMs);
    delayMs = Math.min(delayMs * 2, 10_000);
  };

  return {
    publish(change) {
      pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]).catch((err: unknown) => {
        onError(err, 'feed publish');
      });
    },
    start: (deliver) => listen(deliver),
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end();
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
