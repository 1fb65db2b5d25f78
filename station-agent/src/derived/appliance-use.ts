/**
 * Whether an appliance is in use, from its power draw with hysteresis: in use as soon as power rises
 * above `aboveWatts`; free again only after it has stayed below `belowWatts` for `forSeconds` (a
 * microwave cycles its magnetron, a kettle pauses: those dips are not the end of a use).
 * Pure state machine: the caller feeds readings and calls `tick` when `recheckAt` comes.
 */
export type ApplianceStatus = 'free' | 'in-use' | 'off' | 'unknown';

export interface Hysteresis {
  aboveWatts: number;
  belowWatts: number;
  forSeconds: number;
}

export interface ApplianceSession {
  startedAt: number;
  endedAt: number;
}

export interface ApplianceStep {
  status: ApplianceStatus;
  /** A session that ended with this step. */
  ended?: ApplianceSession;
  /** When to call `tick` if no reading comes first (epoch ms). */
  recheckAt?: number;
}

export class ApplianceUse {
  private status: ApplianceStatus = 'unknown';
  private startedAt: number | undefined;
  /** When power last fell below `belowWatts` during a session. */
  private belowSince: number | undefined;

  constructor(private readonly h: Hysteresis) {}

  get current(): ApplianceStatus {
    return this.status;
  }

  reading(values: { powerW?: number | undefined; on?: boolean | undefined }, now: number): ApplianceStep {
    if (values.on === false) return this.finish(now, 'off');
    const power = values.powerW;
    if (power === undefined) {
      // Relay on but no power figure yet: neither free nor in use is known.
      if (values.on === true && this.status === 'off') this.status = 'unknown';
      return { status: this.status };
    }
    if (power > this.h.aboveWatts) {
      this.belowSince = undefined;
      if (this.status !== 'in-use') {
        this.status = 'in-use';
        this.startedAt = now;
      }
      return { status: this.status };
    }
    if (power < this.h.belowWatts) {
      if (this.status !== 'in-use') {
        this.status = 'free';
        return { status: this.status };
      }
      this.belowSince ??= now;
      return this.tick(now);
    }
    // Between the thresholds: keep the status, and a dip below restarts its wait.
    this.belowSince = undefined;
    if (this.status === 'unknown' || this.status === 'off') this.status = 'free';
    return { status: this.status };
  }

  tick(now: number): ApplianceStep {
    if (this.status !== 'in-use' || this.belowSince === undefined) return { status: this.status };
    const freeAt = this.belowSince + this.h.forSeconds * 1000;
    if (now < freeAt) return { status: this.status, recheckAt: freeAt };
    return this.finish(freeAt, 'free');
  }

  /** The device went offline: the session, if any, ends when we last knew it. */
  lost(now: number): ApplianceStep {
    return this.finish(this.belowSince ?? now, 'unknown');
  }

  private finish(at: number, status: ApplianceStatus): ApplianceStep {
    const started = this.status === 'in-use' ? this.startedAt : undefined;
    this.status = status;
    this.startedAt = undefined;
    this.belowSince = undefined;
    return started === undefined ? { status } : { status, ended: { startedAt: started, endedAt: at } };
  }
}
