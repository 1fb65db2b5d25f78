/**
 * What the office calls a station's device: the label of the station's own config (sent as station.devices),
 * else the words of the service its id names (microwave → 微波炉), else the words of its kind. Never the bare
 * id on a Chinese screen. Browser-safe.
 */
import { type DescribedDevice, type DeviceKind, isServiceId, type Label, SERVICES } from '@yizhan/shared';

const KIND_WORDS: Record<DeviceKind, Label> = {
  appliance: { zh: '电器', en: 'Appliance' },
  fridge: { zh: '冰箱', en: 'Fridge' },
  presence: { zh: '休息区', en: 'Rest area' },
  door: { zh: '门', en: 'Door' },
  'people-counter': { zh: '客流计数器', en: 'People counter' },
  sensor: { zh: '传感器', en: 'Sensor' },
};

const SOME_DEVICE: Label = { zh: '设备', en: 'Device' };

export function deviceLabelOf(devices: readonly DescribedDevice[] | undefined, deviceId: string): Label {
  const described = devices?.find((d) => d.id === deviceId);
  if (described?.label) return described.label;
  if (isServiceId(deviceId)) return SERVICES[deviceId];
  return described ? KIND_WORDS[described.kind] : SOME_DEVICE;
}
