/**
 * The agent's one connection to the broker. Handlers are registered by topic filter and survive
 * reconnects (mqtt.js resubscribes); reconnects back off exponentially with jitter so a fleet of
 * stations does not hammer a broker that has just come back.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { topicMatches } from './topic-filter.ts';

export type MessageHandler = (topic: string, payload: Buffer) => void;

/**
 * The QoS a filter is subscribed with. 1 (the default) for what must get through a flood: door scans,
 * lock answers, availability. 0 for device telemetry: a reading is superseded by the next one, a QoS 1
 * reading would cost a PUBACK each and take a place in the broker's in-flight window (Mosquitto: 20)
 * ahead of the door's messages, and a broker short of room for the agent drops QoS 0 first.
 */
export type SubscriptionQos = 0 | 1;

export interface MqttLinkOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Retained on connect; the broker publishes `will` if the link dies. */
  status: { topic: string; online: string; offline: string };
  log: { info(msg: string): void; warn(msg: string): void };
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export class MqttLink {
  private client: MqttClient | undefined;
  /** Exact topics (most device topics) are found by lookup; only wildcard filters are matched one by one. */
  private readonly exact = new Map<string, { filter: string; handler: MessageHandler }[]>();
  private readonly wildcards: { filter: string; handler: MessageHandler }[] = [];
  /** The highest QoS asked for each filter. */
  private readonly qos = new Map<string, SubscriptionQos>();
  private attempts = 0;
  private connectedOnce: Promise<void> | undefined;

  constructor(private readonly options: MqttLinkOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Registers a handler; call before `start()` or after, both work. */
  subscribe(filter: string, handler: MessageHandler, qos: SubscriptionQos = 1): void {
    const entry = { filter, handler };
    qos = Math.max(qos, this.qos.get(filter) ?? 0) as SubscriptionQos;
    this.qos.set(filter, qos);
    if (filter.includes('+') || filter.includes('#')) this.wildcards.push(entry);
    else {
      const list = this.exact.get(filter) ?? [];
      list.push(entry);
      this.exact.set(filter, list);
    }
    this.client?.subscribe(filter, { qos });
  }

  /** Starts connecting; resolves once the first connection is up. The link keeps retrying in the background. */
  start(): Promise<void> {
    const { url, clientId, username, password, status } = this.options;
    const client = mqtt.connect(url, {
      clientId,
      username,
      password,
      clean: true,
      reconnectPeriod: BACKOFF_BASE_MS,
      connectTimeout: 10_000,
      will: { topic: status.topic, payload: Buffer.from(status.offline), qos: 1, retain: true },
    });
    this.client = client;
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
    client.on('reconnect', () => {
      this.attempts++;
      client.options.reconnectPeriod = nextDelay(this.attempts);
    });
    client.on('error', (err) => this.options.log.warn(`mqtt: ${err.message}`));
    client.on('offline', () => this.options.log.warn('mqtt: broker unreachable, reconnecting'));
    this.connectedOnce = new Promise((resolve) => {
      client.on('connect', () => {
        // Unlock commands and state are small packets: Nagle would hold each one for the previous ACK.
        (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
        this.attempts = 0;
        client.options.reconnectPeriod = BACKOFF_BASE_MS;
        if (this.qos.size > 0) {
          client.subscribe(Object.fromEntries([...this.qos].map(([filter, qos]) => [filter, { qos }])));
        }
        client.publish(status.topic, status.online, { qos: 1, retain: true });
        resolve();
      });
    });
    return this.connectedOnce;
  }

  publish(topic: string, payload: string | Buffer, options: { retain?: boolean; qos?: 0 | 1 } = {}): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('mqtt link not started'));
    return new Promise((resolve, reject) => {
      client.publish(topic, payload, { qos: options.qos ?? 1, retain: options.retain ?? false }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }

  /** Says `offline` itself (a clean stop sends no will), then disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    if (client.connected) {
      await new Promise<void>((resolve) =>
        client.publish(this.options.status.topic, this.options.status.offline, { qos: 1, retain: true }, () =>
          resolve(),
        ),
      );
    }
    await client.endAsync(true);
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const entry of this.exact.get(topic) ?? []) this.call(entry, topic, payload);
    for (const entry of this.wildcards) if (topicMatches(entry.filter, topic)) this.call(entry, topic, payload);
  }

  private call(entry: { filter: string; handler: MessageHandler }, topic: string, payload: Buffer): void {
    try {
      entry.handler(topic, payload);
    } catch (err) {
      // One bad message must not stop the link; the handler's owner reports its own errors.
      this.options.log.warn(`mqtt: handler for ${entry.filter} failed on ${topic}: ${(err as Error).message}`);
    }
  }
}

function nextDelay(attempt: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
