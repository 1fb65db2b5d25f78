import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseAgentConfig } from '../../src/config.ts';
import { stationDeviceConfigs } from '../../src/devices/station-devices.ts';

const T0 = Date.parse('2026-11-28T08:00:00Z');

import { harness } from './harness.ts';

describe('station devices', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('subscribes availability at QoS 1 and telemetry at QoS 0, for every format', () => {
    const h = harness([
      { id: 'plug', kind: 'sensor', source: { format: 'tasmota', topic: 'plug' } },
      { id: 'pir', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/pir' } },
      { id: 'kettle', kind: 'sensor', source: { format: 'shelly-gen2', topic: 'kettle' } },
      {
        id: 'counter',
        kind: 'people-counter',
        source: {
          format: 'generic-json',
          topic: 'counter/entrance',
          fields: { in: '/in', out: '/out' },
          availabilityTopic: 'counter/entrance/status',
        },
      },
      { id: 'meter', kind: 'sensor', source: { format: 'generic-json', topic: 'meter', fields: { powerW: '/w' } } },
    ]);
    expect(h.station.subscriptions()).toEqual([
      { topic: 'tele/plug/SENSOR', device: 'plug', qos: 0 },
      { topic: 'tele/plug/STATE', device: 'plug', qos: 0 },
      { topic: 'tele/plug/LWT', device: 'plug', qos: 1 },
      { topic: 'stat/plug/POWER', device: 'plug', qos: 0 },
      { topic: 'stat/plug/RESULT', device: 'plug', qos: 0 },
      { topic: 'zigbee2mqtt/pir', device: 'pir', qos: 0 },
      { topic: 'zigbee2mqtt/pir/availability', device: 'pir', qos: 1 },
      { topic: 'kettle/events/rpc', device: 'kettle', qos: 0 },
      { topic: 'kettle/status/switch:0', device: 'kettle', qos: 0 },
      { topic: 'kettle/online', device: 'kettle', qos: 1 },
      { topic: 'kettle/status/temperature:0', device: 'kettle', qos: 0 },
      { topic: 'kettle/status/humidity:0', device: 'kettle', qos: 0 },
      { topic: 'counter/entrance', device: 'counter', qos: 0 },
      { topic: 'counter/entrance/status', device: 'counter', qos: 1 },
      { topic: 'meter', device: 'meter', qos: 0 },
    ]);
  });

  it('stamps readings within one millisecond with the same time and the next one with its own', () => {
    const h = harness([
      { id: 'fridge', kind: 'fridge', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/fridge' } },
    ]);
    h.send('fridge', 'zigbee2mqtt/fridge', '{"temperature":4.1}');
    h.send('fridge', 'zigbee2mqtt/fridge', '{"temperature":4.2}');
    vi.advanceTimersByTime(1);
    h.send('fridge', 'zigbee2mqtt/fridge', '{"temperature":4.3}');
    expect(h.changes.map((c) => [c.state.values.temperatureC, c.state.updatedAt])).toEqual([
      [4.1, '2026-11-28T08:00:00.000Z'],
      [4.2, '2026-11-28T08:00:00.000Z'],
      [4.3, '2026-11-28T08:00:00.001Z'],
    ]);
  });

  it('merges a Shelly NotifyStatus delta into the last full status: a missing field keeps its value', () => {
    const h = harness([
      {
        id: 'kettle',
        kind: 'appliance',
        source: { format: 'shelly-gen2', topic: 'kettle' },
        inUse: { aboveWatts: 100, belowWatts: 10 },
      },
    ]);
    h.send(
      'kettle',
      'kettle/status/switch:0',
      '{"id":0,"output":true,"apower":0,"voltage":229.8,"current":0,"aenergy":{"total":5000}}',
    );
    vi.advanceTimersByTime(2_000);
    h.send(
      'kettle',
      'kettle/events/rpc',
      '{"method":"NotifyStatus","params":{"ts":1,"switch:0":{"id":0,"apower":1830.2}}}',
    );
    expect(h.station.get('kettle')).toMatchObject({
      status: 'in-use',
      online: true,
      values: { on: true, powerW: 1830.2, voltageV: 229.8, currentA: 0, energyKWh: 5 },
    });
    expect(h.readings.map((r) => r.values)).toEqual([
      { on: true, powerW: 0, voltageV: 229.8, currentA: 0, energyKWh: 5 },
      { powerW: 1830.2 },
    ]);
  });

  it('frees an appliance after forSeconds below the threshold with no further reading', () => {
    const h = harness([
      {
        id: 'mw',
        kind: 'appliance',
        source: { format: 'tasmota', topic: 'mw' },
        inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 1 },
      },
    ]);
    h.send('mw', 'tele/mw/SENSOR', '{"ENERGY":{"Power":812.4}}');
    h.send('mw', 'tele/mw/SENSOR', '{"ENERGY":{"Power":0.6}}');
    expect(h.station.get('mw')?.status).toBe('in-use');
    vi.advanceTimersByTime(1_000);
    expect(h.changes.map((c) => [c.state.status, c.urgent])).toEqual([
      ['in-use', true],
      ['in-use', false],
      ['free', true],
    ]);
    h.station.stop();
  });

  it('drops an identical payload repeated within a second, but not after', () => {
    const h = harness([{ id: 'pir', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/pir' } }]);
    const payload = '{"occupancy":true,"battery":97}';
    h.send('pir', 'zigbee2mqtt/pir', payload);
    h.send('pir', 'zigbee2mqtt/pir', payload);
    vi.advanceTimersByTime(300);
    h.send('pir', 'zigbee2mqtt/pir', payload);
    expect(h.readings).toHaveLength(1);
    expect(h.station.duplicates).toBe(2);
    vi.advanceTimersByTime(1_000);
    h.send('pir', 'zigbee2mqtt/pir', payload);
    expect(h.readings).toHaveLength(2);
  });

  it('marks a silent device offline after its expiry and online again when it speaks', () => {
    const h = harness([
      {
        id: 'fridge',
        kind: 'fridge',
        source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/fridge' },
        expireSeconds: 60,
      },
    ]);
    h.station.start();
    h.send('fridge', 'zigbee2mqtt/fridge', '{"temperature":4.2}');
    vi.advanceTimersByTime(60_000);
    expect(h.station.get('fridge')?.online).toBe(true);
    vi.advanceTimersByTime(5_000);
    expect(h.station.get('fridge')).toMatchObject({ online: false, status: 'ok', values: { temperatureC: 4.2 } });
    expect(h.availability).toEqual([
      { device: 'fridge', online: true, at: T0 },
      { device: 'fridge', online: false, at: T0 + 65_000 },
    ]);
    expect(h.changes.at(-1)?.urgent).toBe(true);
    h.send('fridge', 'zigbee2mqtt/fridge', '{"temperature":4.3}');
    expect(h.station.get('fridge')?.online).toBe(true);
    h.station.stop();
  });

  it('marks a device never heard from offline after its expiry from start', () => {
    const h = harness([{ id: 'pir', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/pir' } }]);
    h.station.start();
    vi.advanceTimersByTime(7_200_000 + 5_000);
    expect(h.station.get('pir')).toMatchObject({ online: false, status: 'unknown' });
    h.station.stop();
  });

  it('honours LWT Offline, and an appliance that goes offline ends its session', () => {
    const h = harness([
      {
        id: 'microwave',
        kind: 'appliance',
        source: { format: 'tasmota', topic: 'mw' },
        inUse: { aboveWatts: 50, belowWatts: 10 },
      },
    ]);
    h.send('microwave', 'tele/mw/SENSOR', '{"ENERGY":{"Power":900}}');
    h.send('microwave', 'tele/mw/LWT', 'Offline');
    expect(h.station.get('microwave')).toMatchObject({ online: false, status: 'unknown' });
    expect(h.availability.map((a) => a.online)).toEqual([true, false]);
  });

  it('keeps a flooding device to its budget without touching the others', () => {
    const h = harness([
      {
        id: 'bad',
        kind: 'sensor',
        source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/bad' },
        maxMessagesPerSecond: 5,
      },
      { id: 'good', kind: 'sensor', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/good' } },
    ]);
    for (let i = 0; i < 1_000; i++) {
      h.send('bad', 'zigbee2mqtt/bad', `{"temperature":${i % 100}}`);
      if (i % 100 === 0) h.send('good', 'zigbee2mqtt/good', `{"temperature":${i / 100}}`);
    }
    expect(h.readings.filter((r) => r.device === 'bad')).toHaveLength(10);
    expect(h.readings.filter((r) => r.device === 'good').map((r) => r.values.temperatureC)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(h.metrics.rejectedCount('rate-limited')).toBe(990);
    vi.advanceTimersByTime(1_000);
    h.send('bad', 'zigbee2mqtt/bad', '{"temperature":5}');
    expect(h.readings.filter((r) => r.device === 'bad')).toHaveLength(11);
  });

  it('refuses malformed payloads of every kind: counted by reason, logged once a minute per device, state unchanged', () => {
    const h = harness([{ id: 'plug', kind: 'sensor', source: { format: 'tasmota', topic: 'plug' } }]);
    h.send('plug', 'tele/plug/SENSOR', '{"ENERGY":{"Power":12.5}}');
    const before = h.station.get('plug');
    const bad: [string | Buffer, string][] = [
      ['', 'empty'],
      ['{"ENERGY":{"Power":12', 'not-json'],
      ['{"ENERGY":{"Power":NaN}}', 'not-json'],
      ['{"ENERGY":{"Power":"12"}}', 'schema'],
      ['{"ENERGY":{"Power":1e300}}', 'schema'],
      [Buffer.from([0xc3, 0x28, 0xff]), 'not-utf8'],
      [Buffer.alloc(20_000, 0x20), 'too-large'],
    ];
    for (const [payload] of bad) h.send('plug', 'tele/plug/SENSOR', payload);
    expect(h.rejected.map((r) => r.reason)).toEqual(bad.map(([, reason]) => reason));
    for (const reason of ['empty', 'not-utf8', 'too-large']) expect(h.metrics.rejectedCount(reason as 'empty')).toBe(1);
    expect(h.metrics.rejectedCount('not-json')).toBe(2);
    expect(h.metrics.rejectedCount('schema')).toBe(2);
    expect(h.station.get('plug')).toBe(before);
    expect(h.logLines).toEqual([
      { device: 'plug', topic: 'tele/plug/SENSOR', reason: 'empty', detail: 'empty payload' },
    ]);
    vi.advanceTimersByTime(60_000);
    h.send('plug', 'tele/plug/SENSOR', '[]');
    expect(h.logLines[1]).toEqual({
      device: 'plug',
      topic: 'tele/plug/SENSOR',
      reason: 'schema',
      detail: '(root): Invalid input: expected object, received array',
      suppressed: 6,
    });
  });

  it('adds the door contact of the config as a door device', () => {
    const config = parseAgentConfig({
      station: { id: 's', name: 'S', district: 'D', capacity: 20 },
      door: {
        lock: { format: 'tasmota', topic: 'relay' },
        contact: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/door' },
      },
    });
    expect(stationDeviceConfigs(config).map((d) => [d.id, d.kind, d.source.topic])).toEqual([
      ['door-contact', 'door', 'zigbee2mqtt/door'],
    ]);
  });
});
