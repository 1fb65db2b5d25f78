import { describe, expect, it } from 'vitest';
import { shellyGen2 } from '../../src/devices/adapters/shelly-gen2.ts';
import { deviceFixture } from '../fixtures.ts';

const read = (prefix: string, topic: string, payload: string) =>
  shellyGen2.read({ topic: prefix, switchId: 0 }, topic, Buffer.from(payload));

describe('shelly-gen2 adapter', () => {
  it('subscribes to the RPC events, the switch status, the LWT and the H&T components', () => {
    expect(shellyGen2.topics({ topic: 'plug1', switchId: 0 })).toEqual([
      'plug1/events/rpc',
      'plug1/status/switch:0',
      'plug1/online',
      'plug1/status/temperature:0',
      'plug1/status/humidity:0',
    ]);
  });

  it('reads a NotifyStatus delta as only the fields it carries', () => {
    const [delta, status] = deviceFixture('shelly-gen2-plug').messages;
    const prefix = 'shelly1pmminig3-5432044edbc0';
    expect(read(prefix, delta!.topic, delta!.payload)).toEqual({
      kind: 'values',
      values: { powerW: 11.5, currentA: 0.071 },
    });
    const full = read(prefix, status!.topic, status!.payload);
    expect(full).toMatchObject({
      kind: 'values',
      values: { on: true, powerW: 11.5, voltageV: 240.3, currentA: 0.073 },
    });
    expect(full.kind === 'values' && full.values.energyKWh).toBeCloseTo(152.669987, 6);
  });

  it('reads the documented notifications, switch status, H&T full status and LWT', () => {
    const [toggle, event, status, ht, online, offline] = deviceFixture('shelly-gen2-notifications').messages;
    const pro = 'shellypro4pm-f008d1d8b8b8';
    expect(read(pro, toggle!.topic, toggle!.payload)).toEqual({ kind: 'values', values: { on: true } });
    expect(read(pro, event!.topic, event!.payload)).toEqual({ kind: 'ignored' });
    const s = read(pro, status!.topic, status!.payload);
    expect(s).toMatchObject({ kind: 'values', values: { on: true, powerW: 8.9, voltageV: 237.5, currentA: 0.1 } });
    expect(s.kind === 'values' && s.values.energyKWh).toBeCloseTo(0.006532, 9);
    expect(read('shellyplusht-08b61fcb7f3c', ht!.topic, ht!.payload)).toEqual({
      kind: 'values',
      values: { temperatureC: 21.6, humidityPct: 58.9, batteryPct: 41 },
    });
    expect(read(pro, online!.topic, online!.payload)).toEqual({ kind: 'availability', online: true });
    expect(read(pro, offline!.topic, offline!.payload)).toEqual({ kind: 'availability', online: false });
  });

  it('reads the switch it is configured for and no other', () => {
    const payload = '{"method":"NotifyStatus","params":{"switch:1":{"apower":40},"switch:0":{"apower":5}}}';
    expect(shellyGen2.read({ topic: 'p', switchId: 1 }, 'p/events/rpc', Buffer.from(payload))).toEqual({
      kind: 'values',
      values: { powerW: 40 },
    });
  });

  it.each([
    ['a string for apower', '{"method":"NotifyStatus","params":{"switch:0":{"apower":"11.5"}}}', 'schema'],
    ['an impossible power', '{"method":"NotifyStatus","params":{"switch:0":{"apower":1e12}}}', 'schema'],
    ['a method that is not a string', '{"method":7,"params":{}}', 'schema'],
    ['truncated JSON', '{"method":"NotifyStatus","params":{"switch:0":{"apo', 'not-json'],
    ['an empty payload', '', 'empty'],
  ])('refuses %s', (_name, payload, reason) => {
    expect(read('p', 'p/events/rpc', payload)).toMatchObject({ kind: 'rejected', reason });
  });

  it('refuses an online word that is neither true nor false', () => {
    expect(read('p', 'p/online', 'yes')).toMatchObject({ kind: 'rejected', reason: 'schema' });
  });
});
