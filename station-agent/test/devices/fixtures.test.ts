/** Every real payload in tests/fixtures/devices, read by its format's adapter into exact normalized values. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDeviceMessage } from '../../src/devices/adapters/index.ts';
import { tasmota } from '../../src/devices/adapters/tasmota.ts';
import { zigbee2mqtt } from '../../src/devices/adapters/zigbee2mqtt.ts';
import { deviceFixture } from '../fixtures.ts';
import { sourceFor } from './sources.ts';

describe('device fixtures', () => {
  const files = readdirSync(new URL('../../../tests/fixtures/devices/', import.meta.url)).filter((f) =>
    f.endsWith('.json'),
  );

  it.each(files)('%s: every message is read, none refused', (file) => {
    const fixture = deviceFixture(file.replace(/\.json$/, ''));
    expect(fixture.source.length).toBeGreaterThan(10);
    for (const m of fixture.messages) {
      const message = readDeviceMessage(sourceFor(fixture.format, m.topic), m.topic, Buffer.from(m.payload));
      expect(message.kind, `${file}: ${m.topic} ${m.payload.slice(0, 60)}`).not.toBe('rejected');
    }
  });

  it('reads a Zigbee door contact, a metering plug and a battery of null', () => {
    const m = deviceFixture('zigbee2mqtt-contact-and-plug').messages;
    const read = (device: string, i: number) =>
      zigbee2mqtt.read({ topic: device }, m[i]!.topic, Buffer.from(m[i]!.payload));
    expect(read('zigbee2mqtt/door_contact', 0)).toEqual({
      kind: 'values',
      values: { doorOpen: true, batteryPct: 100, linkQuality: 102 },
    });
    expect(read('zigbee2mqtt/door_contact', 1)).toEqual({
      kind: 'values',
      values: { doorOpen: false, batteryPct: 100, linkQuality: 99 },
    });
    expect(read('zigbee2mqtt/door_contact', 2)).toEqual({ kind: 'availability', online: false });
    expect(read('zigbee2mqtt/kettle_plug', 3)).toEqual({
      kind: 'values',
      values: { powerW: 1795, energyKWh: 12.34, currentA: 7.82, voltageV: 230, on: true, linkQuality: 156 },
    });
    expect(read('zigbee2mqtt/kettle_plug', 4)).toEqual({
      kind: 'values',
      values: { powerW: 0, energyKWh: 12.36, currentA: 0, voltageV: 231, on: false, linkQuality: 153 },
    });
    expect(read('zigbee2mqtt/fridge_sensor', 5)).toEqual({
      kind: 'values',
      values: { temperatureC: 4.9, humidityPct: 61.2, linkQuality: 47 },
    });
  });

  it('reads Tasmota AM2301, STATE, stat/POWER and a two-channel ENERGY', () => {
    const m = deviceFixture('tasmota-variants').messages;
    const read = (i: number) => tasmota.read({ topic: 'water_plug' }, m[i]!.topic, Buffer.from(m[i]!.payload));
    expect(read(0)).toEqual({ kind: 'values', values: { temperatureC: 21.7, humidityPct: 45.2 } });
    expect(read(1)).toEqual({ kind: 'values', values: { on: true } });
    expect(read(2)).toEqual({ kind: 'values', values: { on: false } });
    const dual = read(3);
    expect(dual).toMatchObject({
      kind: 'values',
      values: { powerW: 1453, energyKWh: 0.023, voltageV: 233, temperatureC: 41.6 },
    });
    expect(dual.kind === 'values' && dual.values.currentA).toBeCloseTo(6.244, 9);
  });
});
