/**
 * Outbox → hub, bundle ← hub. Runs on its own timer, never on the door's path: the station keeps
 * working for days without the hub, and what it kept is sent when the hub answers again.
 */
import { backoffDelayMs, bundle as bundleSchema, syncResponse } from '@yizhan/shared';
import type { AgentConfig } from '../config.ts';
import type { EventBus } from '../event-bus.ts';
import type { PartLog } from '../log.ts';
import { type AgentPart, Attachments } from '../part.ts';
import type { BundleCache } from '../store/bundle-cache.ts';
import type { Outbox } from '../store/outbox.ts';

/** Acked events stay this long in the station's own database, for audits on site. */
const ACKED_RETENTION_MS = 7 * 24 * 3600_000;
const RETRY_MAX_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** However many unknown-key codes are scanned, the bundle is checked at most this often on their account. */
const UNKNOWN_KEY_CHECK_MS = 10_000;

export interface HubSyncDeps {
  hub: NonNullable<AgentConfig['hub']>;
  stationId: string;
  outbox: Outbox;
  bundle: BundleCache;
  /** Heard: new outbox events (sync soon), door results (an unknown key asks for the bundle). Said: `bundle`. */
  bus: EventBus;
  log: PartLog;
  now(): number;
}

export class HubSync implements AgentPart {
  readonly name = 'sync';
  private readonly attached = new Attachments();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private stopped = true;
  /** Events arrived while a round was running: start the next round at once. */
  private again = false;
  /** When (monotonic ms) the bundle is next to be checked; 0: at the next round. */
  private bundleDueAt = 0;
  /** When (monotonic ms) an unknown key last asked for a check: a run of such codes asks once per 10 s. */
  private unknownKeyCheckAt: number | undefined;
  /** Counts asks for a check, so that one made while a check is on its way is not taken as answered by it. */
  private bundleAsks = 0;
  private readonly abort = new AbortController();

  constructor(private readonly deps: HubSyncDeps) {}

  start(): void {
    const { bus } = this.deps;
    this.attached.add(
      bus.on('outbox', () => this.nudge()),
      bus.on('door', (result) => {
        if (!result.ok && result.reason === 'unknown-key') this.checkBundleSoon();
      }),
    );
    this.stopped = false;
    this.schedule(0);
  }

  /** New events are waiting: sync soon rather than at the next interval. */
  nudge(): void {
    if (this.stopped || this.failures > 0) return;
    if (this.running) this.again = true;
    else this.schedule(50);
  }

  /**
   * A code signed by a key this station does not know: the hub may have rotated its key since the last
   * bundle. Check the bundle now, so that the worker's next try (their page renews the code) is let in.
   */
  checkBundleSoon(): void {
    const now = performance.now();
    const since = this.unknownKeyCheckAt === undefined ? Number.POSITIVE_INFINITY : now - this.unknownKeyCheckAt;
    if (since < 0 || since >= UNKNOWN_KEY_CHECK_MS) {
      this.unknownKeyCheckAt = now;
      this.bundleDueAt = 0;
      this.bundleAsks++;
    }
    this.nudge();
  }

  /** The hub said the bundle changed (over the live channel): check it now, not at the next interval. */
  checkBundleNow(): void {
    if (this.stopped) return;
    this.bundleDueAt = 0;
    this.bundleAsks++;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.attached.removeAll();
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  /**
   * One round: fetch the bundle if it is time to check it and it changed, then send pending batches until
   * none is left. The bundle is checked on its own, slower interval: a round runs every few seconds and after
   * every visit, and at 10,000 stations a check per round would be ~2,000 requests a second of 304s.
   */
  async syncOnce(): Promise<void> {
    if (this.bundleDue()) await this.pullBundle();
    const { outbox, hub } = this.deps;
    for (;;) {
      const events = outbox.pending(hub.batchSize);
      if (events.length === 0) return;
      const body = await this.request('POST', '/api/v1/sync', { epoch: outbox.epoch, events });
      const { ackSeq } = syncResponse.parse(await body.json());
      outbox.acknowledge(ackSeq, new Date(this.deps.now()), ACKED_RETENTION_MS);
      // The hub holds nothing past a gap we cannot fill by resending: stop rather than spin.
      if (ackSeq < events[events.length - 1]!.seq) return;
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.syncOnce()
        .then(() => {
          this.failures = 0;
        })
        .catch((err: Error) => {
          if (this.stopped) return;
          this.failures++;
          this.deps.log.warn({ err, attempt: this.failures }, 'the hub could not be reached or refused; will retry');
        })
        .finally(() => {
          this.running = undefined;
          const delay = this.again && this.failures === 0 ? 0 : this.nextDelay();
          this.again = false;
          if (!this.stopped) this.schedule(delay);
        });
    }, delayMs);
  }

  private nextDelay(): number {
    const base = this.deps.hub.syncIntervalSeconds * 1000;
    if (this.failures === 0) return base;
    return backoffDelayMs(this.failures, { firstMs: base, maxMs: RETRY_MAX_MS, jitter: 0.5 });
  }

  /** On the monotonic clock, so that a wall-clock jump neither stops the checks nor starts a burst of them. */
  private bundleDue(): boolean {
    const left = this.bundleDueAt - performance.now();
    // More left than a whole interval: the clock behind performance.now() was set back (as libfaketime can).
    return left <= 0 || left > this.deps.hub.bundleIntervalSeconds * 1000;
  }

  private async pullBundle(): Promise<void> {
    const asks = this.bundleAsks;
    const current = this.deps.bundle.current();
    const headers: Record<string, string> = current ? { 'if-none-match': `"${current.version}"` } : {};
    const res = await this.request('GET', `/api/v1/stations/${this.deps.stationId}/bundle`, undefined, headers);
    if (res.status !== 304) {
      const parsed = bundleSchema.safeParse(await res.json());
      if (!parsed.success) throw new Error(`hub sent an invalid bundle: ${parsed.error.issues[0]?.message}`);
      this.deps.bundle.save(parsed.data, new Date(this.deps.now()));
      this.deps.bus.emit('bundle', undefined);
    }
    // Asked again while this check was on its way (a newer key may have come after it): check at the next round.
    if (asks === this.bundleAsks) this.bundleDueAt = performance.now() + this.deps.hub.bundleIntervalSeconds * 1000;
  }

  private async request(method: string, path: string, json?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(new URL(path, this.deps.hub.url), {
      method,
      headers: {
        authorization: `Bearer ${this.deps.hub.token}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: json === undefined ? null : JSON.stringify(json),
      signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    if (res.status >= 400) {
      const text = await res.text();
      throw new Error(`hub answered ${res.status} to ${method} ${path}: ${text.slice(0, 200)}`);
    }
    return res;
  }
}
