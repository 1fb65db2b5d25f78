/**
 * Remote appliance power (遥控断电): the office switches an appliance's plug off and on over the live channel,
 * and `autoOff` appliances are switched off when the station closes (`station.openingHours`) and on again when
 * it opens, unless the office has switched them off. Every switch is kept in the station's file with who made
 * it and when; the kiosk shows the appliance as switched off by the office (or for the night).
 */
import type { StationMessage, SwitchableAppliance, SwitchedOff } from '@yizhan/shared';
import { openingHoursClock } from '../alarms/opening-hours.ts';
import { type DeviceConfig, SWITCHABLE_FORMATS } from '../config.ts';
import type { MqttPort } from '../mqtt/link.ts';
import { type AgentPart, Attachments, type PartContext } from '../part.ts';
import { BY_OPENING_HOURS } from '../store/appliance-switches.ts';
import { powerCommand } from './power-command.ts';

type PowerResult = Extract<StationMessage, { type: 'appliance.power.result' }>['result'];

/** How often the opening hours are looked at: autoOff switches within this of closing time. */
const OPENING_LOOK_MS = 30_000;

export interface AppliancePowerDeps extends PartContext {
  /** The devices' link: plugs are commanded where they report. */
  link: MqttPort;
  devices: readonly DeviceConfig[];
}

export class AppliancePower implements AgentPart {
  readonly name = 'appliance power';
  private readonly attached = new Attachments();
  private readonly isOpen: (at: number) => boolean;
  private requests = 0;
  private wasOpen: boolean | undefined;

  constructor(private readonly deps: AppliancePowerDeps) {
    const { station } = deps.config;
    this.isOpen = openingHoursClock(station.openingHours, station.timezone);
  }

  /** The appliances the office may switch: those on a Tasmota or Shelly plug. */
  switchable(): SwitchableAppliance[] {
    return this.deps.devices
      .filter((d) => d.kind === 'appliance' && SWITCHABLE_FORMATS.has(d.source.format))
      .map((d) => ({ id: d.id, ...(d.label ? { label: d.label } : {}) }));
  }

  switchedOff(): SwitchedOff[] {
    return this.deps.stores.applianceSwitches.switchedOff();
  }

  async start(): Promise<void> {
    await this.followOpeningHours();
    this.attached.every(OPENING_LOOK_MS, () => {
      this.followOpeningHours().catch((err: Error) => this.deps.log.error({ err }, 'autoOff could not switch'));
    });
  }

  stop(): void {
    this.attached.removeAll();
  }

  /** Switches a plug for `by` (an operator, or the opening hours); refused for a device that is not a plug. */
  async power(deviceId: string, on: boolean, by: string): Promise<PowerResult> {
    const device = this.deps.devices.find((d) => d.id === deviceId);
    if (!device) return { ok: false, reason: 'unknown-device' };
    if (device.kind !== 'appliance' || !SWITCHABLE_FORMATS.has(device.source.format)) {
      return { ok: false, reason: 'not-switchable' };
    }
    const command = powerCommand(device.source, on, ++this.requests, `yizhan-${this.deps.config.station.id}`)!;
    try {
      await this.deps.link.publish(command.topic, command.payload, { qos: 1 });
    } catch (err) {
      this.deps.log.warn({ err, device: deviceId }, 'the switch could not be sent to the plug');
      return { ok: false, reason: 'not-published' };
    }
    const at = new Date(this.deps.now());
    this.deps.stores.applianceSwitches.switched(deviceId, on, by, at);
    this.deps.log.info({ device: deviceId, on, by }, on ? 'appliance switched on' : 'appliance switched off');
    this.deps.bus.emit('switchedOff', this.switchedOff());
    return { ok: true, on };
  }

  /** At a change of the opening hours (and at start), autoOff appliances follow it. */
  private async followOpeningHours(): Promise<void> {
    const open = this.isOpen(this.deps.now());
    if (open === this.wasOpen) return;
    this.wasOpen = open;
    const switches = this.deps.stores.applianceSwitches;
    for (const device of this.deps.devices.filter((d) => d.autoOff)) {
      const last = switches.last(device.id);
      if (!open && last?.on !== false) await this.power(device.id, false, BY_OPENING_HOURS);
      // Back on at opening only what the closing switched off: the office's switch-off stands.
      if (open && last?.on === false && last.by === BY_OPENING_HOURS)
        await this.power(device.id, true, BY_OPENING_HOURS);
    }
  }
}
