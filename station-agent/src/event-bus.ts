/** A typed in-process bus. `on` returns the function that removes the listener: its owner calls it on stop. */
import type { DeviceState, DoorResult, Occupancy } from '@yizhan/shared';
import type { AlarmChange } from './alarms/alarm-rules.ts';

export interface AgentEvents {
  device: DeviceState;
  door: DoorResult;
  /** The estimate of people inside changed. */
  occupancy: Occupancy;
  alarm: AlarmChange;
}

type Listener<T> = (payload: T) => void;

export class EventBus {
  private readonly listeners = new Map<keyof AgentEvents, Set<Listener<never>>>();

  on<K extends keyof AgentEvents>(name: K, listener: Listener<AgentEvents[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof AgentEvents>(name: K, payload: AgentEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as Listener<AgentEvents[K]>)(payload);
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
