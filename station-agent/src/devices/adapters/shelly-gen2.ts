/**
 * Shelly Gen2/Gen3 (Plus, Pro, Mini): RPC notifications on `<prefix>/events/rpc`, a component's full
 * status on `<prefix>/status/<component>` and the device's LWT on `<prefix>/online` (`true`/`false`).
 * NotifyStatus carries only what changed: a field it leaves out keeps its last value (device state
 * merges values, so an absent field is never read as zero). NotifyFullStatus carries everything.
 */
import { type DeviceValues, shellyGen2Topics } from '@yizhan/shared';
import { z } from 'zod';
import { amps, celsius, kilowattHours, percent, reported, volts, watts } from './bounds.ts';
import { isRejection, payloadJson, payloadText, present, topicsOnce } from './payload.ts';
import { inResolution } from './resolution.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';

const topicsOf = topicsOnce(shellyGen2Topics);

type Rejected = Extract<DeviceMessage, { kind: 'rejected' }>;

/** Shelly counts energy in watt-hours; the kilowatt-hours keep the meter's resolution. */
const wattHours = kilowattHours.transform((wh) => inResolution(wh / 1000, [wh], 3));

const switchStatus = z.looseObject({
  output: reported(z.boolean()),
  apower: reported(watts),
  voltage: reported(volts),
  current: reported(amps),
  aenergy: reported(z.looseObject({ total: reported(wattHours) })),
});
const temperatureStatus = z.looseObject({ tC: reported(celsius) });
const humidityStatus = z.looseObject({ rh: reported(percent) });
const devicePowerStatus = z.looseObject({ battery: reported(z.looseObject({ percent: reported(percent) })) });

const notification = z.looseObject({
  method: z.string().max(64),
  params: z.looseObject({}).optional(),
});

export interface ShellySource {
  topic: string;
  switchId: number;
}

export const shellyGen2: DeviceAdapter<ShellySource> = {
  topics: ({ topic, switchId }) => {
    const t = shellyGen2Topics(topic);
    return [
      t.events,
      t.switchStatus(switchId),
      t.online,
      `${topic}/status/temperature:0`,
      `${topic}/status/humidity:0`,
    ];
  },
  availabilityTopics: ({ topic }) => [topicsOf(topic).online],

  read(source, topic, payload): DeviceMessage {
    const t = topicsOf(source.topic);
    if (topic === t.online) {
      const text = payloadText(payload);
      if (typeof text !== 'string') return text;
      const word = text.trim();
      if (word === 'true' || word === 'false') return { kind: 'availability', online: word === 'true' };
      return { kind: 'rejected', reason: 'schema', detail: `online "${word.slice(0, 20)}" is neither true nor false` };
    }
    if (topic === t.events) {
      const n = payloadJson(payload, notification);
      if (isRejection(n)) return n;
      if (n.method !== 'NotifyStatus' && n.method !== 'NotifyFullStatus') return { kind: 'ignored' };
      return componentValues(n.params ?? {}, source.switchId);
    }
    const prefix = `${source.topic}/status/`;
    if (!topic.startsWith(prefix)) return { kind: 'ignored' };
    const component = topic.slice(prefix.length);
    const body = payloadJson(payload, z.looseObject({}));
    if (isRejection(body)) return body;
    return componentValues({ [component]: body }, source.switchId);
  },
};

/** Reads the components we know from a map of component name → (partial) status. */
function componentValues(components: Record<string, unknown>, switchId: number): DeviceMessage {
  const values: DeviceValues = {};
  const read = <T>(name: string, schema: z.ZodType<T, unknown>): T | undefined | Rejected => {
    const raw = components[name];
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    return {
      kind: 'rejected',
      reason: 'schema',
      detail: `${[name, ...(issue?.path ?? [])].join('.')}: ${issue?.message}`,
    };
  };

  const sw = read(`switch:${switchId}`, switchStatus);
  if (isRejection(sw)) return sw;
  if (sw) {
    Object.assign(
      values,
      present({
        on: sw.output,
        powerW: sw.apower,
        voltageV: sw.voltage,
        currentA: sw.current,
        energyKWh: sw.aenergy?.total,
      }),
    );
  }
  const temperature = read('temperature:0', temperatureStatus);
  if (isRejection(temperature)) return temperature;
  if (typeof temperature?.tC === 'number') values.temperatureC = temperature.tC;
  const humidity = read('humidity:0', humidityStatus);
  if (isRejection(humidity)) return humidity;
  if (typeof humidity?.rh === 'number') values.humidityPct = humidity.rh;
  const power = read('devicepower:0', devicePowerStatus);
  if (isRejection(power)) return power;
  if (power?.battery?.percent !== undefined) values.batteryPct = power.battery.percent;
  return Object.keys(values).length > 0 ? { kind: 'values', values } : { kind: 'ignored' };
}
