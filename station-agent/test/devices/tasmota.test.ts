import { describe, expect, it } from 'vitest';
import { tasmota } from '../../src/devices/adapters/tasmota.ts';
import { deviceFixture } from '../fixtures.ts';

const read = (topic: string, payload: string, device = 'microwave_plug') =>
  tasmota.read({ topic: device }, topic, Buffer.from(payload));

describe('tasmota adapter', () => {
  const fixture = deviceFixture('tasmota-energy-plug');

  it('subscribes to the SENSOR, STATE, LWT, POWER and RESULT topics of the device', () => {
    expect(tasmota.topics({ topic: 'microwave_plug' })).toEqual([
      'tele/microwave_plug/SENSOR',
      'tele/microwave_plug/STATE',
      'tele/microwave_plug/LWT',
      'stat/microwave_plug/POWER',
      'stat/microwave_plug/RESULT',
    ]);
  });

  it('reads the energy plug fixture', () => {
    const m = fixture.messages[0]!;
    expect(read(m.topic, m.payload)).toEqual({
      kind: 'values',
      values: { powerW: 0, energyKWh: 0.017, voltageV: 234.31, currentA: 0.039 },
    });
  });

  it('reads an attached DS18B20 temperature sensor', () => {
    const m = fixture.messages[1]!;
    expect(read(m.topic, m.payload, 'tasmota')).toEqual({ kind: 'values', values: { temperatureC: 20.6 } });
  });

  it('reads LWT Online and Offline', () => {
    expect(read(fixture.messages[2]!.topic, fixture.messages[2]!.payload)).toEqual({
      kind: 'availability',
      online: true,
    });
    expect(read(fixture.messages[3]!.topic, fixture.messages[3]!.payload)).toEqual({
      kind: 'availability',
      online: false,
    });
  });

  it('sums ENERGY.Total given per channel or per phase', () => {
    const list = read('tele/microwave_plug/SENSOR', '{"ENERGY":{"Total":[1.5,2.25],"Power":[100,20]}}');
    expect(list).toEqual({ kind: 'values', values: { energyKWh: 3.75, powerW: 120 } });
    const phases = read('tele/microwave_plug/SENSOR', '{"ENERGY":{"Total":{"L1":1,"L2":2,"L3":3}}}');
    expect(phases).toEqual({ kind: 'values', values: { energyKWh: 6 } });
  });

  it('reads the relay from STATE and stat/POWER', () => {
    expect(read('tele/microwave_plug/STATE', '{"Time":"2026-11-28T08:00:00","POWER":"ON","Wifi":{"RSSI":80}}')).toEqual(
      {
        kind: 'values',
        values: { on: true },
      },
    );
    expect(read('stat/microwave_plug/POWER', 'OFF')).toEqual({ kind: 'values', values: { on: false } });
  });

  it.each([
    ['empty', '', 'empty'],
    ['truncated JSON', '{"ENERGY":{"Power":12', 'not-json'],
    ['a string for a number', '{"ENERGY":{"Power":"812"}}', 'schema'],
    ['a huge value', '{"ENERGY":{"Power":1e300}}', 'schema'],
    ['a temperature off the scale', '{"DS18B20":{"Temperature":9000}}', 'schema'],
  ])('refuses %s', (_name, payload, reason) => {
    expect(read('tele/microwave_plug/SENSOR', payload)).toMatchObject({ kind: 'rejected', reason });
  });

  it('refuses binary and an unknown LWT word', () => {
    const binary = tasmota.read(
      { topic: 'microwave_plug' },
      'tele/microwave_plug/SENSOR',
      Buffer.from([0xff, 0xfe, 0x00]),
    );
    expect(binary).toMatchObject({ kind: 'rejected', reason: 'not-utf8' });
    expect(read('tele/microwave_plug/LWT', 'Maybe')).toMatchObject({ kind: 'rejected', reason: 'schema' });
  });
});
