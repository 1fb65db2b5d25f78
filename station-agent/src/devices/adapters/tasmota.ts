/**
 * Tasmota: `tele/<t>/SENSOR` (ENERGY and attached sensors), `tele/<t>/STATE`, `stat/<t>/POWER[N]` and
 * `stat/<t>/RESULT` (the relays), `tele/<t>/LWT` (`Online`/`Offline`). ENERGY.Total may be a number, a list
 * (one per channel) or an object per phase; lists and phases are summed. Temperatures come in the unit of
 * `TempUnit` (SetOption8: C or F) and pressures in that of `PressureUnit` (SetOption24: hPa or mmHg).
 */
import type { DeviceValues } from '@yizhan/shared';
import { tasmotaTopics } from '@yizhan/shared';
import { z } from 'zod';
import { amps, celsius, hectopascals, kilowattHours, percent, reported, volts, watts } from './bounds.ts';
import { isRejection, payloadJson, payloadText, present, rejected, topicsOnce } from './payload.ts';
import { inResolution, sumInResolution } from './resolution.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';

export interface TasmotaSource {
  topic: string;
  /** A multi-relay device: the relay (1-based) that is this device. Undefined: the device's only relay. */
  relay?: number | undefined;
  /** Several attached sensors: the one whose readings count (its key in SENSOR, e.g. `DS18B20-1`). */
  sensor?: string | undefined;
}

const perChannel = (n: z.ZodNumber) => z.union([n, z.array(n).min(1).max(8)]);
const perPhase = (n: z.ZodNumber) => z.union([perChannel(n), z.record(z.string(), n)]);

const energy = z.looseObject({
  Power: reported(perChannel(watts)),
  Total: reported(perPhase(kilowattHours)),
  Voltage: reported(perChannel(volts)),
  Current: reported(perChannel(amps)),
});
/** An attached sensor's readings, still in the device's units (TempUnit, PressureUnit). */
const attached = z.looseObject({
  Temperature: reported(z.number()),
  Humidity: reported(percent),
  Pressure: reported(z.number()),
});
const sensor = z.looseObject({
  ENERGY: reported(energy),
  TempUnit: reported(z.enum(['C', 'F'])),
  PressureUnit: reported(z.enum(['hPa', 'mmHg'])),
});
const relayWord = z.enum(['ON', 'OFF']);
const relays = z.record(z.string(), z.unknown());

/** The chip's own thermometer: read only when no probe reports (a probe is what the station cares about). */
const CHIP_SENSORS = new Set(['ESP32', 'ESP8266']);
const HPA_PER_MMHG = 1.333_223_874;

const topicsOf = topicsOnce(tasmotaTopics);

/** The keys a relay's state is under: `POWER<N>`, or `POWER`/`POWER1` for the only relay (or the first). */
function relayKeys(relay: number | undefined): string[] {
  if (relay === undefined) return ['POWER', 'POWER1'];
  return relay === 1 ? ['POWER1', 'POWER'] : [`POWER${relay}`];
}

export const tasmota: DeviceAdapter<TasmotaSource> = {
  topics: ({ topic, relay }) => {
    const t = tasmotaTopics(topic);
    const power = relay === undefined ? [t.power] : relay === 1 ? [t.power, t.powerOf(1)] : [t.powerOf(relay)];
    return [t.sensor, t.state, t.lwt, ...power, t.result];
  },
  availabilityTopics: ({ topic }) => [topicsOf(topic).lwt],

  read(source, topic, payload): DeviceMessage {
    const t = topicsOf(source.topic);
    if (topic === t.lwt) {
      const word = wordOf(payload);
      if (typeof word !== 'string') return word;
      if (word === 'Online' || word === 'Offline') return { kind: 'availability', online: word === 'Online' };
      return rejected('schema', `LWT "${word.slice(0, 20)}" is neither Online nor Offline`);
    }
    if (topic === t.sensor) {
      const s = payloadJson(payload, sensor);
      return isRejection(s) ? s : sensorValues(s, source.sensor);
    }
    if (topic === t.state || topic === t.result) {
      const s = payloadJson(payload, relays);
      if (isRejection(s)) return s;
      const key = relayKeys(source.relay).find((k) => s[k] !== undefined);
      if (!key) return { kind: 'ignored' };
      const word = relayWord.safeParse(s[key]);
      if (!word.success) return rejected('schema', `${key}: ${word.error.issues[0]?.message}`);
      return { kind: 'values', values: { on: word.data === 'ON' } };
    }
    // stat/<t>/POWER or stat/<t>/POWER<N>: a bare word.
    const word = wordOf(payload);
    if (typeof word !== 'string') return word;
    if (word === 'ON' || word === 'OFF') return { kind: 'values', values: { on: word === 'ON' } };
    return rejected('schema', `POWER "${word.slice(0, 20)}" is neither ON nor OFF`);
  },
};

function wordOf(payload: Buffer): string | Extract<DeviceMessage, { kind: 'rejected' }> {
  const text = payloadText(payload);
  return typeof text === 'string' ? text.trim() : text;
}

type Numbers = number | number[] | Record<string, number> | undefined;
const sum = (v: Numbers): number | undefined =>
  v === undefined || typeof v === 'number' ? v : sumInResolution(Array.isArray(v) ? v : Object.values(v));
const first = (v: number | number[] | undefined) => (Array.isArray(v) ? v[0] : v);

function sensorValues(s: z.infer<typeof sensor>, only: string | undefined): DeviceMessage {
  const values: DeviceValues = {};
  const e = s.ENERGY;
  if (e) {
    Object.assign(
      values,
      present({
        powerW: sum(e.Power),
        energyKWh: sum(e.Total),
        voltageV: first(e.Voltage),
        currentA: sum(e.Current),
      }),
    );
  }
  // Attached sensors appear under their driver's name (DS18B20, AM2301, SHT3X, BME280…); a probe wins over the
  // chip's own thermometer whatever the order, and `only` picks one by name.
  const probes: [string, z.infer<typeof attached>][] = [];
  const chips: [string, z.infer<typeof attached>][] = [];
  for (const key in s) {
    const value = s[key];
    if (key === 'ENERGY' || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    if (only !== undefined && key !== only) continue;
    const c = attached.safeParse(value);
    if (!c.success) return rejected('schema', `${key}: ${c.error.issues[0]?.message}`);
    (CHIP_SENSORS.has(key) ? chips : probes).push([key, c.data]);
  }
  for (const [key, reading] of [...probes, ...chips]) {
    if (reading.Temperature !== undefined && values.temperatureC === undefined) {
      const c =
        s.TempUnit === 'F'
          ? inResolution(((reading.Temperature - 32) * 5) / 9, [reading.Temperature], 1)
          : reading.Temperature;
      const checked = celsius.safeParse(c);
      if (!checked.success) return rejected('schema', `${key}.Temperature: ${checked.error.issues[0]?.message}`);
      values.temperatureC = checked.data;
    }
    if (reading.Humidity !== undefined && values.humidityPct === undefined) values.humidityPct = reading.Humidity;
    if (reading.Pressure !== undefined && values.pressureHPa === undefined) {
      const hPa =
        s.PressureUnit === 'mmHg'
          ? inResolution(reading.Pressure * HPA_PER_MMHG, [reading.Pressure], 1)
          : reading.Pressure;
      const checked = hectopascals.safeParse(hPa);
      if (!checked.success) return rejected('schema', `${key}.Pressure: ${checked.error.issues[0]?.message}`);
      values.pressureHPa = checked.data;
    }
  }
  return Object.keys(values).length > 0 ? { kind: 'values', values } : { kind: 'ignored' };
}
