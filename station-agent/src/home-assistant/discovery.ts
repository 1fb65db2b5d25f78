/**
 * Home Assistant discovery as a part of the agent (opt-in: `homeAssistant.discovery`). It publishes each
 * device's discovery config retained, removes those of devices that have left the config (or all of them once
 * discovery is turned off) with an empty retained message, and publishes them again whenever Home Assistant
 * says `online` on its status topic (it has restarted and forgotten them).
 */
import { homeAssistantTopics } from '@yizhan/shared';
import type { AgentConfig, DeviceConfig } from '../config.ts';
import type { PartLog } from '../log.ts';
import type { MqttPort } from '../mqtt/link.ts';
import { type AgentPart, Attachments } from '../part.ts';
import type { HomeAssistantConfigs } from '../store/home-assistant-configs.ts';
import { discoveryConfigs } from './discovery-configs.ts';

export interface HomeAssistantDeps {
  config: AgentConfig;
  devices: readonly DeviceConfig[];
  link: MqttPort;
  /** The topics published before are kept in the station's file. */
  stores: { homeAssistant: HomeAssistantConfigs };
  log: PartLog;
}

export class HomeAssistantDiscovery implements AgentPart {
  readonly name = 'home assistant';
  private readonly attached = new Attachments();

  constructor(private readonly deps: HomeAssistantDeps) {}

  async start(): Promise<void> {
    const { config, devices, link, log } = this.deps;
    const store = this.deps.stores.homeAssistant;
    const configs = config.homeAssistant.discovery ? discoveryConfigs(config, devices) : new Map();
    for (const topic of store.published()) {
      if (configs.has(topic)) continue;
      await link.clearRetained(topic);
      store.forget(topic);
    }
    if (configs.size === 0) return;
    const publishAll = async () => {
      for (const [topic, message] of configs) {
        await link.publishJson(topic, message, { retain: true });
        store.add(topic);
      }
    };
    this.attached.add(
      link.subscribe(homeAssistantTopics(config.homeAssistant.prefix).status, (_t, payload) => {
        if (payload.toString().trim() !== 'online') return;
        publishAll().catch((err: Error) => log.warn({ err }, 'discovery not published again'));
      }),
    );
    await publishAll();
    log.info({ devices: configs.size }, 'discovery published');
  }

  stop(): void {
    this.attached.removeAll();
  }
}
