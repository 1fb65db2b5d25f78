/**
 * The alarm rules as a part of the agent: they follow every device change and the occupancy estimate, and
 * each raise or clear is logged and goes on the bus (the hub learns of it through the outbox, in the same
 * transaction as the alarm's row).
 */
import type { DeviceState, Occupancy } from '@yizhan/shared';
import type { DeviceConfig } from '../config.ts';
import { type AgentPart, Attachments, type PartContext } from '../part.ts';
import { AlarmRules } from './alarm-rules.ts';

export interface AlarmsPartDeps extends PartContext {
  devices: readonly DeviceConfig[];
  /** A device's state as the rules may judge it: what it has said since the agent started. */
  device(id: string): DeviceState | undefined;
  /** Undefined when no device says anything about occupancy. */
  occupancy(): Occupancy | undefined;
}

export class AlarmsPart implements AgentPart {
  readonly name = 'alarms';
  readonly rules: AlarmRules;
  private readonly attached = new Attachments();

  constructor(private readonly deps: AlarmsPartDeps) {
    const { config, devices, stores, bus, log, now } = deps;
    this.rules = new AlarmRules(
      config,
      devices,
      { device: deps.device, occupancy: deps.occupancy },
      stores.alarms,
      (change) => {
        const { rule, device, detail } = change.alarm;
        log.warn({ rule, device, detail }, change.change === 'raised' ? 'alarm raised' : 'alarm cleared');
        bus.emit('alarm', change);
      },
      now,
    );
  }

  start(): void {
    const { bus } = this.deps;
    this.attached.add(
      bus.on('deviceChanged', ({ state }) => this.rules.deviceChanged(state.device)),
      bus.on('occupancy', () => this.rules.occupancyChanged()),
    );
    this.rules.start();
  }

  stop(): void {
    this.attached.removeAll();
    this.rules.stop();
  }
}
