/**
 * What both servers' `main.ts` do the same way: log for the journal or for a person, cut off slow clients,
 * and close gracefully on a signal within a deadline.
 */
import type { Server } from 'node:http';
import closeWithGrace from 'close-with-grace';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

/** Closing takes well under a second; a close still going after this is stuck, and the process ends. */
export const CLOSE_DEADLINE_MS = 10_000;

/** JSON lines for the service manager's journal; readable lines for a person at a terminal. */
export function processLogger(level = 'info'): FastifyServerOptions['logger'] {
  return process.stdout.isTTY ? { level, transport: { target: 'pino-pretty' } } : { level };
}

/**
 * A client that sends its request slower than 30 s (headers: 10 s) is cut off: requests to either server are at
 * most a sync batch. Keep-alive is longer than Chromium's own idle keep-alive (60 s), so a kiosk's or a
 * dashboard's next request finds its connection still open.
 */
export function applyServerTimeouts(server: Server): void {
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 65_000;
}

/**
 * On SIGINT/SIGTERM (or an uncaught error) runs `close` once; a second signal, or `CLOSE_DEADLINE_MS`, ends the
 * process at once. Returns the function that removes the handlers (a process that closed itself).
 */
export function closeOnSignals(log: FastifyBaseLogger, close: () => Promise<void>): () => void {
  const handlers = closeWithGrace(
    {
      delay: CLOSE_DEADLINE_MS,
      logger: { error: (message: unknown) => log.error({ close: message }, 'closing') },
      onTimeout: (delay) => log.error({ delay }, 'did not close in time; exiting'),
      onSecondSignal: (signal) => log.error({ signal }, 'second signal while closing; exiting at once'),
    },
    async ({ signal, err }) => {
      if (err) log.error({ err }, 'closing after an error');
      else log.info({ signal }, 'closing');
      await close();
    },
  );
  return () => handlers.uninstall();
}
