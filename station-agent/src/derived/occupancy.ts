/**
 * How many people are inside, from what the devices say, never from a single edge:
 * - people counters report cumulative `in`/`out`; only their differences count, and a counter that
 *   goes backwards (a reboot) or jumps absurdly starts a new baseline instead of inventing people;
 * - PIR zones and seat sensors give a floor (an occupied zone holds at least one person, a seat one);
 *   a zone whose "occupied" has not been refreshed within `zoneTimeoutMs` counts as clear;
 * - the estimate stays within 0…maxInside, and after `quietMs` with every sensor clear and no one
 *   counted in or out, the counters' drift is corrected to zero;
 * - the counted part and the counters' baselines are handed out to be kept (`remember`) and can be
 *   restored after a restart, so that people inside are not forgotten when the agent is.
 */
import type { DeviceState, Occupancy } from '@yizhan/shared';

export interface OccupancyOptions {
  capacity: number;
  maxInside: number;
  quietMs: number;
  zoneTimeoutMs: number;
  sampleMs: number;
}

export interface OccupancySources {
  counters: readonly string[];
  zones: readonly string[];
  seats: readonly string[];
}

export interface OccupancyEvents {
  changed(occupancy: Occupancy): void;
  /** Every `sampleMs`, for the hub's occupancy curve. */
  sample(occupancy: Occupancy): void;
  /** The counted part changed (or a counter's baseline moved): worth keeping across a restart. */
  remember?(memory: OccupancyMemory): void;
}

/** What the counters have told: enough to go on counting after a restart. */
export interface OccupancyMemory {
  counted: number;
  baselines: Record<string, { in: number; out: number }>;
  /** Epoch ms. */
  savedAt: number;
}

/** How often zone timeouts and the quiet period are checked. */
export const OCCUPANCY_TICK_MS = 30_000;

interface Presence {
  occupied: boolean;
  reportedAt: number;
}

export class OccupancyEstimator {
  private counted = 0;
  private readonly baselines = new Map<string, { in: number; out: number }>();
  private readonly presence = new Map<string, Presence>();
  private lastActivity: number;
  private restoredActivity: number | undefined;
  private inside = 0;
  private updatedAt: number;
  private tick: NodeJS.Timeout | undefined;
  private sampler: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: OccupancyOptions,
    private readonly sources: OccupancySources,
    private readonly events: OccupancyEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.lastActivity = now();
    this.updatedAt = this.lastActivity;
  }

  /** Whether any device says something about occupancy (a station without one has no estimate). */
  get hasSources(): boolean {
    return this.sources.counters.length + this.sources.zones.length + this.sources.seats.length > 0;
  }

  get current(): Occupancy {
    return { inside: this.inside, capacity: this.options.capacity, updatedAt: new Date(this.updatedAt).toISOString() };
  }

  /**
   * Takes up what a previous run remembered. The counters' totals always (so who came and went while the agent
   * was down is counted from them); the count only if the last count is newer than the quiet period (else the
   * quiet rule would have zeroed it) and not from the future (the clock was set back). Call before `start`.
   */
  restore(memory: OccupancyMemory | undefined): boolean {
    if (!memory) return false;
    for (const [device, base] of Object.entries(memory.baselines)) {
      if (this.sources.counters.includes(device)) this.baselines.set(device, base);
    }
    const age = this.now() - memory.savedAt;
    if (!(age >= 0 && age <= this.options.quietMs)) return false;
    this.counted = Math.min(this.options.maxInside, memory.counted);
    // The quiet period runs from the last count, not from the restart.
    this.restoredActivity = memory.savedAt;
    return true;
  }

  start(): void {
    if (!this.hasSources) return;
    this.lastActivity = this.restoredActivity ?? this.now();
    // A restored count shows at once; a fresh one stays at zero until a device speaks.
    this.recompute(this.now());
    this.tick = setInterval(() => this.recompute(this.now()), OCCUPANCY_TICK_MS);
    this.sampler = setInterval(() => this.events.sample(this.current), this.options.sampleMs);
  }

  stop(): void {
    clearInterval(this.tick);
    clearInterval(this.sampler);
    this.tick = undefined;
    this.sampler = undefined;
  }

  /** Feeds a device's new state; devices that are not sources are ignored. */
  observe(state: DeviceState): void {
    const now = this.now();
    if (this.sources.counters.includes(state.device)) this.count(state, now);
    else if (this.sources.zones.includes(state.device) || this.sources.seats.includes(state.device)) {
      const occupied = state.online !== false && state.values.occupied === true;
      const previous = this.presence.get(state.device);
      const reportedAt = state.updatedAt ? Date.parse(state.updatedAt) : now;
      this.presence.set(state.device, { occupied, reportedAt });
      if (occupied && previous?.reportedAt !== reportedAt) this.lastActivity = now;
    } else return;
    this.recompute(now);
  }

  private count(state: DeviceState, now: number): void {
    const { peopleIn, peopleOut } = state.values;
    if (peopleIn === undefined || peopleOut === undefined) return;
    const base = this.baselines.get(state.device);
    if (base && base.in === peopleIn && base.out === peopleOut) return;
    this.baselines.set(state.device, { in: peopleIn, out: peopleOut });
    if (base) {
      // A counter that went backwards restarted from zero: what it shows now happened since.
      const dIn = peopleIn >= base.in ? peopleIn - base.in : peopleIn;
      const dOut = peopleOut >= base.out ? peopleOut - base.out : peopleOut;
      // A jump is not people: it only starts a new baseline.
      if (dIn <= this.options.maxInside && dOut <= this.options.maxInside) {
        this.counted = Math.min(this.options.maxInside, Math.max(0, this.counted + dIn - dOut));
        this.lastActivity = now;
      }
    }
    this.remember(now);
  }

  private remember(now: number): void {
    this.events.remember?.({ counted: this.counted, baselines: Object.fromEntries(this.baselines), savedAt: now });
  }

  private recompute(now: number): void {
    let zones = 0;
    let seats = 0;
    for (const [device, p] of this.presence) {
      if (!p.occupied || now - p.reportedAt > this.options.zoneTimeoutMs) continue;
      if (this.sources.seats.includes(device)) seats++;
      else zones++;
    }
    const floor = Math.max(zones, seats);
    if (floor === 0 && this.counted > 0 && now - this.lastActivity >= this.options.quietMs) {
      this.counted = 0;
      this.remember(now);
    }
    const inside = Math.min(this.options.maxInside, Math.max(this.counted, floor));
    if (inside === this.inside) return;
    this.inside = inside;
    this.updatedAt = now;
    this.events.changed(this.current);
  }
}
