/**
 * Occupancy as a part of the agent: the estimate follows every device change, is kept for a restart, goes out
 * retained on `yizhan/{station}/occupancy` and on the bus, and is sampled to the hub.
 */
import { agentTopics, type Occupancy } from '@yizhan/shared';
import type { DeviceConfig } from '../config.ts';
import { onceAMinute } from '../log.ts';
import type { MqttPort } from '../mqtt/link.ts';
import { type AgentPart, Attachments, type PartContext } from '../part.ts';
import { OccupancyEstimator } from './occupancy.ts';

export interface OccupancyPartDeps extends PartContext {
  devices: readonly DeviceConfig[];
  link: MqttPort;
}

/**
 * A change of the count goes to the hub at most this often (the office's live figure), the last one of a burst
 * after the wait: a busy door makes a few rows a minute, not one per person.
 */
export const CHANGE_SAMPLE_MS = 15_000;

export class OccupancyPart implements AgentPart {
  readonly name = 'occupancy';
  readonly estimator: OccupancyEstimator;
  private readonly attached = new Attachments();
  private readonly append: (o: Occupancy, changed: boolean) => void;
  private lastChangeSentAt = Number.NEGATIVE_INFINITY;
  private changeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: OccupancyPartDeps) {
    const { config, devices, link, bus, stores, log, now } = deps;
    const topic = agentTopics(config.station.id).occupancy;
    const sampleFailed = onceAMinute(log);
    // Reached from timers: a write that fails (a full disk) is reported, not thrown there.
    this.append = (o, changed) => {
      try {
        stores.outbox.append('occupancy.sample', new Date(o.updatedAt), {
          inside: o.inside,
          capacity: o.capacity,
          ...(changed ? { changed: true } : {}),
        });
      } catch (err) {
        sampleFailed(err as Error, 'an occupancy sample could not be kept for the hub');
      }
    };
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
        changed: (occupancy) => {
          link.publishJson(topic, occupancy, { retain: true }).catch((err: Error) => {
            log.warn({ err }, 'occupancy not published');
          });
          bus.emit('occupancy', occupancy);
          this.changeSoon();
        },
        sample: (o) => this.append(o, false),
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
    // The office learns the count at once, not a quarter of an hour later: a first sample as the agent starts
    // (a timer sample, so the day has an average too), and changes from then on.
    if (this.estimator.hasSources) this.append(this.estimator.current, false);
  }

  stop(): void {
    this.attached.removeAll();
    this.estimator.stop();
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
  }

  /** The count changed: sent now, or once the wait since the last one is over (then with the count of that time). */
  private changeSoon(): void {
    if (this.changeTimer) return;
    const wait = this.lastChangeSentAt + CHANGE_SAMPLE_MS - this.deps.now();
    if (wait <= 0) this.sendChange();
    else
      this.changeTimer = setTimeout(() => {
        this.changeTimer = undefined;
        this.sendChange();
      }, wait);
  }

  private sendChange(): void {
    this.lastChangeSentAt = this.deps.now();
    this.append(this.estimator.current, true);
  }
}
