import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../station-agent/src/config.ts';
import { readDeviceMessage } from '../../station-agent/src/devices/adapters/index.ts';
import { seededRandom, simulateDay } from '../src/station-day.ts';

const config = parseAgentConfig({
  station: { id: 's', name: 'S', district: 'D', capacity: 20 },
  devices: [
    {
      id: 'microwave',
      kind: 'appliance',
      source: { format: 'tasmota', topic: 'mw' },
      inUse: { aboveWatts: 50, belowWatts: 10 },
    },
    {
      id: 'kettle',
      kind: 'appliance',
      source: { format: 'shelly-gen2', topic: 'kettle' },
      inUse: { aboveWatts: 100, belowWatts: 10 },
    },
    { id: 'fridge', kind: 'fridge', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/fridge' } },
    { id: 'rest', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/rest' } },
    {
      id: 'entrance',
      kind: 'people-counter',
      source: { format: 'generic-json', topic: 'counter/entrance', fields: { in: '/in', out: '/out' } },
    },
  ],
});
const FROM = Date.parse('2026-11-27T16:00:00Z'); // local midnight in Xuzhou

describe('a simulated station day', () => {
  const day = simulateDay(config.devices, { from: FROM, random: seededRandom(7) });
  const at = (hhmm: string) => FROM + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;

  it('speaks every device format the agent reads, and the agent reads all of it', () => {
    for (const p of day) {
      const device = config.devices.find((d) => p.topic.includes(d.source.topic))!;
      expect(readDeviceMessage(device.source, p.topic, Buffer.from(p.payload)).kind, p.topic).not.toBe('rejected');
    }
  });

  it('has arrival waves at meal times, and the counter never goes backwards', () => {
    const counts = day
      .filter((p) => p.topic === 'counter/entrance')
      .map((p) => ({ at: p.at, ...JSON.parse(p.payload) }));
    const arrivals = (from: string, to: string) => {
      const inWindow = counts.filter((c) => c.at >= at(from) && c.at < at(to));
      return inWindow.length === 0 ? 0 : inWindow.at(-1)!.in - inWindow[0]!.in;
    };
    expect(arrivals('11:30', '13:00')).toBeGreaterThan(3 * arrivals('02:00', '03:30'));
    for (let i = 1; i < counts.length; i++) expect(counts[i]!.in).toBeGreaterThanOrEqual(counts[i - 1]!.in);
  });

  it('leaves the fridge door open in the afternoon and lets a battery sensor die', () => {
    const temps = day
      .filter((p) => p.topic === 'zigbee2mqtt/fridge')
      .map((p) => JSON.parse(p.payload).temperature as number);
    expect(Math.max(...temps)).toBeGreaterThan(8);
    expect(temps.at(-1)).toBeLessThan(6);
    const rest = day.filter((p) => p.topic === 'zigbee2mqtt/rest');
    expect(rest.at(-1)!.at).toBeLessThan(at('16:00'));
    expect(JSON.parse(rest.at(-1)!.payload).battery).toBeLessThan(5);
  });
});
