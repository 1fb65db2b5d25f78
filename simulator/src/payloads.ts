/**
 * Payloads exactly as the real firmware words them (the fixtures in tests/fixtures/devices are the
 * reference): what a Tasmota plug, a Zigbee2MQTT sensor or a door scanner puts on the wire.
 */
import { tasmotaTopics, zigbee2mqttTopics } from '@yizhan/shared';

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
  state(topic: string, values: Record<string, number | boolean>): Publication {
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
