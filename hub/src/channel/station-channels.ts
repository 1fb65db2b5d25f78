/**
 * The hub's end of the live channel: the sockets of the stations connected to this process, requests to a
 * station wherever its socket is held (the relay carries them to the holding process and the answer back),
 * heartbeats both ways, and "your bundle changed" to every connected station when the bundle generation moves.
 * Presence is kept in the store, so every process knows which stations are connected, and a process that
 * dies takes its stations off the channel once it stops saying it is alive.
 */
import { randomUUID } from 'node:crypto';
import {
  CHANNEL_PING_MS,
  CHANNEL_SILENCE_MS,
  type HubMessage,
  readChannelMessage,
  type StationMessage,
  stationMessage,
} from '@yizhan/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Clock } from '../clock.ts';
import type { OfficeFeed } from '../live/office-feed.ts';
import type { HubStore } from '../store.ts';
import type { ChannelRelay, RelayEnvelope } from './relay.ts';

/** A holder renews its liveness this often, and counts as alive three times as long. */
const ALIVE_EVERY_MS = 5_000;
const ALIVE_FOR_MS = 15_000;
/** How often the bundle generation is looked at: a change reaches connected stations within this. */
const BUNDLE_LOOK_MS = 250;
/** How often sessions are looked at for pings to send and silence to end. */
const HEARTBEAT_LOOK_MS = 1_000;
/**
 * Liveness and heartbeats run on the machine's own clock, not the hub's (which tests move): they are about
 * sockets and processes, and every process of a cluster compares them with its own machine's time.
 */
const machineNow = () => Date.now();

/** A request's message without its id, which the channel gives it. */
type Request = HubMessage extends infer M ? (M extends { id: string } ? Omit<M, 'id'> : never) : never;
export type Answer = StationMessage | { type: 'screen.saved'; id: string; takenAt: string };
export type RequestOutcome = { ok: true; answer: Answer } | { ok: false; reason: 'station-offline' | 'no-answer' };

interface Session {
  stationId: string;
  socket: WebSocket;
  lastHeardMs: number;
  lastSentMs: number;
  log: FastifyBaseLogger;
}

interface Pending {
  stationId: string;
  /** The process that asked; this one when it is undefined. */
  from?: string;
  askedBy?: string;
  resolve?(outcome: RequestOutcome): void;
  timer: NodeJS.Timeout;
}

export interface StationChannelsDeps {
  store: HubStore;
  clock: Clock;
  feed: OfficeFeed;
  log: FastifyBaseLogger;
  relay?: ChannelRelay;
}

export class StationChannels {
  readonly holder = randomUUID();
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, Pending>();
  private readonly timers: NodeJS.Timeout[] = [];
  private generation: number | undefined;
  private stopped = false;
  /** Bad frames refused, for the log and the tests. */
  refusedFrames = 0;

  constructor(private readonly deps: StationChannelsDeps) {}

  async start(): Promise<void> {
    await this.deps.relay?.start((envelope) => this.fromRelay(envelope));
    await this.sayAlive();
    this.generation = await this.deps.store.channel.bundleGeneration();
    this.every(ALIVE_EVERY_MS, () => this.sayAlive());
    this.every(BUNDLE_LOOK_MS, () => this.lookAtBundles());
    this.every(HEARTBEAT_LOOK_MS, async () => this.heartbeats());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve?.({ ok: false, reason: 'no-answer' });
      this.pending.delete(id);
    }
    const closing = [...this.sessions.values()].map((s) => this.forget(s));
    for (const session of this.sessions.values()) session.socket.close(1001, 'hub stopping');
    this.sessions.clear();
    await Promise.allSettled(closing);
    await this.deps.relay?.stop();
  }

  /** Connected stations on this process (the bench and the tests count them). */
  get localCount(): number {
    return this.sessions.size;
  }

  /** Whether the station's socket is held by any process at this moment. */
  async isConnected(stationId: string): Promise<boolean> {
    if (this.sessions.has(stationId)) return true;
    return (await this.deps.store.channel.connection(stationId, this.nowIso())) !== undefined;
  }

  /** Takes over a station's new socket: a second connection of the same station replaces the first. */
  attach(stationId: string, socket: WebSocket, log: FastifyBaseLogger): void {
    if (this.stopped) {
      socket.close(1001, 'hub stopping');
      return;
    }
    const now = machineNow();
    const previous = this.sessions.get(stationId);
    const session: Session = { stationId, socket, lastHeardMs: now, lastSentMs: now, log };
    this.sessions.set(stationId, session);
    if (previous) previous.socket.close(4001, 'replaced by a newer connection');
    socket.on('message', (data, isBinary) => {
      session.lastHeardMs = machineNow();
      this.received(session, isBinary ? undefined : data.toString()).catch((err: unknown) =>
        log.error({ err, stationId }, 'live channel message failed'),
      );
    });
    socket.on('close', () => {
      if (this.sessions.get(stationId) !== session) return;
      this.sessions.delete(stationId);
      this.forget(session).catch((err: unknown) => log.warn({ err, stationId }, 'channel presence not cleared'));
    });
    this.deps.store.channel
      .connect(stationId, this.holder, new Date(this.deps.clock()).toISOString())
      .then(() => this.deps.feed.emit({ type: 'station', stationId }))
      .catch((err: unknown) => log.error({ err, stationId }, 'channel presence not recorded'));
    this.send(session, { type: 'welcome', stationId, at: new Date(this.deps.clock()).toISOString() });
  }

  /**
   * Sends a request to the station wherever its socket is held and waits for its answer. `station-offline`:
   * no process holds its socket; `no-answer`: it did not answer within `timeoutMs`.
   */
  async request(stationId: string, request: Request, timeoutMs: number, askedBy?: string): Promise<RequestOutcome> {
    const id = randomUUID();
    const message = { ...request, id } as HubMessage;
    const local = this.sessions.get(stationId);
    let holder: string | undefined;
    if (!local) {
      holder = (await this.deps.store.channel.connection(stationId, this.nowIso()))?.holder;
      if (holder === undefined || holder === this.holder || !this.deps.relay) {
        return { ok: false, reason: 'station-offline' };
      }
    }
    return new Promise<RequestOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, reason: 'no-answer' });
      }, timeoutMs);
      this.pending.set(id, { stationId, askedBy, resolve, timer });
      if (local) this.send(local, message);
      else
        this.deps.relay!.publish({ kind: 'deliver', holder: holder!, from: this.holder, stationId, message, askedBy });
    });
  }

  /** Tells every station connected to this process to fetch its bundle now. */
  bundleChanged(): void {
    for (const session of this.sessions.values()) this.send(session, { type: 'bundle.changed' });
  }

  private async received(session: Session, raw: string | undefined): Promise<void> {
    const read =
      raw === undefined
        ? { ok: false as const, reason: 'binary frames are not read' }
        : readChannelMessage(stationMessage, raw);
    if (!read.ok) {
      // A bad frame is answered and dropped: the channel, and the station's next message, go on.
      this.refusedFrames++;
      session.log.warn({ stationId: session.stationId, reason: read.reason }, 'refused a live channel message');
      this.send(session, { type: 'error', reason: read.reason });
      return;
    }
    const message = read.message;
    const { store, clock, feed } = this.deps;
    const at = new Date(clock()).toISOString();
    switch (message.type) {
      case 'hello':
        await store.phone.setDoorKey(session.stationId, message.doorKey, at);
        await store.channel.setAppliances(session.stationId, this.holder, message.appliances ?? []);
        if (message.kiosk) await store.channel.setKioskHealth(session.stationId, message.kiosk, at);
        return;
      case 'ping':
        this.send(session, { type: 'pong' });
        return;
      case 'pong':
      case 'error':
        return;
      case 'kiosk.health':
        await store.channel.setKioskHealth(session.stationId, message.kiosk, at);
        feed.emit({ type: 'station', stationId: session.stationId });
        return;
      default:
        await this.answered(session, message);
    }
  }

  private async answered(session: Session, message: Extract<StationMessage, { id: string }>): Promise<void> {
    const pending = this.pending.get(message.id);
    // Late (timed out) or never asked: nothing waits for it.
    if (!pending || pending.stationId !== session.stationId) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    let answer: Answer = message;
    if (message.type === 'screen.capture.result' && message.result.ok) {
      // The picture stays in the store (it is too big for the relay); the asker is told it is there.
      const { takenAt } = message.result;
      await this.deps.store.channel.saveScreen(session.stationId, {
        png: Buffer.from(message.result.png, 'base64'),
        takenAt,
        askedBy: pending.askedBy ?? 'office',
      });
      answer = { type: 'screen.saved', id: message.id, takenAt };
    }
    if (pending.from === undefined) pending.resolve?.({ ok: true, answer });
    else this.deps.relay?.publish({ kind: 'answer', holder: pending.from, id: message.id, message: answer });
  }

  private fromRelay(envelope: RelayEnvelope): void {
    if (envelope.holder !== this.holder || this.stopped) return;
    if (envelope.kind === 'answer') {
      const pending = this.pending.get(envelope.id);
      if (!pending) return;
      this.pending.delete(envelope.id);
      clearTimeout(pending.timer);
      const answer = envelope.message;
      // The holder had no socket for the station after all (it had just gone).
      if (answer.type === 'error') pending.resolve?.({ ok: false, reason: 'station-offline' });
      else pending.resolve?.({ ok: true, answer });
      return;
    }
    const { message, stationId, from } = envelope;
    const session = this.sessions.get(stationId);
    const id = 'id' in message ? message.id : undefined;
    if (!session) {
      if (id)
        this.deps.relay?.publish({
          kind: 'answer',
          holder: from,
          id,
          message: { type: 'error', reason: 'not connected here', ref: id },
        });
      return;
    }
    if (id) {
      // Forgotten after a while if the station never answers; the asker has its own timeout.
      const timer = setTimeout(() => this.pending.delete(id), 60_000);
      this.pending.set(id, { stationId, from, askedBy: envelope.askedBy, timer });
    }
    this.send(session, message);
  }

  private send(session: Session, message: HubMessage): void {
    if (session.socket.readyState !== session.socket.OPEN) return;
    session.lastSentMs = machineNow();
    session.socket.send(JSON.stringify(message));
  }

  private heartbeats(): void {
    const now = machineNow();
    for (const session of this.sessions.values()) {
      if (now - session.lastHeardMs > CHANNEL_SILENCE_MS) {
        session.log.warn({ stationId: session.stationId }, 'station silent on its live channel: connection ended');
        session.socket.terminate();
      } else if (now - session.lastSentMs >= CHANNEL_PING_MS) this.send(session, { type: 'ping' });
    }
  }

  private async lookAtBundles(): Promise<void> {
    const generation = await this.deps.store.channel.bundleGeneration();
    if (generation === this.generation) return;
    this.generation = generation;
    this.bundleChanged();
  }

  private sayAlive(): Promise<void> {
    return this.deps.store.channel.holderAlive(this.holder, new Date(machineNow() + ALIVE_FOR_MS).toISOString());
  }

  private async forget(session: Session): Promise<void> {
    if (await this.deps.store.channel.disconnect(session.stationId, this.holder)) {
      this.deps.feed.emit({ type: 'station', stationId: session.stationId });
    }
  }

  private every(ms: number, tick: () => Promise<void> | void): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopped) return;
      running = true;
      Promise.resolve(tick())
        .catch((err: unknown) => this.deps.log.error({ err }, 'live channel upkeep failed'))
        .finally(() => {
          running = false;
        });
    }, ms);
    this.timers.push(timer);
  }

  /** Presence is judged on the machine's clock, as liveness is written. */
  private nowIso(): string {
    return new Date(machineNow()).toISOString();
  }
}
