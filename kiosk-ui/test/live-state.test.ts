import { describe, expect, it } from 'vitest';
import {
  applyLiveMessage,
  emptyLiveState,
  liveUrl,
  parseLiveMessage,
  reconnectDelayMs,
} from '../src/model/live-state.ts';
import { device, snapshot } from './fixtures.ts';

describe('applyLiveMessage', () => {
  it('takes the station and the devices, in order, from a snapshot', () => {
    const state = applyLiveMessage(emptyLiveState, snapshot);
    expect(state.station).toEqual(snapshot.station);
    expect([...state.devices.keys()]).toEqual(['microwave', 'water', 'fridge']);
    expect(state.lastDoor).toBeNull();
  });

  it('replaces the whole device list on a new snapshot', () => {
    const first = applyLiveMessage(emptyLiveState, snapshot);
    const second = applyLiveMessage(first, { ...snapshot, devices: [device('kettle', 'appliance', 'off')] });
    expect([...second.devices.keys()]).toEqual(['kettle']);
  });

  it('merges a device update in place and keeps the order, without touching the previous state', () => {
    const before = applyLiveMessage(emptyLiveState, snapshot);
    const update = device('microwave', 'appliance', 'in-use', { values: { powerW: 812.4 } });
    const after = applyLiveMessage(before, { type: 'device', state: update });
    expect(after.devices.get('microwave')).toEqual(update);
    expect([...after.devices.keys()]).toEqual(['microwave', 'water', 'fridge']);
    expect(before.devices.get('microwave')?.status).toBe('free');
  });

  it('appends a device it has not seen', () => {
    const state = applyLiveMessage(applyLiveMessage(emptyLiveState, snapshot), {
      type: 'device',
      state: device('seats', 'presence', 'clear'),
    });
    expect([...state.devices.keys()]).toEqual(['microwave', 'water', 'fridge', 'seats']);
  });

  it('numbers door results so two equal results are two moments', () => {
    const result = { ok: true, visitId: 'v1', category: 'rider' } as const;
    const once = applyLiveMessage(emptyLiveState, { type: 'door', result });
    const twice = applyLiveMessage(once, { type: 'door', result });
    expect(once.lastDoor).toEqual({ result, seq: 1 });
    expect(twice.lastDoor).toEqual({ result, seq: 2 });
    expect(twice.station).toBeNull();
  });
});

describe('parseLiveMessage', () => {
  it('accepts a message of the contract', () => {
    expect(parseLiveMessage(JSON.stringify(snapshot))).toEqual({ ok: true, message: snapshot });
  });

  it('refuses binary frames, broken JSON and messages outside the contract, saying why', () => {
    expect(parseLiveMessage(new Uint8Array([1]))).toEqual({ ok: false, error: 'not a text frame' });
    expect(parseLiveMessage('{"type":')).toEqual({ ok: false, error: 'not JSON' });
    const wrongReason = parseLiveMessage(JSON.stringify({ type: 'door', result: { ok: false, reason: 'tired' } }));
    expect(wrongReason.ok).toBe(false);
    expect(!wrongReason.ok && wrongReason.error).toMatch(/^result\.reason: /);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from half a second up to ten seconds', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => reconnectDelayMs(attempt, middle))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('spreads retries by ±20 %', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(400);
    expect(reconnectDelayMs(0, () => 1)).toBe(600);
  });
});

describe('liveUrl', () => {
  it('uses the page host, with wss under https', () => {
    expect(liveUrl({ protocol: 'http:', host: '192.168.1.20:8600' })).toBe('ws://192.168.1.20:8600/api/live');
    expect(liveUrl({ protocol: 'https:', host: 'station.local' })).toBe('wss://station.local/api/live');
  });
});

describe('occupancy and content', () => {
  const content = {
    services: ['water'],
    events: [],
    announcements: [],
    replies: [],
    nearby: [],
    timezone: 'Asia/Shanghai',
    display: { idleSeconds: 90 },
  };
  const occupancy = { inside: 7, capacity: 20, updatedAt: '2026-12-21T02:00:00.000Z' };

  it('takes both from the snapshot, then from their own messages', () => {
    const first = applyLiveMessage(emptyLiveState, { ...snapshot, occupancy, content });
    expect([first.occupancy, first.content]).toEqual([occupancy, content]);
    const fuller = applyLiveMessage(first, { type: 'occupancy', occupancy: { ...occupancy, inside: 8 } });
    expect(fuller.occupancy?.inside).toBe(8);
    const changed = applyLiveMessage(fuller, { type: 'content', content: { ...content, services: ['wifi'] } });
    expect(changed.content?.services).toEqual(['wifi']);
  });

  it('forgets occupancy on a snapshot without it, and keeps content a snapshot does not carry', () => {
    const first = applyLiveMessage(emptyLiveState, { ...snapshot, occupancy, content });
    const next = applyLiveMessage(first, snapshot);
    expect(next.occupancy).toBeNull();
    expect(next.content).toEqual(content);
  });

  it('accepts a snapshot with content from the wire', () => {
    const parsed = parseLiveMessage(JSON.stringify({ ...snapshot, occupancy, content }));
    expect(parsed).toEqual({ ok: true, message: { ...snapshot, occupancy, content } });
  });
});
