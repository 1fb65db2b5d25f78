/**
 * Plays a station's devices in real time: the microwave heating lunch boxes in bursts, the water
 * dispenser reheating, the fridge holding 3–6 °C, people moving in the rest area, and (when given a
 * code source) workers scanning in at the door.
 */
import { agentTopics } from '@yizhan/shared';
import type { MqttClient } from 'mqtt';
import { type Publication, tasmota, zigbee2mqtt } from './payloads.ts';

export interface SimulatedDevice {
  id: string;
  kind: string;
  source: { format: string; topic: string };
}

export interface PlayerOptions {
  stationId: string;
  devices: readonly SimulatedDevice[];
  /** Seconds between telemetry rounds; real Tasmota plugs default to 300, the demo wants it lively. */
  periodSeconds?: number;
  /** Returns a fresh member code for a worker arriving at the door. */
  nextMemberCode?: () => string;
  random?: () => number;
}

interface Plug {
  device: SimulatedDevice;
  energyKWh: number;
  /** Rounds left in the current use; 0 when idle. */
  busyRounds: number;
}

export class StationPlayer {
  private timer: NodeJS.Timeout | undefined;
  private readonly plugs: Plug[];
  private readonly random: () => number;
  private fridgeC = 4.2;

  constructor(
    private readonly client: MqttClient,
    private readonly options: PlayerOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.plugs = options.devices
      .filter((d) => d.kind === 'appliance' && d.source.format === 'tasmota')
      .map((device) => ({ device, energyKWh: 12 + this.random() * 40, busyRounds: 0 }));
  }

  /** Announces every device online, then plays a round every period. */
  start(): void {
    for (const d of this.options.devices) {
      if (d.source.format === 'tasmota') this.publish(tasmota.lwt(d.source.topic, true));
      if (d.source.format === 'zigbee2mqtt') this.publish(zigbee2mqtt.availability(d.source.topic, true));
    }
    this.round();
    this.timer = setInterval(() => this.round(), (this.options.periodSeconds ?? 3) * 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private round(): void {
    const now = new Date();
    for (const plug of this.plugs) this.publish(this.plugReading(plug, now));
    for (const d of this.options.devices) {
      if (d.source.format !== 'zigbee2mqtt') continue;
      if (d.kind === 'fridge') {
        this.fridgeC = Math.min(6, Math.max(3, this.fridgeC + (this.random() - 0.5) * 0.4));
        const t = Math.round(this.fridgeC * 100) / 100;
        this.publish(zigbee2mqtt.state(d.source.topic, { temperature: t, humidity: 48, battery: 91 }));
      }
      if (d.kind === 'presence') {
        this.publish(zigbee2mqtt.state(d.source.topic, { occupancy: this.random() < 0.7, battery: 97 }));
      }
    }
    const code = this.options.nextMemberCode;
    if (code && this.random() < 0.3)
      this.publish({ topic: agentTopics(this.options.stationId).doorScan, payload: code() });
  }

  private plugReading(plug: Plug, now: Date): Publication {
    const heavy = plug.device.id.includes('microwave') ? 1050 : 500;
    if (plug.busyRounds === 0 && this.random() < 0.25) plug.busyRounds = 2 + Math.floor(this.random() * 5);
    let powerW = 0.4 + this.random() * 0.8; // standby draw of the plug itself
    if (plug.busyRounds > 0) {
      plug.busyRounds--;
      powerW = heavy * (0.85 + this.random() * 0.15);
    }
    plug.energyKWh += (powerW * (this.options.periodSeconds ?? 3)) / 3_600_000;
    return tasmota.sensor(plug.device.source.topic, now, { powerW, energyKWh: plug.energyKWh });
  }

  private publish(p: Publication): void {
    this.client.publish(p.topic, p.payload, { qos: 0, retain: p.retain ?? false });
  }
}
