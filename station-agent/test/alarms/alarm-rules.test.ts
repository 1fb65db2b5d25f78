import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceState, Occupancy } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AlarmChange, AlarmRules } from '../../src/alarms/alarm-rules.ts';
import { type AgentConfig, parseAgentConfig } from '../../src/config.ts';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { AlarmStore } from '../../src/store/alarm-store.ts';
import { Outbox } from '../../src/store/outbox.ts';

const T0 = Date.parse('2026-11-28T02:00:00Z'); // 10:00 in Xuzhou

const config = parseAgentConfig({
  station: {
    id: 's',
    name: 'S',
    district: 'D',
    capacity: 20,
    openingHours: { from: '07:00', to: '22:00' },
  },
  devices: [
    {
      id: 'fridge',
      kind: 'fridge',
      source: { format: 'zigbee2mqtt', topic: 'z/fridge' },
      alarm: { aboveCelsius: 8, forMinutes: 10 },
    },
    {
      id: 'water',
      kind: 'appliance',
      service: 'water',
      source: { format: 'tasmota', topic: 'w' },
      inUse: { aboveWatts: 300, belowWatts: 30 },
    },
  ],
  alarms: { clearAfterSeconds: 60 },
});

describe('alarm rules', () => {
  let dir: string;
  let db: Db;
  const states = new Map<string, DeviceState>();
  let occupancy: Occupancy | undefined;
  const changes: AlarmChange[] = [];

  const build = (c: AgentConfig = config) => {
    const outbox = new Outbox(db);
    const rules = new AlarmRules(
      c,
      c.devices,
      { device: (id) => states.get(id), occupancy: () => occupancy },
      new AlarmStore(db, outbox),
      (change) => changes.push(change),
      Date.now,
    );
    return { rules, outbox };
  };
  const set = (device: string, s: Partial<DeviceState>) => {
    states.set(device, {
      device,
      kind: 'fridge',
      online: true,
      updatedAt: new Date().toISOString(),
      status: 'ok',
      values: {},
      ...s,
    });
  };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    dir = mkdtempSync(join(tmpdir(), 'yz-alarms-'));
    db = openStationDatabase(join(dir, 'station.db'));
    states.clear();
    changes.length = 0;
    occupancy = undefined;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    vi.useRealTimers();
  });

  it('raises "fridge too warm" after N minutes, does not flap around the threshold, clears below it', () => {
    const { rules, outbox } = build();
    rules.start();
    // The temperature wobbles around 8 °C: above, below, above, never 10 minutes in a row.
    for (const t of [8.4, 7.9, 8.6, 7.8]) {
      set('fridge', { values: { temperatureC: t } });
      rules.deviceChanged('fridge');
      vi.advanceTimersByTime(4 * 60_000);
    }
    expect(changes).toEqual([]);
    set('fridge', { values: { temperatureC: 9.1 } });
    rules.deviceChanged('fridge');
    vi.advanceTimersByTime(10 * 60_000);
    expect(changes).toHaveLength(1);
    const raised = changes[0]!;
    expect(raised).toMatchObject({
      change: 'raised',
      alarm: { rule: 'fridge-too-warm', device: 'fridge', detail: '9.1 °C, above 8 °C' },
      at: new Date(T0 + 26 * 60_000).toISOString(),
    });
    // Back under 8 but not at or under 7: still open. Then 6.5 °C for a minute clears it.
    set('fridge', { values: { temperatureC: 7.5 } });
    rules.deviceChanged('fridge');
    vi.advanceTimersByTime(5 * 60_000);
    expect(changes).toHaveLength(1);
    set('fridge', { values: { temperatureC: 6.5 } });
    rules.deviceChanged('fridge');
    vi.advanceTimersByTime(30_000);
    set('fridge', { values: { temperatureC: 7.2 } });
    rules.deviceChanged('fridge');
    vi.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(1);
    set('fridge', { values: { temperatureC: 6.4 } });
    rules.deviceChanged('fridge');
    vi.advanceTimersByTime(60_000);
    expect(changes.map((c) => c.change)).toEqual(['raised', 'cleared']);
    expect(rules.open()).toEqual([]);
    const events = outbox.pending(10);
    expect(events.map((e) => [e.type, e.body])).toEqual([
      [
        'alarm.raised',
        {
          alarmId: raised.alarm.alarmId,
          rule: 'fridge-too-warm',
          device: 'fridge',
          detail: '9.1 °C, above 8 °C',
          facts: { temperatureC: 9.1, limitC: 8, minutes: 10 },
        },
      ],
      ['alarm.cleared', { alarmId: raised.alarm.alarmId, rule: 'fridge-too-warm', device: 'fridge' }],
    ]);
    expect(db.prepare('SELECT rule, device, cleared_at FROM alarms').all()).toEqual([
      { rule: 'fridge-too-warm', device: 'fridge', cleared_at: changes[1]!.at },
    ]);
    rules.stop();
  });

  it('keeps an open alarm across a restart and clears it then', () => {
    const first = build();
    first.rules.start();
    set('fridge', { values: { temperatureC: 12 } });
    first.rules.deviceChanged('fridge');
    vi.advanceTimersByTime(10 * 60_000);
    expect(first.rules.open()).toHaveLength(1);
    first.rules.stop();

    const second = build();
    second.rules.start();
    // What was measured went to the hub with the raise; the row taken up again is the alarm itself.
    const { facts, ...kept } = first.rules.open()[0]!;
    expect(facts).toEqual({ temperatureC: 12, limitC: 8, minutes: 10 });
    expect(second.rules.open()).toEqual([kept]);
    set('fridge', { values: { temperatureC: 4 } });
    second.rules.deviceChanged('fridge');
    vi.advanceTimersByTime(60_000);
    expect(second.rules.open()).toEqual([]);
    expect(second.outbox.pending(10).map((e) => e.type)).toEqual(['alarm.raised', 'alarm.cleared']);
    second.rules.stop();
  });

  it('raises "water without power" only during opening hours', () => {
    const { rules } = build();
    rules.start();
    set('water', { kind: 'appliance', values: { on: false } });
    rules.deviceChanged('water');
    vi.advanceTimersByTime(5 * 60_000);
    expect(changes.map((c) => [c.change, c.alarm.rule, c.alarm.detail])).toEqual([
      ['raised', 'water-no-power', 'plug switched off'],
    ]);
    // 22:00 local: closed, so the alarm clears (after its minute) even though the plug is still off.
    vi.setSystemTime(Date.parse('2026-11-28T14:00:00Z'));
    vi.advanceTimersByTime(2 * 60_000);
    expect(changes.map((c) => c.change)).toEqual(['raised', 'cleared']);
    // Off all night: nothing raised.
    vi.advanceTimersByTime(6 * 60 * 60_000);
    expect(changes).toHaveLength(2);
    rules.stop();
  });

  it('raises "device offline" after its minutes, "battery low" at once, "over capacity" after its minutes', () => {
    const { rules } = build();
    rules.start();
    set('fridge', { online: false, values: { batteryPct: 9 } });
    rules.deviceChanged('fridge');
    expect(changes.map((c) => c.alarm.rule)).toEqual(['battery-low']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(changes.map((c) => c.alarm.rule)).toEqual(['battery-low', 'device-offline']);
    occupancy = { inside: 23, capacity: 20, updatedAt: new Date().toISOString() };
    rules.occupancyChanged();
    vi.advanceTimersByTime(5 * 60_000);
    expect(changes.at(-1)).toMatchObject({
      change: 'raised',
      alarm: { rule: 'over-capacity', detail: '23 inside, capacity 20' },
    });
    expect(changes.at(-1)?.alarm.device).toBeUndefined();
    // A battery that reads 16% after a cold night has not been replaced: still low until 20%.
    set('fridge', { online: true, values: { batteryPct: 16 } });
    rules.deviceChanged('fridge');
    vi.advanceTimersByTime(2 * 60_000);
    expect(
      rules
        .open()
        .map((a) => a.rule)
        .sort(),
    ).toEqual(['battery-low', 'over-capacity']);
    rules.stop();
  });

  it('raises door-held-open after the limit, keeps it over a restart, clears it when the door closes', () => {
    const withDoor = parseAgentConfig({
      station: { id: 's', name: 'S', district: 'D', capacity: 20 },
      door: { lock: { format: 'tasmota', topic: 'relay' }, contactDevice: 'front-door', heldOpenSeconds: 60 },
      devices: [
        { id: 'back-door', kind: 'door', source: { format: 'zigbee2mqtt', topic: 'z/back' } },
        { id: 'front-door', kind: 'door', source: { format: 'zigbee2mqtt', topic: 'z/front' } },
      ],
    });
    const rows = (sql: string) => db.prepare(sql).all();
    const first = build(withDoor);
    first.rules.start();
    set('back-door', { kind: 'door', values: { doorOpen: true } });
    first.rules.deviceChanged('back-door');
    set('front-door', { kind: 'door', values: { doorOpen: true } });
    first.rules.deviceChanged('front-door');
    vi.advanceTimersByTime(59_999);
    expect(rows("SELECT type FROM outbox WHERE type LIKE 'alarm.%'")).toEqual([]);
    vi.advanceTimersByTime(1);
    const [alarm] = first.rules.open();
    expect(alarm).toEqual({
      alarmId: expect.any(String),
      rule: 'door-held-open',
      device: 'front-door',
      detail: 'door open for more than 60 s',
      facts: { seconds: 60 },
      raisedAt: new Date(T0 + 60_000).toISOString(),
    });
    expect(rows("SELECT body FROM outbox WHERE type = 'alarm.raised'")).toEqual([
      {
        body: JSON.stringify({
          alarmId: alarm!.alarmId,
          rule: 'door-held-open',
          device: 'front-door',
          detail: 'door open for more than 60 s',
          facts: { seconds: 60 },
        }),
      },
    ]);
    first.rules.stop();

    const second = build(withDoor);
    second.rules.start();
    const { facts: _sent, ...kept } = alarm!;
    expect(second.rules.open()).toEqual([kept]);
    // Closing the door is a fact, not a reading that wobbles: the alarm clears at once.
    set('front-door', { kind: 'door', values: { doorOpen: false } });
    second.rules.deviceChanged('front-door');
    expect(second.rules.open()).toEqual([]);
    expect(rows("SELECT body FROM outbox WHERE type = 'alarm.cleared'")).toEqual([
      { body: JSON.stringify({ alarmId: alarm!.alarmId, rule: 'door-held-open', device: 'front-door' }) },
    ]);
    expect(changes.map((c) => [c.change, c.alarm.rule])).toEqual([
      ['raised', 'door-held-open'],
      ['cleared', 'door-held-open'],
    ]);
    second.rules.stop();
  });
});
