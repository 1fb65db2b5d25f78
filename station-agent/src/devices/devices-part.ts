/**
 * The devices as a part of the agent: subscribes every device topic on the devices' broker link, feeds the
 * payloads to the station's device state, keeps readings and facts, and passes each change on: at once on the
 * bus (`deviceChanged`, for alarms, occupancy and the door) and paced to the kiosk and the retained state topic.
 */
import { agentTopics, type DeviceState } from '@yizhan/shared';
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

export class DevicesPart implements AgentPart {
  readonly name = 'devices';
  readonly devices: StationDevices;
  private readonly publisher: StatePublisher;
  private readonly attached = new Attachments();

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

  start(): void {
    const { stores, link, metrics } = this.deps;
    stores.readings.start();
    // What the kiosk last showed, until each device speaks again; out at once, retained, for a new subscriber.
    for (const state of this.devices.restore(stores.lastStates.load())) this.publisher.offer(state, true);
    this.devices.start();
    for (const { topic, device, qos } of this.devices.subscriptions()) {
      this.attached.add(
        link.subscribe(
          topic,
          (t, payload) => {
            metrics.messageIn();
            this.devices.handle(device, t, payload);
          },
          qos,
        ),
      );
    }
  }

  stop(): void {
    this.attached.removeAll();
    this.devices.stop();
    this.publisher.stop();
    this.deps.stores.readings.stop();
  }
}
