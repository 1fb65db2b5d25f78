/**
 * Real devices as issue 13 found them: each behaviour with a real payload from tests/fixtures/devices
 * (`*-as-found.json`, their sources named in the files and in the folder's README).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readDeviceMessage } from '../../src/devices/adapters/index.ts';
import { shellyGen2 } from '../../src/devices/adapters/shelly-gen2.ts';
import { tasmota } from '../../src/devices/adapters/tasmota.ts';
import { zigbee2mqtt } from '../../src/devices/adapters/zigbee2mqtt.ts';
import { deviceFixture } from '../fixtures.ts';
import { harness } from './harness.ts';
import { sourceFor } from './sources.ts';

const tasmotaFound = deviceFixture('tasmota-as-found');
const zigbeeFound = deviceFixture('zigbee2mqtt-as-found');
const shellyFound = deviceFixture('shelly-gen2-as-found');
const message = (f: typeof tasmotaFound, i: number) => f.messages[i]!;
const payloadOf = (f: typeof tasmotaFound, i: number) => Buffer.from(message(f, i).payload);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-11-28T08:00:00Z'));
});

describe('plausible ranges', () => {
  it.each([
    ['tasmota', tasmotaFound],
    ['shelly-gen2', shellyFound],
  ])('%s: every real message of an impossible value is refused with its reason', (_format, fixture) => {
    expect(fixture.refused?.length).toBeGreaterThan(0);
    for (const m of fixture.refused ?? []) {
      const read = readDeviceMessage(sourceFor(fixture.format, m.topic), m.topic, Buffer.from(m.payload));
      expect(read).toMatchObject({ kind: 'rejected', reason: m.reason });
    }
  });

  it('a negative power is counted as refused and leaves an in-use kettle in use', () => {
    const h = harness([
      {
        id: 'kettle',
        kind: 'appliance',
        source: { format: 'tasmota', topic: 'kettle_plug' },
        inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 },
      },
    ]);
    h.send('kettle', 'tele/kettle_plug/SENSOR', '{"ENERGY":{"Total":0.002,"Power":1850,"Voltage":236,"Current":7.9}}');
    const before = h.station.get('kettle');
    expect(before?.status).toBe('in-use');
    const refused = tasmotaFound.refused![0]!;
    h.send('kettle', refused.topic, refused.payload);
    expect(h.station.get('kettle')).toBe(before);
    expect(h.metrics.rejectedCount('schema')).toBe(1);
    expect(h.rejected.at(-1)).toEqual({
      kind: 'rejected',
      reason: 'schema',
      detail: 'ENERGY.Power: Too small: expected number to be >=0',
    });
  });

  it('a Shelly apower below zero changes nothing either', () => {
    const h = harness([
      {
        id: 'microwave',
        kind: 'appliance',
        source: { format: 'shelly-gen2', topic: 'shellyplus1pm-441793d69718' },
        inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 },
      },
    ]);
    h.send('microwave', message(shellyFound, 0).topic, message(shellyFound, 0).payload);
    const before = h.station.get('microwave');
    expect(before).toMatchObject({ status: 'in-use', values: { powerW: 812.4, on: true } });
    h.send('microwave', shellyFound.refused![0]!.topic, shellyFound.refused![0]!.payload);
    expect(h.station.get('microwave')).toBe(before);
    expect(h.metrics.rejectedCount('schema')).toBe(1);
  });
});

describe('null means not reported', () => {
  it('reads the rest of an Aqara plug message with "voltage": null and "current": null', () => {
    expect(
      zigbee2mqtt.read({ topic: 'zigbee2mqtt/kettle_plug' }, message(zigbeeFound, 0).topic, payloadOf(zigbeeFound, 0)),
    ).toEqual({
      kind: 'values',
      values: { powerW: 1795.4, energyKWh: 4.25, on: true, linkQuality: 156 },
    });
  });
});

describe('Tasmota units and sensors', () => {
  const read = (i: number, source: Parameters<typeof tasmota.read>[0]) =>
    tasmota.read(source, message(tasmotaFound, i).topic, payloadOf(tasmotaFound, i));

  it('honours TempUnit F: a fridge probe at 44.3 °F is 6.83 °C, not too warm', () => {
    expect(read(2, { topic: 'fridge_probe' })).toEqual({ kind: 'values', values: { temperatureC: 6.83 } });
    const h = harness([
      {
        id: 'fridge',
        kind: 'fridge',
        source: { format: 'tasmota', topic: 'fridge_probe' },
        alarm: { aboveCelsius: 8, forMinutes: 10 },
      },
    ]);
    h.send('fridge', message(tasmotaFound, 2).topic, message(tasmotaFound, 2).payload);
    expect(h.station.get('fridge')).toMatchObject({ status: 'ok', values: { temperatureC: 6.83 } });
  });

  it('honours PressureUnit mmHg beside TempUnit F', () => {
    expect(read(3, { topic: 'Wetterstation2023' })).toEqual({
      kind: 'values',
      values: { temperatureC: 27.8, humidityPct: 54.5, pressureHPa: 1018.05 },
    });
  });

  it('takes a probe over the chip’s own temperature, whatever the order', () => {
    expect(read(0, { topic: 'fridge_probe' })).toEqual({ kind: 'values', values: { temperatureC: 4.2 } });
    // The ESP32 alone (home-assistant/core issue 128956) is still read: it is all the device has.
    expect(
      tasmota.read(
        { topic: 'tasmota_F66EEC' },
        'tele/tasmota_F66EEC/SENSOR',
        Buffer.from('{"Time":"2024-10-22T06:46:55","ESP32":{"Temperature":55.3},"TempUnit":"C"}'),
      ),
    ).toEqual({ kind: 'values', values: { temperatureC: 55.3 } });
  });

  it('reads the first probe, or the one `source.sensor` names', () => {
    expect(read(1, { topic: 'Wetterstation2023' })).toEqual({
      kind: 'values',
      values: { temperatureC: 27.9, humidityPct: 54.5, pressureHPa: 1018 },
    });
    expect(read(1, { topic: 'Wetterstation2023', sensor: 'BME280' })).toEqual({
      kind: 'values',
      values: { temperatureC: 27.8, humidityPct: 54.5, pressureHPa: 1018 },
    });
    expect(read(0, { topic: 'fridge_probe', sensor: 'ESP32' })).toEqual({
      kind: 'values',
      values: { temperatureC: 55.3 },
    });
    expect(read(0, { topic: 'fridge_probe', sensor: 'SHT3X' })).toEqual({ kind: 'ignored' });
  });

  it('keeps the energy in the device’s resolution when channels are summed', () => {
    const read11 = read(10, { topic: 'water_plug' });
    expect(read11).toMatchObject({ kind: 'values', values: { energyKWh: 0.019, powerW: 1453, currentA: 6.244 } });
    expect(
      shellyGen2.read(
        { topic: 'shellyplus1pm-441793d69718', switchId: 0 },
        message(shellyFound, 0).topic,
        payloadOf(shellyFound, 0),
      ),
    ).toEqual({
      kind: 'values',
      values: { on: true, powerW: 812.4, voltageV: 229.8, currentA: 3.541, energyKWh: 30.470112 },
    });
  });
});

describe('Tasmota multi-relay devices', () => {
  const relay2 = { topic: 'sonoff_4ch', relay: 2 };

  it('subscribes the relay’s own stat topic and RESULT', () => {
    expect(tasmota.topics(relay2)).toEqual([
      'tele/sonoff_4ch/SENSOR',
      'tele/sonoff_4ch/STATE',
      'tele/sonoff_4ch/LWT',
      'stat/sonoff_4ch/POWER2',
      'stat/sonoff_4ch/RESULT',
    ]);
  });

  it('reads POWER2 from tele/STATE, stat/RESULT and stat/POWER2', () => {
    const read = (i: number) => tasmota.read(relay2, message(tasmotaFound, i).topic, payloadOf(tasmotaFound, i));
    expect(read(4)).toEqual({ kind: 'values', values: { on: true } });
    expect(read(5)).toEqual({ kind: 'values', values: { on: false } });
    expect(read(6)).toEqual({ kind: 'values', values: { on: true } });
    // Relay 1 of the same device reads POWER1.
    expect(
      tasmota.read({ topic: 'sonoff_4ch', relay: 1 }, message(tasmotaFound, 4).topic, payloadOf(tasmotaFound, 4)),
    ).toEqual({
      kind: 'values',
      values: { on: false },
    });
  });

  it('reads a single relay’s stat/RESULT and stat/POWER', () => {
    const read = (i: number) =>
      tasmota.read({ topic: 'Spare' }, message(tasmotaFound, i).topic, payloadOf(tasmotaFound, i));
    expect(read(7)).toEqual({ kind: 'values', values: { on: true } });
    expect(read(8)).toEqual({ kind: 'values', values: { on: true } });
    expect(read(9)).toEqual({ kind: 'ignored' });
  });
});

describe('Zigbee2MQTT presence (mmWave radar)', () => {
  it('reads presence as occupied', () => {
    const read = (i: number) =>
      zigbee2mqtt.read({ topic: 'zigbee2mqtt/rest_radar' }, message(zigbeeFound, i).topic, payloadOf(zigbeeFound, i));
    expect(read(1)).toEqual({ kind: 'values', values: { occupied: true, linkQuality: 120 } });
    expect(read(2)).toEqual({ kind: 'values', values: { occupied: false, linkQuality: 118 } });
  });
});

describe('nothing readable', () => {
  it('is counted and logged with its reason, and still shows the device alive', () => {
    const h = harness([
      { id: 'radar', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/rest_radar' } },
    ]);
    const quiet = message(zigbeeFound, 3);
    expect(zigbee2mqtt.read({ topic: 'zigbee2mqtt/rest_radar' }, quiet.topic, Buffer.from(quiet.payload))).toEqual({
      kind: 'ignored',
    });
    h.send('radar', 'zigbee2mqtt/rest_radar/availability', '{"state":"offline"}');
    h.send('radar', quiet.topic, quiet.payload);
    expect(h.metrics.rejectedCount('nothing-readable')).toBe(1);
    expect(h.logLines).toEqual([
      {
        device: 'radar',
        topic: 'zigbee2mqtt/rest_radar',
        reason: 'nothing-readable',
        detail: 'a valid message with no value the agent reads',
      },
    ]);
    expect(h.station.get('radar')).toMatchObject({ online: true, status: 'unknown', values: {} });
  });
});
