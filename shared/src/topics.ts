/**
 * Every MQTT topic Yizhan reads or writes is spelled here, and only here.
 * Agent-owned topics live under `yizhan/{station}/…`; device topics follow each firmware's own convention.
 */
export const ROOT = 'yizhan';

export const agentTopics = (station: string) => {
  const base = `${ROOT}/${station}`;
  return {
    status: `${base}/agent/status`,
    /** Retained: which agent (by its database's epoch) runs this station; see station-claim.ts. */
    claim: `${base}/agent/claim`,
    state: (device: string) => `${base}/state/${device}`,
    occupancy: `${base}/occupancy`,
    doorScan: `${base}/door/scan`,
    doorResult: `${base}/door/result`,
    doorLock: `${base}/door/lock`,
  } as const;
};

/** Tasmota's three prefixes around a device topic: `tele/<t>/…`, `stat/<t>/…`, `cmnd/<t>/…`. */
export const tasmotaTopics = (topic: string) =>
  ({
    sensor: `tele/${topic}/SENSOR`,
    state: `tele/${topic}/STATE`,
    lwt: `tele/${topic}/LWT`,
    power: `stat/${topic}/POWER`,
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
