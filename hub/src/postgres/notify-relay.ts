/**
 * Messages across hub processes: each is a NOTIFY on one channel, and each process LISTENs on its own
 * connection (outside the pool, which would hand it to others). The listening connection comes back by itself
 * when it is lost. The office feed (feed-relay.ts) and the stations' live channel (channel/relay.ts) use it.
 * A payload must stay under PostgreSQL's 8,000 bytes.
 */
import pg from 'pg';
import type { z } from 'zod';

export interface NotifyRelay<T> {
  /** Sends to every process, this one included; a message that cannot be sent is reported. */
  publish(message: T): void;
  /** Delivers every process's messages to `deliver` until `stop`. */
  start(deliver: (message: T) => void): Promise<void>;
  stop(): Promise<void>;
}

export function postgresNotifyRelay<T>(
  pool: pg.Pool,
  url: string,
  channel: string,
  schema: z.ZodType<T>,
  onError: (err: unknown, what: string) => void,
): NotifyRelay<T> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = 250;

  const listen = async (deliver: (message: T) => void): Promise<void> => {
    // keepAlive: a connection cut without a word (a machine gone) is found out, not listened to for ever.
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    next.on('notification', (message) => {
      const parsed = schema.safeParse(safeJson(message.payload));
      if (parsed.success) deliver(parsed.data);
      else onError(new Error(`not a message of ${channel}: ${message.payload?.slice(0, 200)}`), 'relay message');
    });
    next.on('error', (err) => {
      onError(err, `${channel} connection`);
      // The error is reported above; ending a broken connection may fail too, and says nothing new.
      next.end().catch(() => undefined);
      if (client === next) reconnect(deliver);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
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
  const reconnect = (deliver: (message: T) => void) => {
    client = undefined;
    if (stopped) return;
    retry = setTimeout(() => {
      listen(deliver).catch((err: unknown) => {
        onError(err, `${channel} reconnect`);
        reconnect(deliver);
      });
    }, delayMs);
    delayMs = Math.min(delayMs * 2, 10_000);
  };

  return {
    publish(message) {
      pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(message)]).catch((err: unknown) => {
        onError(err, `${channel} publish`);
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
