import type { AgentConfig } from './config.ts';
import type { EventBus } from './event-bus.ts';
import type { PartLog } from './log.ts';
import type { StationStores } from './store/station-stores.ts';

/**
 * The agent is a list of parts (app.ts). A part's constructor only stores what it is given; `start()` makes
 * its subscriptions (bus listeners, MQTT handlers, timers) and `stop()` removes exactly those, as Zigbee2MQTT's
 * extensions do. The agent starts its parts in order and stops them in reverse.
 */
export interface AgentPart {
  /** For the log: which part failed to start or stop. */
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** What every part is built with: the config, the bus between parts, the station's stores, its log, the clock. */
export interface PartContext {
  config: AgentConfig;
  bus: EventBus;
  stores: StationStores;
  log: PartLog;
  now(): number;
}

/** What a part added, each as the function that removes it: `removeAll()` undoes them, last first. */
export class Attachments {
  private readonly undo: (() => void)[] = [];

  add(...removers: (() => void)[]): void {
    this.undo.push(...removers);
  }

  /** A repeating timer that goes with the rest. */
  every(ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    this.undo.push(() => clearInterval(timer));
  }

  removeAll(): void {
    for (const remove of this.undo.splice(0).reverse()) remove();
  }
}

/**
 * Parts started in order and stopped in reverse. `stop()` may come while a part is still starting (a signal
 * during start-up, or the station claim giving way): that part is stopped (which ends its waits), waited for,
 * and stopped again for what its start did after the first stop, so `stop()` of a part must be idempotent.
 */
export class PartList {
  private readonly started: AgentPart[] = [];
  private starting: { part: AgentPart; done: Promise<unknown> } | undefined;
  private stopping = false;

  constructor(
    private readonly parts: readonly AgentPart[],
    private readonly log: { error(fields: object, message: string): void },
  ) {}

  /** Starts each part in turn until the last, or until `enough()` says the rest must not start. */
  async start(enough: () => boolean = () => false): Promise<void> {
    for (const part of this.parts) {
      if (this.stopping) return;
      const done = Promise.resolve(part.start());
      this.starting = { part, done };
      await done;
      this.starting = undefined;
      if (this.stopping) return;
      this.started.push(part);
      if (enough()) return;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const inFlight = this.starting;
    if (inFlight) {
      await this.stopOne(inFlight.part);
      await inFlight.done.catch(() => undefined);
      await this.stopOne(inFlight.part);
    }
    for (const part of this.started.splice(0).reverse()) await this.stopOne(part);
  }

  private async stopOne(part: AgentPart): Promise<void> {
    try {
      await part.stop();
    } catch (err) {
      this.log.error({ err, part: part.name }, 'did not stop cleanly');
    }
  }
}
