/**
 * Passes device state to the outside (retained MQTT state, the kiosk's WebSocket) at a pace they can
 * take: a change of status or availability goes out at once; a change of values only at most every
 * `intervalMs` per device, the latest one winning. A plug reporting power ten times a second, or a
 * flooding device, costs the kiosk one update a second.
 */
import type { DeviceState } from '@yizhan/shared';

export const VALUES_INTERVAL_MS = 1_000;

interface Pace {
  sentAt: number;
  pending?: DeviceState;
  timer?: NodeJS.Timeout;
}

export class StatePublisher {
  private readonly paces = new Map<string, Pace>();
  private stopped = false;

  constructor(
    private readonly send: (state: DeviceState) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = VALUES_INTERVAL_MS,
  ) {}

  offer(state: DeviceState, urgent: boolean): void {
    if (this.stopped) return;
    let pace = this.paces.get(state.device);
    if (!pace) {
      pace = { sentAt: Number.NEGATIVE_INFINITY };
      this.paces.set(state.device, pace);
    }
    const now = this.now();
    if (urgent || now - pace.sentAt >= this.intervalMs) {
      clearTimeout(pace.timer);
      pace.timer = undefined;
      pace.pending = undefined;
      pace.sentAt = now;
      this.send(state);
      return;
    }
    pace.pending = state;
    if (pace.timer) return;
    const p = pace;
    p.timer = setTimeout(
      () => {
        p.timer = undefined;
        const pending = p.pending;
        p.pending = undefined;
        if (!pending) return;
        p.sentAt = this.now();
        this.send(pending);
      },
      pace.sentAt + this.intervalMs - now,
    );
  }

  stop(): void {
    this.stopped = true;
    for (const p of this.paces.values()) clearTimeout(p.timer);
    this.paces.clear();
  }
}
