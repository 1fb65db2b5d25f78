/**
 * Generic JSON: any device that publishes JSON on one topic, read through a JSON pointer per value
 * (e.g. a people counter's cumulative `{ in: /in, out: /out }`), with an optional availability topic.
 */
import type { DeviceValues } from '@yizhan/shared';
import { z } from 'zod';
import { amps, celsius, count, hectopascals, kilowattHours, linkQuality, percent, volts, watts } from './bounds.ts';
import { isRejection, payloadJson, payloadText } from './payload.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';

export interface GenericJsonSource {
  topic: string;
  fields: Readonly<Record<string, string>>;
  availabilityTopic?: string | undefined;
  online: string;
  offline: string;
}

const switchWord = z.union([
  z.boolean(),
  z.enum(['ON', 'OFF', 'on', 'off']).transform((w) => w.toLowerCase() === 'on'),
  z.union([z.literal(0), z.literal(1)]).transform((n) => n === 1),
]);

/** Each value name with the schema its raw value must pass. */
const FIELD_SCHEMAS: Record<keyof DeviceValues, z.ZodType<number | boolean, unknown>> = {
  powerW: watts,
  energyKWh: kilowattHours,
  voltageV: volts,
  currentA: amps,
  on: switchWord,
  temperatureC: celsius,
  humidityPct: percent,
  pressureHPa: hectopascals,
  occupied: switchWord,
  doorOpen: switchWord,
  batteryPct: percent,
  peopleIn: count,
  peopleOut: count,
  linkQuality,
};
const ALIASES: Record<string, keyof DeviceValues> = { in: 'peopleIn', out: 'peopleOut' };

const availabilityJson = z.object({ state: z.string().max(32) });

export const genericJson: DeviceAdapter<GenericJsonSource> = {
  topics: (s) => (s.availabilityTopic ? [s.topic, s.availabilityTopic] : [s.topic]),
  availabilityTopics: (s) => (s.availabilityTopic ? [s.availabilityTopic] : []),

  read(source, topic, payload): DeviceMessage {
    if (topic === source.availabilityTopic) return availability(source, payload);
    if (topic !== source.topic) return { kind: 'ignored' };
    const doc = payloadJson(payload, z.unknown());
    if (isRejection(doc)) return doc;
    const values: Record<string, number | boolean> = {};
    for (const [field, pointer] of Object.entries(source.fields)) {
      const raw = resolvePointer(doc, pointer);
      if (raw === undefined || raw === null) continue;
      const name = ALIASES[field] ?? (field as keyof DeviceValues);
      const parsed = FIELD_SCHEMAS[name].safeParse(raw);
      if (!parsed.success) {
        return { kind: 'rejected', reason: 'schema', detail: `${pointer}: ${parsed.error.issues[0]?.message}` };
      }
      values[name] = parsed.data;
    }
    return Object.keys(values).length > 0 ? { kind: 'values', values: values as DeviceValues } : { kind: 'ignored' };
  },
};

function availability(source: GenericJsonSource, payload: Buffer): DeviceMessage {
  const text = payloadText(payload);
  if (typeof text !== 'string') return text;
  let word = text.trim();
  if (word.startsWith('{')) {
    const parsed = payloadJson(payload, availabilityJson);
    if (isRejection(parsed)) return parsed;
    word = parsed.state;
  }
  if (word === source.online || word === 'online' || word === 'true') return { kind: 'availability', online: true };
  if (word === source.offline || word === 'offline' || word === 'false') return { kind: 'availability', online: false };
  return { kind: 'rejected', reason: 'schema', detail: `availability "${word.slice(0, 20)}" is not a known word` };
}

/** RFC 6901: `/a/0/b`, with `~1` for `/` and `~0` for `~`; "" is the whole document. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(at)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      at = at[Number(key)];
    } else if (typeof at === 'object' && at !== null && Object.hasOwn(at, key)) {
      at = (at as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return at;
}
