/**
 * The devices as a part of the agent: subscribes every device topic on the devices' broker link, feeds the
 * payloads to the station's device state, keeps readings and facts, and passes each change on: at once on the
 * bus (`deviceChanged`, for alarms, occupancy and the door) and paced to the kiosk and the retained state topic.
 * A device that floods (FLOOD_FACTOR times its budget within a second) has its telemetry unsubscribed for a
 * while, so the broker stops sending what the budget would only drop; its availability stays subscribed.
 */
import { agentTopics, backoffDelayMs, type DeviceState } from '@yizhan/shared';
import type { AgentMetrics } from '../metrics.ts';
import type { MqttPort } from '../mqtt/link.ts';
import { type AgentPart, Attachments, type PartContext } from '../part.ts';
import { RejectionLog } from './rejection-log.ts';
import { StatePublisher } from './state-publisher.ts';
import { StationDevices, stationDeviceConfigs } from './station-devices.ts';

export interface DevicesPartDeps extends PartContext {
  link: MqttPort;
  metrics: AgentMetrics;
}

/** How long a flooding device's telemetry stays unsubscribed: 10 s, doubling each time it floods again, to 5 min. */
const MUTED = { firstMs: 10_000, maxMs: 5 * 60_000, jitter: 0 };

interface Telemetry {
  /** Removes the device's telemetry subscriptions. */
  remove: (() => void)[];
  /** How many times it has been muted, and the timer that ends the current mute. */
  mutes: number;
  timer?: NodeJS.Timeout;
}

export class DevicesPart implements AgentPart {
  readonly name = 'devices';
  readonly devices: StationDevices;
  private readonly publisher: StatePublisher;
  private readonly attached = new Attachments();
  private readonly telemetry = new Map<string, Telemetry>();

  constructor(private readonly deps: DevicesPartDeps) {
    const { config, link, bus, stores, metrics, log, now } = deps;
    const topics = agentTopics(config.station.id);
    const rejections = new RejectionLog(log, now);
    this.publisher = new StatePublisher((state) => {
      stores.lastStates.save(state);
      link.publishJson(topics.state(state.device), state, { retain: true }).catch((err: Error) => {
        log.warn({ err, device: state.device }, 'device state not published');
      });
      bus.emit('device', state);
    }, now);
    this.devices = new StationDevices(
      stationDeviceConfigs(config),
      {
        changed: (state, urgent) => {
          this.publisher.offer(state, urgent);
          bus.emit('deviceChanged', { state, urgent });
        },
        reading: (device, values, at) => stores.readings.add(device, values, at),
        sessionEnded: (device, startedAt, endedAt) => stores.deviceFacts.session(device, startedAt, endedAt),
        availability: (device, online, at) => stores.deviceFacts.availability(device, online, new Date(at)),
        rejected(device, topic, message) {
          metrics.rejected(message.reason);
          rejections.note(device, topic, message);
        },
        flooding: (device) => this.mute(device),
      },
      now,
    );
  }

  /**
   * A device's state as alarms may judge it: only what the device has said since the agent started (a state
   * kept from before a restart is shown on the kiosk, not judged).
   */
  heardSinceStart(id: string): DeviceState | undefined {
    const state = this.devices.get(id);
    return state?.confirmed === false ? undefined : state;
  }

  /** The devices whose telemetry is unsubscribed right now, for flooding. */
  muted(): string[] {
    return [...this.telemetry].filter(([, t]) => t.timer !== undefined).map(([device]) => device);
  }

  start(): void {
    const { stores, config, now, log } = this.deps;
    try {
      stores.deviceCatalog.announce(
        config.devices.map((d) => ({ id: d.id, kind: d.kind, ...(d.label ? { label: d.label } : {}) })),
        new Date(now()),
      );
    } catch (err) {
      // Names for the office only: a full disk must not keep the station from starting.
      log.warn({ err }, 'the device list could not be queued for the hub');
    }
    stores.readings.start();
    // What the kiosk last showed, until each device speaks again; out at once, retained, for a new subscriber.
    for (const state of this.devices.restore(stores.lastStates.load())) this.publisher.offer(state, true);
    this.devices.start();
    for (const { topic, device, qos } of this.devices.subscriptions()) {
      // Availability (QoS 1) stays for good; telemetry (QoS 0) may be muted.
      if (qos === 1) this.attached.add(this.subscribe(device, topic, qos));
      else this.telemetryOf(device).remove.push(this.subscribe(device, topic, qos));
    }
  }

  stop(): void {
    for (const t of this.telemetry.values()) {
      clearTimeout(t.timer);
      for (const remove of t.remove.splice(0)) remove();
    }
    this.telemetry.clear();
    this.attached.removeAll();
    this.devices.stop();
    this.publisher.stop();
    this.deps.stores.readings.stop();
  }

  private subscribe(device: string, topic: string, qos: 0 | 1): () => void {
    return this.deps.link.subscribe(
      topic,
      (t, payload) => {
        this.deps.metrics.messageIn();
        this.devices.handle(device, t, payload);
      },
      qos,
    );
  }

  private telemetryOf(device: string): Telemetry {
    let t = this.telemetry.get(device);
    if (!t) {
      t = { remove: [], mutes: 0 };
      this.telemetry.set(device, t);
    }
    return t;
  }

  private mute(device: string): void {
    const t = this.telemetry.get(device);
    if (!t || t.timer) return;
    const forMs = backoffDelayMs(t.mutes++, MUTED);
    this.deps.log.warn(
      { device, seconds: forMs / 1000 },
      'device floods its topic: its telemetry is not received for a while',
    );
    for (const remove of t.remove.splice(0)) remove();
    t.timer = setTimeout(() => {
      t.timer = undefined;
      for (const { topic, device: id, qos } of this.devices.subscriptions()) {
        if (id === device && qos === 0) t.remove.push(this.subscribe(device, topic, qos));
      }
      this.devices.floodHandled(device);
    }, forMs);
  }
}
