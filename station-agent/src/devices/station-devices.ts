/**
 * The live state of every configured device: adapters turn payloads into values, values are merged
 * (an absent value keeps its last reading), and each kind derives its status word.
 */
import type { DeviceState } from '@yizhan/shared';
import type { DeviceConfig } from '../config.ts';
import { type ApplianceStep, ApplianceUse } from '../derived/appliance-use.ts';
import { type DeviceMessage, readDeviceMessage, sourceTopics } from './adapters/index.ts';

export interface DeviceEvents {
  changed(state: DeviceState): void;
  sessionEnded(device: string, startedAt: Date, endedAt: Date): void;
  rejected(device: string, topic: string, message: Extract<DeviceMessage, { kind: 'rejected' }>): void;
}

interface Tracked {
  config: DeviceConfig;
  state: DeviceState;
  appliance?: ApplianceUse;
  timer?: NodeJS.Timeout;
}

export class StationDevices {
  private readonly devices = new Map<string, Tracked>();

  constructor(
    configs: readonly DeviceConfig[],
    private readonly events: DeviceEvents,
    private readonly now: () => number = Date.now,
  ) {
    for (const config of configs) {
      const tracked: Tracked = {
        config,
        state: { device: config.id, kind: config.kind, online: null, updatedAt: null, status: 'unknown', values: {} },
      };
      if (config.label) tracked.state.label = config.label;
      if (config.inUse) tracked.appliance = new ApplianceUse(config.inUse);
      this.devices.set(config.id, tracked);
    }
  }

  /** Every (topic, device) pair to subscribe. */
  subscriptions(): { topic: string; device: string }[] {
    return [...this.devices.values()].flatMap(({ config }) =>
      sourceTopics(config.source).map((topic) => ({ topic, device: config.id })),
    );
  }

  snapshot(): DeviceState[] {
    return [...this.devices.values()].map((d) => d.state);
  }

  get(id: string): DeviceState | undefined {
    return this.devices.get(id)?.state;
  }

  handle(deviceId: string, topic: string, payload: Buffer): void {
    const d = this.devices.get(deviceId);
    if (!d) return;
    const message = readDeviceMessage(d.config.source, topic, payload);
    const now = this.now();
    switch (message.kind) {
      case 'ignored':
        return;
      case 'rejected':
        this.events.rejected(deviceId, topic, message);
        return;
      case 'availability': {
        if (d.state.online === message.online) return;
        d.state = { ...d.state, online: message.online };
        if (!message.online && d.appliance) this.applyAppliance(d, d.appliance.lost(now));
        else d.state.status = this.status(d);
        break;
      }
      case 'values': {
        const values = { ...d.state.values, ...message.values };
        d.state = { ...d.state, values, online: true, updatedAt: new Date(now).toISOString() };
        if (d.appliance) this.applyAppliance(d, d.appliance.reading(values, now));
        else d.state.status = this.status(d);
        break;
      }
    }
    this.events.changed(d.state);
  }

  stop(): void {
    for (const d of this.devices.values()) clearTimeout(d.timer);
  }

  private applyAppliance(d: Tracked, step: ApplianceStep): void {
    d.state.status = step.status;
    clearTimeout(d.timer);
    d.timer = undefined;
    if (step.ended) this.events.sessionEnded(d.config.id, new Date(step.ended.startedAt), new Date(step.ended.endedAt));
    if (step.recheckAt !== undefined) {
      d.timer = setTimeout(
        () => {
          const before = d.state.status;
          this.applyAppliance(d, d.appliance!.tick(this.now()));
          if (d.state.status !== before) {
            d.state = { ...d.state };
            this.events.changed(d.state);
          }
        },
        Math.max(0, step.recheckAt - this.now()),
      );
    }
  }

  private status(d: Tracked): string {
    const v = d.state.values;
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
