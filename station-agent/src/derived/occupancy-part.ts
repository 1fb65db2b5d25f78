/**
 * Occupancy as a part of the agent: the estimate follows every device change, is kept for a restart, goes out
 * retained on `yizhan/{station}/occupancy` and on the bus, and is sampled to the hub.
 */
import { agentTopics } from '@yizhan/shared';
import type { DeviceConfig } from '../config.ts';
import { onceAMinute } from '../log.ts';
import type { MqttPort } from '../mqtt/link.ts';
import { type AgentPart, Attachments, type PartContext } from '../part.ts';
import { OccupancyEstimator } from './occupancy.ts';

export interface OccupancyPartDeps extends PartContext {
  devices: readonly DeviceConfig[];
  link: MqttPort;
}

export class OccupancyPart implements AgentPart {
  readonly name = 'occupancy';
  readonly estimator: OccupancyEstimator;
  private readonly attached = new Attachments();

  constructor(private readonly deps: OccupancyPartDeps) {
    const { config, devices, link, bus, stores, log, now } = deps;
    const topic = agentTopics(config.station.id).occupancy;
    const sampleFailed = onceAMinute(log);
    const presence = (role: 'zone' | 'seat') =>
      devices.filter((d) => d.kind === 'presence' && d.occupancyRole === role).map((d) => d.id);
    this.estimator = new OccupancyEstimator(
      {
        capacity: config.station.capacity,
        maxInside: config.occupancy.maxInside ?? config.station.capacity * 2,
        quietMs: config.occupancy.quietMinutes * 60_000,
        zoneTimeoutMs: config.occupancy.zoneTimeoutSeconds * 1000,
        sampleMs: config.occupancy.sampleMinutes * 60_000,
      },
      {
        counters: devices.filter((d) => d.kind === 'people-counter').map((d) => d.id),
        zones: presence('zone'),
        seats: presence('seat'),
      },
      {
        changed(occupancy) {
          link.publishJson(topic, occupancy, { retain: true }).catch((err: Error) => {
            log.warn({ err }, 'occupancy not published');
          });
          bus.emit('occupancy', occupancy);
        },
        sample(o) {
          // Reached from the estimator's timer: a write that fails (a full disk) is reported, not thrown there.
          try {
            stores.outbox.append('occupancy.sample', new Date(o.updatedAt), { inside: o.inside, capacity: o.capacity });
          } catch (err) {
            sampleFailed(err as Error, 'an occupancy sample could not be kept for the hub');
          }
        },
        remember: (memory) => stores.occupancy.save(memory),
      },
      now,
    );
  }

  start(): void {
    if (this.estimator.restore(this.deps.stores.occupancy.load())) {
      this.deps.log.info({}, 'carried on from before the restart');
    }
    this.attached.add(this.deps.bus.on('deviceChanged', ({ state }) => this.estimator.observe(state)));
    // After the broker link: a count carried over from before a restart is published at once.
    this.estimator.start();
  }

  stop(): void {
    this.attached.removeAll();
    this.estimator.stop();
  }
}
