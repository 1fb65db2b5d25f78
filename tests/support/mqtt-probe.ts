/** A test's own MQTT client: publishes like a device and records what the agent publishes. */
import mqtt, { type MqttClient } from 'mqtt';
import { topicMatches } from '../../station-agent/src/mqtt/topic-filter.ts';
import { waitFor } from './wait.ts';

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
  at: number;
}

export class MqttProbe {
  readonly received: Received[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) =>
      this.received.push({ topic, payload: payload.toString(), retain: packet.retain, at: performance.now() }),
    );
  }

  /** `reconnect`: keep reconnecting (and resubscribing) when the broker goes away, as a device would. */
  static async connect(
    url: string,
    subscribe: string[] = [],
    options: { reconnect?: boolean } = {},
  ): Promise<MqttProbe> {
    const client = await mqtt.connectAsync(url, {
      clientId: `yz-test-${Math.random().toString(36).slice(2)}`,
      reconnectPeriod: options.reconnect ? 200 : 0,
    });
    if (subscribe.length > 0) await client.subscribeAsync(subscribe, { qos: 1 });
    return new MqttProbe(client);
  }

  async publish(topic: string, payload: string | Buffer, retain = false): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, retain });
  }

  /** The messages on topics matching `filter`, in arrival order. */
  on(filter: string): Received[] {
    return this.received.filter((m) => topicMatches(filter, m.topic));
  }

  next(filter: string, after = 0, timeoutMs = 5_000): Promise<Received> {
    return waitFor(() => this.on(filter).slice(after)[0], { timeoutMs, what: `a message on ${filter}` });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
