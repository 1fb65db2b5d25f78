/**
 * Zigbee2MQTT: the device's state as JSON on `zigbee2mqtt/<name>`, availability beside it on
 * `…/availability` as a bare `online`/`offline` (legacy) or `{"state":"online"}`.
 */
import { type DeviceValues, zigbee2mqttTopics } from '@yizhan/shared';
import { z } from 'zod';
import { amps, celsius, kilowattHours, linkQuality, percent, volts, watts } from './bounds.ts';
import { isRejection, payloadJson, payloadText, present, topicsOnce } from './payload.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';

const topicsOf = topicsOnce(zigbee2mqttTopics);

const state = z.looseObject({
  occupancy: z.boolean().optional(),
  temperature: celsius.optional(),
  humidity: percent.optional(),
  contact: z.boolean().optional(),
  battery: percent.nullable().optional(),
  power: watts.optional(),
  energy: kilowattHours.optional(),
  current: amps.optional(),
  // Battery sensors report their cell voltage in mV here; only metering plugs report mains volts.
  voltage: z.number().min(0).max(100_000).optional(),
  state: z.enum(['ON', 'OFF']).optional(),
  linkquality: linkQuality.optional(),
});
const availability = z.union([z.enum(['online', 'offline']), z.object({ state: z.enum(['online', 'offline']) })]);

export const zigbee2mqtt: DeviceAdapter<{ topic: string }> = {
  topics: ({ topic }) => {
    const t = zigbee2mqttTopics(topic);
    return [t.state, t.availability];
  },
  availabilityTopics: ({ topic }) => [topicsOf(topic).availability],

  read({ topic: device }, topic, payload): DeviceMessage {
    const t = topicsOf(device);
    if (topic === t.availability) {
      const text = payloadText(payload);
      if (typeof text !== 'string') return text;
      const word = text.trim();
      if (word === 'online' || word === 'offline') return { kind: 'availability', online: word === 'online' };
      const a = payloadJson(payload, availability);
      if (isRejection(a)) return a;
      return { kind: 'availability', online: (typeof a === 'string' ? a : a.state) === 'online' };
    }
    if (topic !== t.state) return { kind: 'ignored' };
    const s = payloadJson(payload, state);
    if (isRejection(s)) return s;
    const isMeter = s.power !== undefined;
    const values: DeviceValues = present({
      occupied: s.occupancy,
      temperatureC: s.temperature,
      humidityPct: s.humidity,
      doorOpen: s.contact === undefined ? undefined : !s.contact,
      batteryPct: s.battery ?? undefined,
      powerW: s.power,
      energyKWh: s.energy,
      currentA: s.current,
      voltageV: isMeter && s.voltage !== undefined ? volts.safeParse(s.voltage).data : undefined,
      on: s.state === undefined ? undefined : s.state === 'ON',
      linkQuality: s.linkquality,
    });
    return Object.keys(values).length > 0 ? { kind: 'values', values } : { kind: 'ignored' };
  },
};
