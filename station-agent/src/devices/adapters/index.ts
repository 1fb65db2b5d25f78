import type { DeviceSource } from '../../config.ts';
import { tasmota } from './tasmota.ts';
import type { DeviceMessage } from './types.ts';
import { zigbee2mqtt } from './zigbee2mqtt.ts';

export type { DeviceMessage, RejectionReason } from './types.ts';

/** The topics to subscribe for a device source. */
export function sourceTopics(source: DeviceSource): string[] {
  switch (source.format) {
    case 'tasmota':
      return tasmota.topics(source);
    case 'zigbee2mqtt':
      return zigbee2mqtt.topics(source);
    default:
      throw new Error(`device format ${source.format} is not supported yet`);
  }
}

export function readDeviceMessage(source: DeviceSource, topic: string, payload: Buffer): DeviceMessage {
  switch (source.format) {
    case 'tasmota':
      return tasmota.read(source, topic, payload);
    case 'zigbee2mqtt':
      return zigbee2mqtt.read(source, topic, payload);
    default:
      throw new Error(`device format ${source.format} is not supported yet`);
  }
}
