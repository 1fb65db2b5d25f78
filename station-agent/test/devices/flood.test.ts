import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FLOOD_FACTOR, StationDevices } from '../../src/devices/station-devices.ts';
import { devicesOf } from './harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-11-28T08:00:00Z'));
});
afterEach(() => vi.useRealTimers());

it('says a device floods once it is ten times over budget within a second, and again only after it was handled', () => {
  const floods: string[] = [];
  const devices = new StationDevices(
    devicesOf([{ id: 'pir', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/pir' } }]),
    {
      changed: () => {},
      reading: () => {},
      sessionEnded: () => {},
      availability: () => {},
      rejected: () => {},
      flooding: (device) => floods.push(device),
    },
    Date.now,
  );
  const send = (n: number) => {
    for (let i = 0; i < n; i++) devices.handle('pir', 'zigbee2mqtt/pir', Buffer.from(`{"occupancy":${i % 2 === 0}}`));
  };
  // The budget is 20 a second with bursts of 40: 40 go through, the rest are drops.
  send(40 + FLOOD_FACTOR * 20 - 1);
  expect(floods).toEqual([]);
  send(1);
  expect(floods).toEqual(['pir']);
  send(1_000);
  expect(floods).toEqual(['pir']);
  // A second later, still flooding but not yet handled: not said again until it is.
  vi.advanceTimersByTime(1_000);
  send(1_000);
  expect(floods).toEqual(['pir']);
  devices.floodHandled('pir');
  send(1_000);
  expect(floods).toEqual(['pir', 'pir']);
  // A device within twice its budget is no flood.
  vi.advanceTimersByTime(60_000);
  devices.floodHandled('pir');
  for (let s = 0; s < 5; s++) {
    send(40);
    vi.advanceTimersByTime(1_000);
  }
  expect(floods).toEqual(['pir', 'pir']);
});
