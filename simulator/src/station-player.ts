/**
 * Plays a station's day (station-day.ts) on a broker in real time, or faster with `speed`: each
 * round publishes what the devices would have said since the last one; workers arriving at the door
 * also scan a member code when a code source is given.
 */
import { agentTopics } from '@yizhan/shared';
import type { MqttClient } from 'mqtt';
import type { Publication } from './payloads.ts';
import { type DayDevice, seededRandom, simulateDay, type TimedPublication } from './station-day.ts';

export type SimulatedDevice = DayDevice;

export interface PlayerOptions {
  stationId: string;
  devices: readonly SimulatedDevice[];
  /** Seconds between rounds. */
  periodSeconds?: number;
  /** Simulated seconds per real second (1 = real time). */
  speed?: number;
  /** Returns a fresh member code for a worker arriving at the door (the hub issues it asynchronously). */
  nextMemberCode?: () => Promise<string>;
  /** A code that could not be had: that worker does not scan. */
  onCodeError?: (err: unknown) => void;
  random?: () => number;
  /** The station's UTC offset in minutes, for its local day (default +480, China). */
  utcOffsetMinutes?: number;
  now?: () => number;
}

export class StationPlayer {
  private timer: NodeJS.Timeout | undefined;
  private readonly random: () => number;
  private readonly now: () => number;
  private day: TimedPublication[] = [];
  private dayFrom = 0;
  private next = 0;
  private startedAt = 0;
  private simulatedStart = 0;
  private lastCounterIn: number | undefined;

  constructor(
    private readonly client: MqttClient,
    private readonly options: PlayerOptions,
  ) {
    this.random = options.random ?? seededRandom(Date.now() % 100_000);
    this.now = options.now ?? Date.now;
  }

  /** The simulated moment now. */
  simulatedNow(): number {
    return this.simulatedStart + (this.now() - this.startedAt) * (this.options.speed ?? 1);
  }

  start(): void {
    this.startedAt = this.now();
    this.simulatedStart = this.startedAt;
    this.plan(this.simulatedStart);
    // Everything before "now" today has happened; start from the present, announcing devices online.
    this.next = this.day.findIndex((p) => p.at >= this.simulatedStart);
    if (this.next < 0) this.next = this.day.length;
    for (const p of this.day.filter((x) => x.at === this.dayFrom)) this.publish(p);
    this.round();
    this.timer = setInterval(() => this.round(), (this.options.periodSeconds ?? 3) * 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private plan(at: number): void {
    const offset = (this.options.utcOffsetMinutes ?? 480) * 60_000;
    this.dayFrom = Math.floor((at + offset) / 86_400_000) * 86_400_000 - offset;
    this.day = simulateDay(this.options.devices, { from: this.dayFrom, random: this.random });
    this.next = 0;
  }

  private round(): void {
    const now = this.simulatedNow();
    if (now >= this.dayFrom + 86_400_000) this.plan(now);
    const counterTopics = new Set(
      this.options.devices.filter((d) => d.kind === 'people-counter').map((d) => d.source.topic),
    );
    while (this.next < this.day.length && this.day[this.next]!.at <= now) {
      const p = this.day[this.next++]!;
      this.publish(p);
      if (counterTopics.has(p.topic)) {
        const { in: total } = JSON.parse(p.payload) as { in: number };
        // Each worker counted in scans at the door (a few per round at most).
        const arrived = this.lastCounterIn === undefined ? 0 : Math.min(3, total - this.lastCounterIn);
        for (let i = 0; i < arrived; i++) this.scan();
        this.lastCounterIn = total;
      }
    }
    if (counterTopics.size === 0 && this.random() < 0.3) this.scan();
  }

  private scan(): void {
    const code = this.options.nextMemberCode;
    if (!code) return;
    code().then(
      (payload) => this.publish({ topic: agentTopics(this.options.stationId).doorScan, payload }),
      (err: unknown) => this.options.onCodeError?.(err),
    );
  }

  private publish(p: Publication): void {
    this.client.publish(p.topic, p.payload, { qos: 0, retain: p.retain ?? false });
  }
}
