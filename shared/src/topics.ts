/**
 * Every MQTT topic Yizhan reads or writes is spelled here, and only here.
 * Agent-owned topics live under `yizhan/{station}/…`; device topics follow each firmware's own convention.
 * Each JSON topic the agent publishes carries the key of its payload schema in its type (`AgentTopic<K>`), so
 * the agent's `publishJson` accepts a topic only with the payload that belongs on it (as Zigbee2MQTT's
 * `Zigbee2MQTTAPI` map does).
 */
import { z } from 'zod';
import { homeAssistantDeviceConfig } from './home-assistant.ts';
import { deviceState, doorResult, lockOutcome, occupancy } from './live.ts';

export const ROOT = 'yizhan';

/** The retained payload of `yizhan/{station}/agent/claim`: which agent (by its database's epoch) runs the station. */
export const stationClaim = z.object({ epoch: z.string().min(1).max(64), startedAt: z.number(), at: z.number() });
export type StationClaimMessage = z.infer<typeof stationClaim>;

/** The payload schema of each agent-owned JSON topic. */
export const agentTopicPayloads = {
  claim: stationClaim,
  state: deviceState,
  occupancy,
  doorResult,
  doorLock: lockOutcome,
  homeAssistantDevice: homeAssistantDeviceConfig,
} as const;
export type AgentTopicKey = keyof typeof agentTopicPayloads;
export type AgentPayload<K extends AgentTopicKey> = z.infer<(typeof agentTopicPayloads)[K]>;

declare const payloadKey: unique symbol;
/** A topic that says which payload goes on it; still a plain string to everything else. */
export type AgentTopic<K extends AgentTopicKey> = string & { readonly [payloadKey]: K };
const typed = <K extends AgentTopicKey>(_key: K, topic: string) => topic as AgentTopic<K>;

export const agentTopics = (station: string) => {
  const base = `${ROOT}/${station}`;
  return {
    /** Retained `online`; the agent's will sets `offline`. Plain text. */
    status: `${base}/agent/status`,
    /** Retained: see `stationClaim` and station-claim.ts. */
    claim: typed('claim', `${base}/agent/claim`),
    state: (device: string) => typed('state', `${base}/state/${device}`),
    occupancy: typed('occupancy', `${base}/occupancy`),
    /** The scanner's: the code as text, or `{"code":"…"}`. */
    doorScan: `${base}/door/scan`,
    doorResult: typed('doorResult', `${base}/door/result`),
    doorLock: typed('doorLock', `${base}/door/lock`),
  } as const;
};

/**
 * Home Assistant's discovery topics under its prefix (default `homeassistant`): a device's config, and the
 * status topic where Home Assistant says `online` when it (re)starts, which asks for every config again.
 */
export const homeAssistantTopics = (prefix: string) =>
  ({
    device: (objectId: string) => typed('homeAssistantDevice', `${prefix}/device/${objectId}/config`),
    status: `${prefix}/status`,
  }) as const;

/** Tasmota's three prefixes around a device topic: `tele/<t>/…`, `stat/<t>/…`, `cmnd/<t>/…`. */
export const tasmotaTopics = (topic: string) =>
  ({
    sensor: `tele/${topic}/SENSOR`,
    state: `tele/${topic}/STATE`,
    lwt: `tele/${topic}/LWT`,
    power: `stat/${topic}/POWER`,
    /** A multi-relay device's relay N (1-based) says its state here; relay 1 may also use plain `POWER`. */
    powerOf: (relay: number) => `stat/${topic}/POWER${relay}`,
    result: `stat/${topic}/RESULT`,
    command: (name: string) => `cmnd/${topic}/${name}`,
  }) as const;

/** Zigbee2MQTT publishes a device's state on its friendly-name topic and availability beside it. */
export const zigbee2mqttTopics = (topic: string) =>
  ({
    state: topic,
    availability: `${topic}/availability`,
    set: `${topic}/set`,
  }) as const;

/** Shelly Gen2 devices publish under a configurable prefix (by default the device id). */
export const shellyGen2Topics = (prefix: string) =>
  ({
    events: `${prefix}/events/rpc`,
    switchStatus: (id: number) => `${prefix}/status/switch:${id}`,
    online: `${prefix}/online`,
    rpc: `${prefix}/rpc`,
  }) as const;
