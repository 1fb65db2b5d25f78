/**
 * What changed for the office, announced to the dashboards' live sockets. Listeners are removed by
 * their owner with the function `on` returns. With several hub processes on one database, a relay carries
 * each change to every process (this one included) before it reaches the listeners.
 */
import { z } from 'zod';

export const officeChange = z.discriminatedUnion('type', [
  /** Something shown in the station's status row changed (seen, online/offline, inside, counts, alarms). */
  z.object({ type: z.literal('station'), stationId: z.string() }),
  z.object({ type: z.literal('alarms'), stationId: z.string() }),
  z.object({ type: z.literal('feedback'), stationId: z.string() }),
  z.object({ type: z.literal('schedules') }),
]);
export type OfficeChange = z.infer<typeof officeChange>;

export type OfficeListener = (change: OfficeChange) => void;

/** Carries changes between the hub processes sharing a store (PostgreSQL's LISTEN/NOTIFY). */
export interface FeedRelay {
  /** Sends the change to every process, this one included; a change that cannot be sent is reported. */
  publish(change: OfficeChange): void;
  /** Delivers every process's changes to `deliver` until `stop`. */
  start(deliver: (change: OfficeChange) => void): Promise<void>;
  stop(): Promise<void>;
}

export class OfficeFeed {
  private readonly listeners = new Set<OfficeListener>();

  constructor(private readonly relay?: FeedRelay) {}

  async start(): Promise<void> {
    await this.relay?.start((change) => this.deliver(change));
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
  }

  on(listener: OfficeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: OfficeChange): void {
    if (this.relay) this.relay.publish(change);
    else this.deliver(change);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private deliver(change: OfficeChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
