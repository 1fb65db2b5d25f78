/**
 * Whether the kiosk page on the station's screen is alive: it sends a heartbeat over its live socket every 5 s.
 * A page that stops (a hung script, Chromium's "Aw, Snap", a closed browser) is "not responding" once it has
 * been silent for `kiosk.heartbeatTimeoutSeconds`; before any page was heard the kiosk is "absent". Said on the
 * bus (the live channel passes it to the hub) and in /healthz; deploy/kiosk/yizhan-kiosk.sh restarts Chromium
 * on it.
 */
import type { KioskHealth } from '@yizhan/shared';
import type { EventBus } from '../event-bus.ts';
import type { PartLog } from '../log.ts';
import { type AgentPart, Attachments } from '../part.ts';

const LOOK_MS = 1_000;

export class KioskWatch implements AgentPart {
  readonly name = 'kiosk watch';
  private readonly attached = new Attachments();
  /** Monotonic ms of the last heartbeat; undefined before the first. */
  private lastHeard: number | undefined;
  private health: KioskHealth;

  constructor(private readonly deps: { bus: EventBus; log: PartLog; now(): number; timeoutSeconds: number }) {
    this.health = { status: 'absent', since: new Date(deps.now()).toISOString() };
  }

  current(): KioskHealth {
    return this.health;
  }

  /** A heartbeat from a kiosk page. */
  heard(): void {
    this.lastHeard = performance.now();
    this.become('ok');
  }

  start(): void {
    this.attached.every(LOOK_MS, () => {
      if (this.lastHeard !== undefined && performance.now() - this.lastHeard > this.deps.timeoutSeconds * 1000) {
        this.become('not-responding');
      }
    });
  }

  stop(): void {
    this.attached.removeAll();
  }

  private become(status: KioskHealth['status']): void {
    if (this.health.status === status) return;
    this.health = { status, since: new Date(this.deps.now()).toISOString() };
    if (status === 'not-responding')
      this.deps.log.warn({}, 'the kiosk page stopped sending heartbeats: screen not responding');
    else this.deps.log.info({ status }, 'kiosk page health');
    this.deps.bus.emit('kioskHealth', this.health);
  }
}
