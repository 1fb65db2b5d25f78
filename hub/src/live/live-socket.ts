/**
 * A live socket of the office's (the dashboard's, the big screen's): a snapshot first, then the feed's changes
 * gathered for COALESCE_MS and sent as one update, each message made from asynchronous reads and sent in order.
 * Closing the socket removes its listener and its timer.
 */
import type { WebSocket } from '@fastify/websocket';
import type { FastifyBaseLogger } from 'fastify';
import type { OfficeChange, OfficeFeed } from './office-feed.ts';

/** Changes are gathered for this long and sent as one update, so a busy fleet does not flood a browser. */
export const COALESCE_MS = 150;

export type ChangedList = 'alarms' | 'feedback' | 'schedules';

export interface LiveSocketMessages<M> {
  snapshot(): Promise<M>;
  /** The update for the stations and lists changed since the last one; undefined sends nothing. */
  update(stationIds: string[], lists: ChangedList[]): Promise<M | undefined>;
}

export function serveLiveSocket<M>(
  socket: WebSocket,
  feed: OfficeFeed,
  log: FastifyBaseLogger,
  messages: LiveSocketMessages<M>,
): void {
  const stations = new Set<string>();
  const changed = new Set<ChangedList>();
  let flush: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();
  const queue = (make: () => Promise<M | undefined>) => {
    sending = sending
      .then(async () => {
        const message = await make();
        if (message && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      })
      .catch((err: unknown) => log.error({ err }, 'live update failed'));
  };
  const onChange = (change: OfficeChange) => {
    if (change.type === 'schedules') changed.add('schedules');
    else {
      stations.add(change.stationId);
      if (change.type !== 'station') changed.add(change.type);
    }
    flush ??= setTimeout(() => {
      flush = undefined;
      const ids = [...stations];
      const lists = [...changed];
      stations.clear();
      changed.clear();
      queue(() => messages.update(ids, lists));
    }, COALESCE_MS);
  };
  const off = feed.on(onChange);
  queue(() => messages.snapshot());
  socket.on('close', () => {
    off();
    clearTimeout(flush);
  });
}
