import type { DeviceSource } from '../../config.ts';
import { genericJson } from './generic-json.ts';
import { shellyGen2 } from './shelly-gen2.ts';
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
    case 'shelly-gen2':
      return shellyGen2.topics(source);
    case 'generic-json':
      return genericJson.topics(source);
  }
}

/** Topics that say whether the device is online (LWT, availability), a subset of `sourceTopics`. */
export function availabilityTopics(source: DeviceSource): string[] {
  switch (source.format) {
    case 'tasmota':
      return tasmota.availabilityTopics(source);
    case 'zigbee2mqtt':
      return zigbee2mqtt.availabilityTopics(source);
    case 'shelly-gen2':
      return shellyGen2.availabilityTopics(source);
    case 'generic-json':
      return genericJson.availabilityTopics(source);
  }
}

export function readDeviceMessage(source: DeviceSource, topic: string, payload: Buffer): DeviceMessage {
  switch (source.format) {
    case 'tasmota':
      return tasmota.read(source, topic, payload);
    case 'zigbee2mqtt':
      return zigbee2mqtt.read(source, topic, payload);
    case 'shelly-gen2':
      return shellyGen2.read(source, topic, payload);
    case 'generic-json':
      return genericJson.read(source, topic, payload);
  }
}
