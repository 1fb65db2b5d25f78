/**
 * A typed in-process bus between the agent's parts. `on` returns the function that removes the listener: the
 * part that added it removes it when it stops, so a closed agent has none left (tests/lifecycle.test.ts).
 */
import type {
  DeviceState,
  DoorQr,
  DoorResult,
  EventType,
  KioskHealth,
  Label,
  Occupancy,
  SwitchedOff,
} from '@yizhan/shared';
import type { AlarmChange } from './alarms/alarm-rules.ts';

export interface AgentEvents {
  /**
   * Every change of a device's state as it happens (alarms, occupancy and the door follow these). `urgent`:
   * the status word or availability changed, not only a value.
   */
  deviceChanged: { state: DeviceState; urgent: boolean };
  /** The paced stream for the outside: the kiosk and the retained state topic (devices/state-publisher.ts). */
  device: DeviceState;
  door: DoorResult;
  /** A worker signed in at a running event (door/sign-in.ts). */
  attended: { title: Label; method: 'code' | 'tap' };
  /** The estimate of people inside changed. */
  occupancy: Occupancy;
  alarm: AlarmChange;
  /** An event for the hub was written to the outbox (its transaction has committed by the time anyone acts). */
  outbox: EventType;
  /** A new bundle from the hub has been stored. */
  bundle: undefined;
  /** The live channel to the hub came up (true) or went down (false). */
  hubChannel: boolean;
  /** The door QR of the current window, or null while it could not open the door (no live channel). */
  doorQr: DoorQr | null;
  /** The appliances switched off now (by the office or the opening hours) changed. */
  switchedOff: SwitchedOff[];
  /** The kiosk page's health changed (it stopped or started sending heartbeats). */
  kioskHealth: KioskHealth;
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
