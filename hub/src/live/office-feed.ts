/**
 * What changed for the office, announced to the dashboards' live sockets. Listeners are removed by
 * their owner with the function `on` returns.
 */
export type OfficeChange =
  /** Something shown in the station's status row changed (seen, online/offline, inside, counts, alarms). */
  | { type: 'station'; stationId: string }
  | { type: 'alarms'; stationId: string }
  | { type: 'feedback'; stationId: string }
  | { type: 'schedules' };

export type OfficeListener = (change: OfficeChange) => void;

export class OfficeFeed {
  private readonly listeners = new Set<OfficeListener>();

  on(listener: OfficeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: OfficeChange): void {
    for (const listener of this.listeners) listener(change);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
