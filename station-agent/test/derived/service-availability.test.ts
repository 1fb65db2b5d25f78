import type { DeviceState } from '@yizhan/shared';
import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/config.ts';
import { serviceAvailability } from '../../src/derived/service-availability.ts';

const config = parseAgentConfig({
  station: { id: 's', name: 'S', district: 'D', capacity: 20 },
  devices: [
    {
      id: 'water',
      kind: 'appliance',
      service: 'water',
      source: { format: 'tasmota', topic: 'w' },
      inUse: { aboveWatts: 300, belowWatts: 30 },
    },
    {
      id: 'mw-1',
      kind: 'appliance',
      service: 'microwave',
      source: { format: 'tasmota', topic: 'm1' },
      inUse: { aboveWatts: 50, belowWatts: 10 },
    },
    {
      id: 'mw-2',
      kind: 'appliance',
      service: 'microwave',
      source: { format: 'tasmota', topic: 'm2' },
      inUse: { aboveWatts: 50, belowWatts: 10 },
    },
    { id: 'fridge', kind: 'fridge', service: 'fridge', source: { format: 'zigbee2mqtt', topic: 'z/f' } },
  ],
});

const state = (device: string, s: Partial<DeviceState>): DeviceState => ({
  device,
  kind: 'appliance',
  online: true,
  updatedAt: '2026-11-28T08:00:00.000Z',
  status: 'free',
  values: { powerW: 1 },
  ...s,
});

describe('service availability', () => {
  it('water is unavailable when its plug is off or offline; a service is available when any device is', () => {
    const states: Record<string, DeviceState> = {
      water: state('water', { values: { on: false, powerW: 0 }, status: 'off' }),
      'mw-1': state('mw-1', { online: false }),
      'mw-2': state('mw-2', { status: 'in-use', values: { powerW: 900 } }),
      fridge: state('fridge', { kind: 'fridge', online: null, status: 'unknown', values: {} }),
    };
    expect(serviceAvailability(config.devices, (id) => states[id])).toEqual([
      { service: 'water', status: 'unavailable' },
      { service: 'microwave', status: 'available' },
      { service: 'fridge', status: 'unknown' },
    ]);
    states.water = state('water', { online: false, values: { powerW: 5 } });
    states.fridge = state('fridge', { kind: 'fridge', status: 'too-warm', values: { temperatureC: 12 } });
    expect(serviceAvailability(config.devices, (id) => states[id]).map((s) => s.status)).toEqual([
      'unavailable',
      'available',
      'unavailable',
    ]);
  });
});
