/**
 * The agent's broker (the embedded one when the config names none) and its two links to it: one for the
 * devices, the agent's status and everything it publishes about them, and one for the door alone (scanner,
 * lock, results). A broker delivers each connection's messages in order, so on a shared link a flooding
 * device's backlog would stand between a scan and the agent; on its own link the scan waits for nothing.
 */
import { agentTopics } from '@yizhan/shared';
import type { AgentConfig } from '../config.ts';
import type { PartLog } from '../log.ts';
import type { AgentPart } from '../part.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';
import { MqttLink } from './link.ts';

export class BrokerLinks implements AgentPart {
  readonly name = 'broker';
  readonly devices: MqttLink;
  readonly door: MqttLink;
  private broker: EmbeddedBroker | undefined;

  constructor(
    private readonly config: AgentConfig,
    log: PartLog & { child(fields: object): PartLog },
  ) {
    const { mqtt, station } = config;
    const url = mqtt.url ?? `mqtt://127.0.0.1:${mqtt.embeddedPort}`;
    // Unique per process: two agents never kick each other off the broker.
    const clientId = `yizhan-agent-${station.id}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const account = { url, username: mqtt.username, password: mqtt.password };
    const status = agentTopics(station.id).status;
    this.devices = new MqttLink({
      ...account,
      clientId,
      status: { topic: status, online: 'online', offline: 'offline' },
      log: log.child({ link: 'devices' }),
    });
    this.door = new MqttLink({ ...account, clientId: `${clientId}-door`, log: log.child({ link: 'door' }) });
  }

  get connected(): boolean {
    return this.devices.connected && this.door.connected;
  }

  /** Resolves once both links are up (and the embedded broker, if any, is listening). */
  async start(): Promise<void> {
    if (!this.config.mqtt.url) this.broker = await startEmbeddedBroker({ port: this.config.mqtt.embeddedPort });
    await Promise.all([this.devices.start(), this.door.start()]);
  }

  /**
   * The last part of the agent's start: once the broker has every subscription the parts made (the door's scan
   * topic among them), the agent says `online`; a scanner or a test that waits for it misses no scan.
   */
  readonly announcement: AgentPart = {
    name: 'online',
    start: async () => {
      await Promise.all([this.devices.subscribed(), this.door.subscribed()]);
      await this.devices.announceOnline();
    },
    stop: () => {},
  };

  async stop(): Promise<void> {
    await Promise.all([this.door.stop(), this.devices.stop()]);
    await this.broker?.close();
    this.broker = undefined;
  }
}
