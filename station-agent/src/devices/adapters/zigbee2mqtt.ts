/**
 * Zigbee2MQTT: the device's state as JSON on `zigbee2mqtt/<name>`, availability beside it on
 * `…/availability` as a bare `online`/`offline` (legacy) or `{"state":"online"}`. A `null` value is one the
 * device has not reported (an Aqara plug sends `"voltage": null`): the rest of the message is read.
 */
import { type DeviceValues, zigbee2mqttTopics } from '@yizhan/shared';
import { z } from 'zod';
import { amps, celsius, hectopascals, kilowattHours, linkQuality, percent, reported, volts, watts } from './bounds.ts';
import { isRejection, payloadJson, payloadText, present, topicsOnce } from './payload.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';

const topicsOf = topicsOnce(zigbee2mqttTopics);

const state = z.looseObject({
  occupancy: reported(z.boolean()),
  /** mmWave radar sensors (Aqara FP1, Tuya ZG-204Z…) say `presence` where PIRs say `occupancy`. */
  presence: reported(z.boolean()),
  temperature: reported(celsius),
  humidity: reported(percent),
  pressure: reported(hectopascals),
  contact: reported(z.boolean()),
  battery: reported(percent),
  power: reported(watts),
  energy: reported(kilowattHours),
  current: reported(amps),
  // Battery sensors report their cell voltage in mV here; only metering plugs report mains volts.
  voltage: reported(z.number().min(0).max(100_000)),
  state: reported(z.enum(['ON', 'OFF'])),
  linkquality: reported(linkQuality),
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
      occupied: s.presence ?? s.occupancy,
      temperatureC: s.temperature,
      humidityPct: s.humidity,
      pressureHPa: s.pressure,
      doorOpen: s.contact === undefined ? undefined : !s.contact,
      batteryPct: s.battery,
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
