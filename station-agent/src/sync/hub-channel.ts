/**
 * The station's end of the live channel (DESIGN.md, "The live channel"): one WebSocket to the hub's
 * `/api/v1/stations/{id}/live` with the station token, kept open: reconnected with the product's backoff and
 * jitter, heartbeats both ways, every frame checked by its schema (a bad one is answered and dropped, the channel
 * stays). Over it the hub says "your bundle changed", relays phone admissions, switches appliances and asks for
 * a picture of the kiosk's screen. An accelerator only: without it the station works as before.
 */
import {
  backoffDelayMs,
  CHANNEL_MAX_HUB_MESSAGE,
  CHANNEL_PING_MS,
  CHANNEL_SILENCE_MS,
  type DoorResult,
  type HubMessage,
  hubMessage,
  type KioskHealth,
  readChannelMessage,
  type StationMessage,
  type SwitchableAppliance,
} from '@yizhan/shared';
import WebSocket from 'ws';
import type { AgentConfig } from '../config.ts';
import type { EventBus } from '../event-bus.ts';
import type { PartLog } from '../log.ts';
import { type AgentPart, Attachments } from '../part.ts';

/** A lost channel is tried again after 1 s, doubling to a minute, each spread ±50 % (a fleet that lost one hub). */
export const CHANNEL_BACKOFF = { firstMs: 1_000, maxMs: 60_000, jitter: 0.5 };
const HEARTBEAT_LOOK_MS = 1_000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

type PowerResult = Extract<StationMessage, { type: 'appliance.power.result' }>['result'];
type ScreenResult = Extract<StationMessage, { type: 'screen.capture.result' }>['result'];

/** What the channel asks of the rest of the agent. */
export interface ChannelHandlers {
  /** A phone admission: verified, recorded and the door opened (door/door.ts), or refused. */
  admit(admission: string): Promise<DoorResult>;
  /** The bundle changed at the hub: fetch it now. */
  bundleChanged(): void;
  power(device: string, on: boolean, by: string): Promise<PowerResult>;
  captureScreen(): Promise<ScreenResult>;
  kioskHealth(): KioskHealth;
}

export interface HubChannelDeps {
  hub: NonNullable<AgentConfig['hub']>;
  stationId: string;
  /** The public half of the station's door key (the hub checks door QR codes with it). */
  doorKey: string;
  /** The appliances on plugs the office may switch, said with the hello. */
  appliances?: readonly SwitchableAppliance[];
  handlers: ChannelHandlers;
  /** Said: `hubChannel` (up or down). Heard: `kioskHealth`, passed on to the hub. */
  bus: EventBus;
  log: PartLog;
  /** Injected by tests that stand in for a bad network. */
  random?: () => number;
}

export class HubChannel implements AgentPart {
  readonly name = 'hub channel';
  private readonly attached = new Attachments();
  private socket: WebSocket | undefined;
  private retry: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = true;
  private up = false;
  private lastHeard = 0;
  private lastSent = 0;
  private welcomed = false;
  /** Frames from the hub that were refused (malformed); for /metrics and tests. */
  refusedFrames = 0;

  constructor(private readonly deps: HubChannelDeps) {}

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    this.stopped = false;
    this.attached.add(this.deps.bus.on('kioskHealth', (kiosk) => this.send({ type: 'kiosk.health', kiosk })));
    this.attached.every(HEARTBEAT_LOOK_MS, () => this.heartbeat());
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.attached.removeAll();
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners();
    // An error after our close (the hub gone mid-handshake) must not become an unhandled one.
    socket?.on('error', () => undefined);
    socket?.terminate();
    this.setUp(false);
  }

  private connect(): void {
    const { hub, stationId } = this.deps;
    const url = new URL(`/api/v1/stations/${stationId}/live`, hub.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${hub.token}` },
      maxPayload: CHANNEL_MAX_HUB_MESSAGE,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    this.socket = socket;
    socket.on('open', () => {
      this.lastHeard = performance.now();
      this.send({
        type: 'hello',
        doorKey: this.deps.doorKey,
        kiosk: this.deps.handlers.kioskHealth(),
        appliances: [...(this.deps.appliances ?? [])],
      });
    });
    socket.on('message', (data, isBinary) => {
      this.lastHeard = performance.now();
      this.received(isBinary ? undefined : data.toString());
    });
    socket.on('unexpected-response', (_req, res) => {
      // A refusal (a bad token: 401, another station's: 403) is logged and retried like any loss, more slowly.
      this.deps.log.warn({ status: res.statusCode }, 'the hub refused the live channel');
      socket.terminate();
    });
    let failure: Error | undefined;
    // Always followed by close, where it is told with the retry.
    socket.on('error', (err) => {
      failure = err;
    });
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.setUp(false);
      if (this.stopped) return;
      const delay = backoffDelayMs(this.attempt++, CHANNEL_BACKOFF, this.deps.random);
      this.deps.log.warn({ err: failure, code, retryInMs: delay }, 'live channel to the hub lost; will retry');
      this.retry = setTimeout(() => this.connect(), delay);
    });
  }

  private received(raw: string | undefined): void {
    const read =
      raw === undefined
        ? { ok: false as const, reason: 'binary frames are not read' }
        : readChannelMessage(hubMessage, raw);
    if (!read.ok) {
      this.refusedFrames++;
      this.deps.log.warn({ reason: read.reason }, 'refused a live channel message from the hub');
      this.send({ type: 'error', reason: read.reason });
      return;
    }
    this.handle(read.message).catch((err: Error) => this.deps.log.error({ err }, 'live channel request failed'));
  }

  private async handle(message: HubMessage): Promise<void> {
    const { handlers } = this.deps;
    switch (message.type) {
      case 'welcome':
        this.attempt = 0;
        this.setUp(true);
        // Anything that changed while the channel was down. The first welcome comes as the sync makes its own
        // check at start: asking again then would only double it.
        if (this.welcomed) handlers.bundleChanged();
        this.welcomed = true;
        return;
      case 'ping':
        this.send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'error':
        this.deps.log.warn({ reason: message.reason }, 'the hub refused a live channel message');
        return;
      case 'bundle.changed':
        handlers.bundleChanged();
        return;
      case 'admission': {
        const result = await handlers.admit(message.admission);
        if (!result.ok) this.deps.log.warn({ reason: result.reason }, 'a phone admission was refused');
        this.send({ type: 'admission.result', id: message.id, result });
        return;
      }
      case 'appliance.power': {
        const result = await handlers.power(message.device, message.on, message.by);
        this.send({ type: 'appliance.power.result', id: message.id, result });
        return;
      }
      case 'screen.capture': {
        const result = await handlers.captureScreen();
        this.send({ type: 'screen.capture.result', id: message.id, result });
        return;
      }
    }
  }

  private send(message: StationMessage): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    this.lastSent = performance.now();
    socket.send(JSON.stringify(message));
  }

  private heartbeat(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    if (now - this.lastHeard > CHANNEL_SILENCE_MS) {
      this.deps.log.warn({}, 'the hub is silent on the live channel: reconnecting');
      socket.terminate();
    } else if (now - this.lastSent >= CHANNEL_PING_MS) this.send({ type: 'ping' });
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.deps.bus.emit('hubChannel', up);
    this.deps.log.info({ up }, up ? 'live channel to the hub is up' : 'live channel to the hub is down');
  }
}
