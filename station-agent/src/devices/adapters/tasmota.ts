/**
 * Tasmota: `tele/<t>/SENSOR` (ENERGY and attached sensors), `tele/<t>/STATE` and `stat/<t>/POWER`
 * (the relay), `tele/<t>/LWT` (`Online`/`Offline`). ENERGY.Total may be a number, a list (one per
 * channel) or an object per phase; lists and phases are summed.
 */
import type { DeviceValues } from '@yizhan/shared';
import { tasmotaTopics } from '@yizhan/shared';
import { z } from 'zod';
import { amps, celsius, kilowattHours, percent, volts, watts } from './bounds.ts';
import { isRejection, payloadJson, payloadText, topicsOnce } from './payload.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';

const perChannel = <T extends z.ZodNumber>(n: T) => z.union([n, z.array(n).min(1).max(8)]);
const perPhase = <T extends z.ZodNumber>(n: T) => z.union([perChannel(n), z.record(z.string(), n)]);

const energy = z.looseObject({
  Power: perChannel(watts).optional(),
  Total: perPhase(kilowattHours).optional(),
  Voltage: perChannel(volts).optional(),
  Current: perChannel(amps).optional(),
});
const climate = z.looseObject({ Temperature: celsius.optional(), Humidity: percent.optional() });
const sensor = z.looseObject({ ENERGY: energy.optional() });
const relayWord = z.enum(['ON', 'OFF']);
const state = z.looseObject({ POWER: relayWord.optional(), POWER1: relayWord.optional() });

const sum = (v: number | number[] | Record<string, number> | undefined): number | undefined => {
  if (v === undefined || typeof v === 'number') return v;
  const list = Array.isArray(v) ? v : Object.values(v);
  return list.reduce((a, b) => a + b, 0);
};
const first = (v: number | number[] | undefined) => (Array.isArray(v) ? v[0] : v);
const topicsOf = topicsOnce(tasmotaTopics);

export const tasmota: DeviceAdapter<{ topic: string }> = {
  topics: ({ topic }) => {
    const t = tasmotaTopics(topic);
    return [t.sensor, t.state, t.lwt, t.power];
  },
  availabilityTopics: ({ topic }) => [topicsOf(topic).lwt],

  read({ topic: device }, topic, payload): DeviceMessage {
    const t = topicsOf(device);
    if (topic === t.lwt || topic === t.power) {
      const text = payloadText(payload);
      if (typeof text !== 'string') return text;
      const word = text.trim();
      if (topic === t.lwt) {
        if (word === 'Online' || word === 'Offline') return { kind: 'availability', online: word === 'Online' };
        return {
          kind: 'rejected',
          reason: 'schema',
          detail: `LWT "${word.slice(0, 20)}" is neither Online nor Offline`,
        };
      }
      if (word === 'ON' || word === 'OFF') return { kind: 'values', values: { on: word === 'ON' } };
      return { kind: 'rejected', reason: 'schema', detail: `POWER "${word.slice(0, 20)}" is neither ON nor OFF` };
    }
    if (topic === t.state) {
      const s = payloadJson(payload, state);
      if (isRejection(s)) return s;
      const word = s.POWER ?? s.POWER1;
      return word ? { kind: 'values', values: { on: word === 'ON' } } : { kind: 'ignored' };
    }
    if (topic === t.sensor) {
      const s = payloadJson(payload, sensor);
      if (isRejection(s)) return s;
      return sensorValues(s);
    }
    return { kind: 'ignored' };
  },
};

function sensorValues(s: z.infer<typeof sensor>): DeviceMessage {
  const values: DeviceValues = {};
  const e = s.ENERGY;
  if (e) {
    const powerW = sum(e.Power as number | number[] | undefined);
    const energyKWh = sum(e.Total);
    const voltageV = first(e.Voltage);
    const currentA = sum(e.Current as number | number[] | undefined);
    if (powerW !== undefined) values.powerW = powerW;
    if (energyKWh !== undefined) values.energyKWh = energyKWh;
    if (voltageV !== undefined) values.voltageV = voltageV;
    if (currentA !== undefined) values.currentA = currentA;
  }
  // Attached sensors appear under their driver's name (DS18B20, AM2301, SHT3X, BME280…).
  for (const key in s) {
    const value = s[key];
    if (key === 'ENERGY' || key === 'Time' || typeof value !== 'object' || value === null) continue;
    const c = climate.safeParse(value);
    if (!c.success) return { kind: 'rejected', reason: 'schema', detail: `${key}: ${c.error.issues[0]?.message}` };
    if (c.data.Temperature !== undefined && values.temperatureC === undefined) values.temperatureC = c.data.Temperature;
    if (c.data.Humidity !== undefined && values.humidityPct === undefined) values.humidityPct = c.data.Humidity;
  }
  return Object.keys(values).length > 0 ? { kind: 'values', values } : { kind: 'ignored' };
}
