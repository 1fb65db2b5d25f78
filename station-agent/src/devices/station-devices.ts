/**
 * The live state of every configured device: adapters turn payloads into values, values are merged
 * (an absent value keeps its last reading), and each kind derives its status word. Availability comes
 * from the device's LWT/availability topic and from silence past its expiry. Each device has a message
 * budget, so a flooding or broken device costs little and cannot starve the others.
 */
import { type DeviceState, type DeviceValues, TokenBucket } from '@yizhan/shared';
import type { AgentConfig, DeviceConfig } from '../config.ts';
import { type ApplianceStep, ApplianceUse } from '../derived/appliance-use.ts';
import { availabilityTopics, type DeviceMessage, readDeviceMessage, sourceTopics } from './adapters/index.ts';

export interface DeviceEvents {
  /** `urgent`: the status word or availability changed (not only a value). */
  changed(state: DeviceState, urgent: boolean): void;
  /** Every accepted reading, for storage. */
  reading(device: string, values: DeviceValues, at: number): void;
  sessionEnded(device: string, startedAt: Date, endedAt: Date): void;
  /** Online ↔ offline (by LWT, availability topic or silence). */
  availability(device: string, online: boolean, at: number): void;
  rejected(device: string, topic: string, message: Extract<DeviceMessage, { kind: 'rejected' }>): void;
  /**
   * The device sends far beyond its budget (FLOOD_FACTOR times it within a second): its telemetry is better not
   * received at all for a while (devices-part.ts). Said once until `floodHandled`.
   */
  flooding?(device: string): void;
}

/** Drops within one second, as a multiple of the device's budget, that make a device a flood. */
export const FLOOD_FACTOR = 10;

/** Identical payloads on one topic within this window are one message (Zigbee devices often send two or three). */
export const DUPLICATE_WINDOW_MS = 1_000;
/** How often silence is checked. */
export const SILENCE_SWEEP_MS = 5_000;
/** Silence before a device counts as offline, when its config says nothing. Battery sensors report hourly. */
const DEFAULT_EXPIRE_SECONDS: Record<DeviceConfig['source']['format'], number | undefined> = {
  tasmota: 900,
  zigbee2mqtt: 7_200,
  'shelly-gen2': undefined,
  'generic-json': undefined,
};

interface Tracked {
  config: DeviceConfig;
  state: DeviceState;
  appliance?: ApplianceUse;
  timer?: NodeJS.Timeout;
  expireMs: number | undefined;
  /** When a valid message last arrived (or the agent started). */
  lastSeen: number | undefined;
  /** The message budget. */
  budget: TokenBucket;
  lastPayload: Map<string, { payload: Buffer; at: number }>;
  /** The refusal for messages over budget, made once. */
  overBudget: Extract<DeviceMessage, { kind: 'rejected' }>;
  /** Drops in the current second, and whether the flood has been said. */
  drops: { since: number; n: number; flooding: boolean };
}

/** The configured devices plus the door contact, read like any other door sensor. */
export function stationDeviceConfigs(config: AgentConfig): DeviceConfig[] {
  const devices = [...config.devices];
  const contact = config.door?.contact;
  if (contact && !devices.some((d) => d.kind === 'door')) {
    devices.push({
      id: 'door-contact',
      kind: 'door',
      label: { zh: '门', en: 'Door' },
      source: contact,
      maxMessagesPerSecond: 20,
      occupancyRole: 'zone',
      autoOff: false,
    });
  }
  return devices;
}

export class StationDevices {
  private readonly devices = new Map<string, Tracked>();
  private sweep: NodeJS.Timeout | undefined;
  private duplicateCount = 0;
  /** The last `updatedAt` made: a busy station stamps many readings within one millisecond. */
  private stamp = { at: Number.NaN, iso: '' };

  constructor(
    configs: readonly DeviceConfig[],
    private readonly events: DeviceEvents,
    private readonly now: () => number = Date.now,
  ) {
    for (const config of configs) {
      const expireSeconds = config.expireSeconds ?? DEFAULT_EXPIRE_SECONDS[config.source.format];
      const tracked: Tracked = {
        config,
        state: unheard(config),
        expireMs: expireSeconds === undefined ? undefined : expireSeconds * 1000,
        lastSeen: undefined,
        budget: new TokenBucket(burst(config), config.maxMessagesPerSecond, 0),
        lastPayload: new Map(),
        overBudget: {
          kind: 'rejected',
          reason: 'rate-limited',
          detail: `over ${config.maxMessagesPerSecond} messages/s`,
        },
        drops: { since: 0, n: 0, flooding: false },
      };
      if (config.inUse) tracked.appliance = new ApplianceUse(config.inUse);
      this.devices.set(config.id, tracked);
    }
  }

  /** Every (topic, device) pair to subscribe, with its QoS: 1 for availability, 0 for telemetry (mqtt/link.ts). */
  subscriptions(): { topic: string; device: string; qos: 0 | 1 }[] {
    return [...this.devices.values()].flatMap(({ config }) => {
      const availability = availabilityTopics(config.source);
      return sourceTopics(config.source).map((topic) => ({
        topic,
        device: config.id,
        qos: availability.includes(topic) ? (1 as const) : (0 as const),
      }));
    });
  }

  snapshot(): DeviceState[] {
    return [...this.devices.values()].map((d) => d.state);
  }

  get(id: string): DeviceState | undefined {
    return this.devices.get(id)?.state;
  }

  configs(): DeviceConfig[] {
    return [...this.devices.values()].map((d) => d.config);
  }

  /** Identical payloads dropped since start. */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /**
   * Shows each device's last state from before a restart, marked unconfirmed and not known to be online, until
   * the device speaks again. Call before `start`. Returns the states taken up.
   */
  restore(kept: ReadonlyMap<string, DeviceState>): DeviceState[] {
    const restored: DeviceState[] = [];
    for (const d of this.devices.values()) {
      const last = kept.get(d.config.id);
      if (!last || last.updatedAt === null) continue;
      const state: DeviceState = {
        ...unheard(d.config),
        updatedAt: last.updatedAt,
        status: last.status,
        values: last.values,
        confirmed: false,
      };
      d.state = state;
      restored.push(state);
    }
    return restored;
  }

  /** Starts the silence clock: a device not heard from within its expiry (from now) goes offline. */
  start(): void {
    const now = this.now();
    for (const d of this.devices.values()) d.lastSeen ??= now;
    this.sweep = setInterval(() => this.checkSilence(), SILENCE_SWEEP_MS);
  }

  stop(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    for (const d of this.devices.values()) clearTimeout(d.timer);
  }

  handle(deviceId: string, topic: string, payload: Buffer): void {
    const d = this.devices.get(deviceId);
    if (!d) return;
    const now = this.now();
    if (d.budget.take(now) > 0) {
      this.events.rejected(deviceId, topic, d.overBudget);
      this.countDrop(d, now);
      return;
    }
    const last = d.lastPayload.get(topic);
    if (last && now - last.at < DUPLICATE_WINDOW_MS && last.payload.equals(payload)) {
      this.duplicateCount++;
      d.lastSeen = now;
      return;
    }
    const message = readDeviceMessage(d.config.source, topic, payload);
    if (message.kind === 'rejected') {
      this.events.rejected(deviceId, topic, message);
      return;
    }
    if (last) {
      last.payload = payload;
      last.at = now;
    } else d.lastPayload.set(topic, { payload, at: now });
    d.lastSeen = now;
    const before = d.state;
    // The device reports values: what was kept from before the restart gives way to them. (Its availability
    // alone, often a retained LWT delivered at once, says nothing of its values.)
    if (d.state.confirmed === false && message.kind === 'values') d.state = unheard(d.config);
    switch (message.kind) {
      case 'ignored':
        // Nothing readable is said (counted and logged, never dropped unseen), but the device is alive.
        this.events.rejected(deviceId, topic, NOTHING_READABLE);
        if (d.state.online !== false) return;
        d.state = { ...d.state, online: true };
        d.state.status = this.status(d);
        break;
      case 'availability': {
        if (d.state.online === message.online) return;
        d.state = { ...d.state, online: message.online };
        if (!message.online && d.appliance) this.applyAppliance(d, d.appliance.lost(now));
        else d.state.status = this.status(d);
        break;
      }
      case 'values': {
        // One clone, then stores over mostly existing keys: cheaper than merging two spreads.
        const values: DeviceValues = { ...d.state.values };
        for (const key in message.values) {
          const name = key as keyof DeviceValues;
          (values as Record<string, unknown>)[name] = message.values[name];
        }
        d.state = { ...d.state, values, online: true, updatedAt: this.iso(now) };
        this.events.reading(deviceId, message.values, now);
        if (d.appliance) this.applyAppliance(d, d.appliance.reading(values, now));
        else d.state.status = this.status(d);
        break;
      }
    }
    this.announce(d, before, now);
  }

  /** The flood of a device has been dealt with (its telemetry received again): it may be said again. */
  floodHandled(deviceId: string): void {
    const d = this.devices.get(deviceId);
    if (d) d.drops = { since: this.now(), n: 0, flooding: false };
  }

  private countDrop(d: Tracked, now: number): void {
    const drops = d.drops;
    if (now - drops.since >= 1000) {
      drops.since = now;
      drops.n = 0;
    }
    drops.n++;
    if (drops.flooding || drops.n < FLOOD_FACTOR * d.config.maxMessagesPerSecond) return;
    drops.flooding = true;
    this.events.flooding?.(d.config.id);
  }

  private announce(d: Tracked, before: DeviceState, now: number): void {
    const onlineChanged = before.online !== d.state.online;
    if (onlineChanged && d.state.online !== null) this.events.availability(d.config.id, d.state.online, now);
    this.events.changed(d.state, onlineChanged || before.status !== d.state.status);
  }

  private iso(at: number): string {
    if (this.stamp.at !== at) this.stamp = { at, iso: new Date(at).toISOString() };
    return this.stamp.iso;
  }

  private checkSilence(): void {
    const now = this.now();
    for (const d of this.devices.values()) {
      if (!d.expireMs || d.state.online === false || d.lastSeen === undefined) continue;
      if (now - d.lastSeen <= d.expireMs) continue;
      const before = d.state;
      d.state = { ...d.state, online: false };
      if (d.appliance) this.applyAppliance(d, d.appliance.lost(d.lastSeen));
      else d.state.status = this.status(d);
      this.announce(d, before, now);
    }
  }

  private applyAppliance(d: Tracked, step: ApplianceStep): void {
    d.state.status = step.status;
    clearTimeout(d.timer);
    d.timer = undefined;
    if (step.ended) this.events.sessionEnded(d.config.id, new Date(step.ended.startedAt), new Date(step.ended.endedAt));
    if (step.recheckAt !== undefined) {
      d.timer = setTimeout(
        () => {
          // A new state object: the one already handed out must not change under its holder.
          const before = d.state;
          d.state = { ...before };
          this.applyAppliance(d, d.appliance!.tick(this.now()));
          if (d.state.status !== before.status) this.events.changed(d.state, true);
        },
        Math.max(0, step.recheckAt - this.now()),
      );
    }
  }

  private status(d: Tracked): string {
    const v = d.state.values;
    if (d.appliance) return d.appliance.current;
    switch (d.config.kind) {
      case 'fridge':
        if (v.temperatureC === undefined) return 'unknown';
        return d.config.alarm && v.temperatureC > d.config.alarm.aboveCelsius ? 'too-warm' : 'ok';
      case 'presence':
        return v.occupied === undefined ? 'unknown' : v.occupied ? 'occupied' : 'clear';
      case 'door':
        return v.doorOpen === undefined ? 'unknown' : v.doorOpen ? 'open' : 'closed';
      default:
        return Object.keys(v).length > 0 ? 'ok' : 'unknown';
    }
  }
}

const NOTHING_READABLE = {
  kind: 'rejected',
  reason: 'nothing-readable',
  detail: 'a valid message with no value the agent reads',
} as const;

/** A device as it is before it has said anything. */
function unheard(config: DeviceConfig): DeviceState {
  const state: DeviceState = {
    device: config.id,
    kind: config.kind,
    online: null,
    updatedAt: null,
    status: 'unknown',
    values: {},
  };
  if (config.label) state.label = config.label;
  return state;
}

/** A device may send a burst of twice its rate (a reconnect replays its retained topics). */
const burst = (config: DeviceConfig) => Math.max(10, config.maxMessagesPerSecond * 2);
