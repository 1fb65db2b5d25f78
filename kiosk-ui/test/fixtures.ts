import type { DeviceState, LiveMessage } from '@yizhan/shared';

export const device = (
  id: string,
  kind: DeviceState['kind'],
  status: string,
  extra: Partial<DeviceState> = {},
): DeviceState => ({
  device: id,
  kind,
  online: true,
  updatedAt: '2026-11-28T08:00:05.000Z',
  status,
  values: {},
  ...extra,
});

export const snapshot: Extract<LiveMessage, { type: 'snapshot' }> = {
  type: 'snapshot',
  station: { id: 'quanshan-sanbao', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
  devices: [
    device('microwave', 'appliance', 'free', { label: { zh: '微波炉', en: 'Microwave' } }),
    device('water', 'appliance', 'in-use'),
    device('fridge', 'fridge', 'ok', { values: { temperatureC: 4.25 } }),
  ],
};
