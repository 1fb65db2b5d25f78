/**
 * Payloads exactly as the real firmware words them (the fixtures in tests/fixtures/devices are the
 * reference): what a Tasmota plug, a Zigbee2MQTT sensor or a door scanner puts on the wire.
 */
import { shellyGen2Topics, tasmotaTopics, zigbee2mqttTopics } from '@yizhan/shared';

export interface Publication {
  topic: string;
  payload: string;
  retain?: boolean;
}

/** Tasmota's local time stamp: no zone, seconds precision (`2026-11-28T16:05:00`). */
const tasmotaTime = (at: Date) => at.toISOString().slice(0, 19);

export const tasmota = {
  sensor(topic: string, at: Date, e: { powerW: number; energyKWh: number; voltageV?: number }): Publication {
    const voltage = e.voltageV ?? 230;
    const current = e.powerW > 0 ? Math.round((e.powerW / voltage) * 1000) / 1000 : 0;
    const payload = {
      Time: tasmotaTime(at),
      ENERGY: {
        TotalStartTime: '2025-06-01T09:12:40',
        Total: Math.round(e.energyKWh * 1000) / 1000,
        Yesterday: 0.41,
        Today: 0.12,
        Period: 0,
        Power: Math.round(e.powerW * 10) / 10,
        ApparentPower: Math.round(e.powerW * 1.05),
        ReactivePower: Math.round(e.powerW * 0.3),
        Factor: e.powerW > 0 ? 0.95 : 0,
        Voltage: voltage,
        Current: current,
      },
    };
    return { topic: tasmotaTopics(topic).sensor, payload: JSON.stringify(payload) };
  },
  state(topic: string, at: Date, on: boolean): Publication {
    const payload = { Time: tasmotaTime(at), Uptime: '0T03:12:44', POWER: on ? 'ON' : 'OFF', Wifi: { RSSI: 76 } };
    return { topic: tasmotaTopics(topic).state, payload: JSON.stringify(payload) };
  },
  lwt(topic: string, online: boolean): Publication {
    return { topic: tasmotaTopics(topic).lwt, payload: online ? 'Online' : 'Offline', retain: true };
  },
};

export const zigbee2mqtt = {
  state(topic: string, values: Record<string, number | boolean | string>): Publication {
    return { topic: zigbee2mqttTopics(topic).state, payload: JSON.stringify({ linkquality: 86, ...values }) };
  },
  availability(topic: string, online: boolean): Publication {
    return {
      topic: zigbee2mqttTopics(topic).availability,
      payload: JSON.stringify({ state: online ? 'online' : 'offline' }),
      retain: true,
    };
  },
};

export const shellyGen2 = {
  /** A NotifyStatus delta: only the fields that changed. */
  notifyStatus(
    prefix: string,
    at: Date,
    switchId: number,
    delta: { apower?: number; output?: boolean; current?: number },
  ) {
    const payload = {
      src: prefix,
      dst: `${prefix}/events`,
      method: 'NotifyStatus',
      params: { ts: at.getTime() / 1000, [`switch:${switchId}`]: { id: switchId, ...delta } },
    };
    return { topic: shellyGen2Topics(prefix).events, payload: JSON.stringify(payload) } satisfies Publication;
  },
  switchStatus(prefix: string, at: Date, switchId: number, s: { output: boolean; apower: number; totalWh: number }) {
    const payload = {
      id: switchId,
      source: 'init',
      output: s.output,
      apower: s.apower,
      voltage: 229.6,
      freq: 50,
      current: Math.round((s.apower / 229.6) * 1000) / 1000,
      aenergy: {
        total: Math.round(s.totalWh * 1000) / 1000,
        by_minute: [0, 0, 0],
        minute_ts: Math.floor(at.getTime() / 60000) * 60,
      },
      temperature: { tC: 41.2, tF: 106.2 },
    };
    return {
      topic: shellyGen2Topics(prefix).switchStatus(switchId),
      payload: JSON.stringify(payload),
    } satisfies Publication;
  },
  online(prefix: string, online: boolean): Publication {
    return { topic: shellyGen2Topics(prefix).online, payload: online ? 'true' : 'false', retain: true };
  },
};

export const genericJson = {
  /** A people counter's cumulative totals, as the counter bridge in DESIGN.md words them. */
  counter(topic: string, at: Date, peopleIn: number, peopleOut: number): Publication {
    return { topic, payload: JSON.stringify({ in: peopleIn, out: peopleOut, ts: at.toISOString() }) };
  },
};
