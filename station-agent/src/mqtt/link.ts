/**
 * One connection to the broker. Handlers are registered by topic filter and survive reconnects; each
 * `subscribe` returns the function that removes exactly that handler (and the broker subscription once no
 * handler is left), so a part that stops leaves nothing behind. Reconnects back off with jitter so a fleet of
 * stations does not hammer a broker that has just come back. The agent keeps two: one for the devices and one
 * for the door (app.ts), so that a flooding device cannot hold a scan behind its messages.
 */
import { type AgentPayload, type AgentTopic, type AgentTopicKey, backoffDelayMs } from '@yizhan/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { PartLog } from '../log.ts';
import { topicMatches } from './topic-filter.ts';

export type MessageHandler = (topic: string, payload: Buffer) => void;

/**
 * The QoS a filter is subscribed with. 1 (the default) for what must get through a flood: door scans,
 * lock answers, availability. 0 for device telemetry: a reading is superseded by the next one, a QoS 1
 * reading would cost a PUBACK each and take a place in the broker's in-flight window (Mosquitto: 20)
 * ahead of the door's messages, and a broker short of room for the agent drops QoS 0 first.
 */
export type SubscriptionQos = 0 | 1;

export interface PublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
}

/** A command to a device in its own firmware's format (a lock's unlock, a plug's switch). */
export interface DeviceCommand {
  topic: string;
  payload: string;
}

/** What a part may do with the broker: subscribe (and later remove exactly that) and publish. */
export interface MqttPort {
  subscribe(filter: string, handler: MessageHandler, qos?: SubscriptionQos): () => void;
  /** An agent-owned topic with the payload its schema describes (shared/src/topics.ts), as JSON. */
  publishJson<K extends AgentTopicKey>(
    topic: AgentTopic<K>,
    payload: NoInfer<AgentPayload<K>>,
    options?: PublishOptions,
  ): Promise<void>;
  /** A device's own format (a lock command): the bytes as they are. */
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): Promise<void>;
  /** Removes a retained message (an empty retained payload, as MQTT spells it). */
  clearRetained(topic: string): Promise<void>;
  readonly connected: boolean;
}

export interface MqttLinkOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /**
   * Retained `online` once the agent has said it is ready (`announceOnline`) and again on each reconnect after;
   * the broker publishes `offline` if the link dies. Only one link of an agent says it.
   */
  status?: { topic: string; online: string; offline: string };
  log: PartLog;
}

const RECONNECT = { firstMs: 500, maxMs: 30_000, jitter: 0.5 };

interface Entry {
  filter: string;
  handler: MessageHandler;
  qos: SubscriptionQos;
}

export class MqttLink implements MqttPort {
  private client: MqttClient | undefined;
  /** Exact topics (most device topics) are found by lookup; only wildcard filters are matched one by one. */
  private readonly exact = new Map<string, Entry[]>();
  private readonly wildcards: Entry[] = [];
  /** The QoS each filter is subscribed with at the broker: the highest its handlers asked for. */
  private readonly qos = new Map<string, SubscriptionQos>();
  private attempts = 0;
  private endFirstWait: (() => void) | undefined;
  /** Subscriptions sent and not yet acknowledged by the broker. */
  private readonly unacked = new Set<Promise<void>>();
  private online = false;

  constructor(private readonly options: MqttLinkOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Registers a handler, before `start()` or after; the returned function removes it. */
  subscribe(filter: string, handler: MessageHandler, qos: SubscriptionQos = 1): () => void {
    const entry: Entry = { filter, handler, qos };
    if (isWildcard(filter)) this.wildcards.push(entry);
    else {
      const list = this.exact.get(filter) ?? [];
      list.push(entry);
      this.exact.set(filter, list);
    }
    const before = this.qos.get(filter);
    if (before === undefined || qos > before) {
      this.qos.set(filter, qos);
      if (this.client) this.track((done) => this.client!.subscribe(filter, { qos }, () => done()));
    }
    return () => this.remove(entry);
  }

  /**
   * Starts connecting; resolves once the first connection is up (or the link is stopped before it is).
   * The link keeps retrying in the background.
   */
  start(): Promise<void> {
    const { url, clientId, username, password, status, log } = this.options;
    const client = mqtt.connect(url, {
      clientId,
      username,
      password,
      clean: true,
      reconnectPeriod: RECONNECT.firstMs,
      connectTimeout: 10_000,
      ...(status ? { will: { topic: status.topic, payload: Buffer.from(status.offline), qos: 1, retain: true } } : {}),
    });
    this.client = client;
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
    client.on('reconnect', () => {
      this.attempts++;
      client.options.reconnectPeriod = backoffDelayMs(this.attempts, RECONNECT);
    });
    client.on('error', (err) => log.warn({ err }, 'broker link error'));
    client.on('offline', () => log.warn({}, 'broker unreachable, reconnecting'));
    return new Promise((resolve) => {
      this.endFirstWait = resolve;
      client.on('connect', () => {
        // Unlock commands and state are small packets: Nagle would hold each one for the previous ACK.
        (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
        this.attempts = 0;
        client.options.reconnectPeriod = RECONNECT.firstMs;
        if (this.qos.size > 0) {
          const filters = Object.fromEntries([...this.qos].map(([filter, qos]) => [filter, { qos }]));
          this.track((done) => client.subscribe(filters, () => done()));
        }
        if (status && this.online) client.publish(status.topic, status.online, { qos: 1, retain: true });
        resolve();
      });
    });
  }

  /** Resolves once the broker has acknowledged every subscription sent so far (or the link has dropped). */
  async subscribed(): Promise<void> {
    await Promise.all([...this.unacked]);
  }

  /** The agent is ready: say `online` now and on every reconnect from here on. */
  announceOnline(): Promise<void> {
    this.online = true;
    const status = this.options.status;
    if (!status || !this.client?.connected) return Promise.resolve();
    return this.publish(status.topic, status.online, { qos: 1, retain: true });
  }

  publishJson<K extends AgentTopicKey>(
    topic: AgentTopic<K>,
    payload: NoInfer<AgentPayload<K>>,
    options: PublishOptions = {},
  ): Promise<void> {
    return this.publish(topic, JSON.stringify(payload), options);
  }

  publish(topic: string, payload: string | Buffer, options: PublishOptions = {}): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('mqtt link not started'));
    return new Promise((resolve, reject) => {
      client.publish(topic, payload, { qos: options.qos ?? 1, retain: options.retain ?? false }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }

  clearRetained(topic: string): Promise<void> {
    return this.publish(topic, '', { retain: true });
  }

  /** Says `offline` itself (a clean stop sends no will), then disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    this.endFirstWait?.();
    if (!client) return;
    this.client = undefined;
    const status = this.options.status;
    if (client.connected && status) {
      await new Promise<void>((resolve) =>
        client.publish(status.topic, status.offline, { qos: 1, retain: true }, () => resolve()),
      );
    }
    await client.endAsync(true);
  }

  /** How many handlers are registered (the tests' check that stopped parts left none behind). */
  handlerCount(): number {
    let n = this.wildcards.length;
    for (const list of this.exact.values()) n += list.length;
    return n;
  }

  private track(send: (done: () => void) => void): void {
    const acked = new Promise<void>((resolve) => send(resolve));
    this.unacked.add(acked);
    void acked.then(() => this.unacked.delete(acked));
  }

  private remove(entry: Entry): void {
    const list = isWildcard(entry.filter) ? this.wildcards : this.exact.get(entry.filter);
    const index = list?.indexOf(entry) ?? -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    if (list !== this.wildcards && list.length === 0) this.exact.delete(entry.filter);
    const left = this.entriesOf(entry.filter);
    if (left.length === 0) {
      this.qos.delete(entry.filter);
      this.client?.unsubscribe(entry.filter);
    } else {
      // The broker keeps the higher QoS until a reconnect: harmless, and cheaper than a resubscribe.
      this.qos.set(entry.filter, Math.max(...left.map((e) => e.qos)) as SubscriptionQos);
    }
  }

  private entriesOf(filter: string): Entry[] {
    return isWildcard(filter) ? this.wildcards.filter((e) => e.filter === filter) : (this.exact.get(filter) ?? []);
  }

  private dispatch(topic: string, payload: Buffer): void {
    const exact = this.exact.get(topic);
    if (exact) for (const entry of [...exact]) this.call(entry, topic, payload);
    for (const entry of this.wildcards) if (topicMatches(entry.filter, topic)) this.call(entry, topic, payload);
  }

  private call(entry: Entry, topic: string, payload: Buffer): void {
    try {
      entry.handler(topic, payload);
    } catch (err) {
      // One bad message must not stop the link; the handler's owner reports its own errors.
      this.options.log.warn({ err, filter: entry.filter, topic }, 'a message handler failed');
    }
  }
}

const isWildcard = (filter: string) => filter.includes('+') || filter.includes('#');
